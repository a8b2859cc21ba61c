// Tests of profiler/command/priors: what bgprof assumes about commands it has never seen run.
#include "profiler/command/priors.h"

#include <optional>
#include <string_view>

#include "gtest/gtest.h"

namespace bgprof {
namespace {

double MedianOf(std::string_view family, std::string_view program) {
  std::optional<Prior> prior = PriorFor(family, program);
  return prior.has_value() ? prior->median_ms : -1;
}

TEST(PriorsTest, FamilyBeatsProgram) {
  // "git status" is quick, "make" is a build: the family's prior is used.
  std::optional<Prior> prior = PriorFor("git status", "make");
  ASSERT_TRUE(prior.has_value());
  EXPECT_EQ(prior->median_ms, 300);
  EXPECT_EQ(prior->p90_ms, 2000);
}

TEST(PriorsTest, ProgramIsTheFallbackForAnUnknownFamily) {
  std::optional<Prior> make = PriorFor("make docs", "make");
  ASSERT_TRUE(make.has_value());
  EXPECT_EQ(make->median_ms, 30000);
  std::optional<Prior> ls = PriorFor("ls", "ls");
  ASSERT_TRUE(ls.has_value());
  EXPECT_EQ(ls->median_ms, 50);
}

TEST(PriorsTest, KnownFastCommandsAreUnderTwoSeconds) {
  for (auto [family, program] : {std::pair<std::string_view, std::string_view>{"ls", "ls"},
                                 {"git status", "git"},
                                 {"git diff", "git"},
                                 {"cat", "cat"},
                                 {"grep", "grep"},
                                 {"rg", "rg"}}) {
    EXPECT_GT(MedianOf(family, program), 0) << family;
    EXPECT_LT(MedianOf(family, program), 2000) << family;
  }
}

TEST(PriorsTest, KnownSlowCommandsAreOverFiveSeconds) {
  for (auto [family, program] :
       {std::pair<std::string_view, std::string_view>{"cargo build", "cargo"},
        {"npm install", "npm"},
        {"npm ci", "npm"},
        {"docker build", "docker"},
        {"cargo test", "cargo"},
        {"go test", "go"},
        {"pytest", "pytest"},
        {"mvn package", "mvn"},
        {"cmake --build", "cmake"},
        {"configure", "configure"},
        {"apt-get install", "apt-get"}}) {
    EXPECT_GT(MedianOf(family, program), 5000) << family;
  }
}

TEST(PriorsTest, P90IsNeverBelowTheMedian) {
  for (std::string_view name :
       {"ls", "grep", "git status", "npm install", "cargo build", "cargo test", "make", "gradle"}) {
    std::optional<Prior> prior = PriorFor(name, "");
    ASSERT_TRUE(prior.has_value()) << name;
    EXPECT_GE(prior->p90_ms, prior->median_ms) << name;
  }
}

TEST(PriorsTest, UnknownCommandsHaveNoPrior) {
  EXPECT_EQ(PriorFor("frobnicate run", "frobnicate"), std::nullopt);
  EXPECT_EQ(PriorFor("git", "git"), std::nullopt);  // only git subcommands are known
  EXPECT_EQ(PriorFor("", ""), std::nullopt);
}

TEST(PriorsTest, MatchingIsExact) {
  EXPECT_EQ(PriorFor("LS", "LS"), std::nullopt);
  EXPECT_EQ(PriorFor("cargo build ", "cargo"), std::nullopt);
  EXPECT_EQ(PriorFor("cargo", "cargo"), std::nullopt);
}

}  // namespace
TEST(ParsePriorsTest, TheShippedFileParses) {
  absl::StatusOr<std::vector<PriorRule>> rules = ParsePriors(BuiltInPriorsText());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_GT(rules->size(), 40u);
  for (const PriorRule& rule : *rules) EXPECT_LE(rule.prior.median_ms, rule.prior.p90_ms);
}

TEST(ParsePriorsTest, ReadsNamesOfSeveralWordsUnitsAndComments) {
  absl::StatusOr<std::vector<PriorRule>> rules = ParsePriors(
      "# a comment\n\n  npm run build   1.5min  1h  # trailing comment\nls 50ms 400ms\n"
      "cargo test\t20s\t2min");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].name, "npm run build");
  EXPECT_DOUBLE_EQ((*rules)[0].prior.median_ms, 90000);
  EXPECT_DOUBLE_EQ((*rules)[0].prior.p90_ms, 3600000);
  EXPECT_EQ((*rules)[1].name, "ls");
  EXPECT_DOUBLE_EQ((*rules)[1].prior.median_ms, 50);
  EXPECT_EQ((*rules)[2].name, "cargo test");
  EXPECT_DOUBLE_EQ((*rules)[2].prior.p90_ms, 120000);
}

TEST(ParsePriorsTest, MistakesNameTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ls 50ms", "line 1: want a name, a median and a p90"},
      {"# ok\nls 50 400", "line 2: durations need a unit"},
      {"ls 2s 1s", "line 1: p90 below the median"},
      {"ls 5 parsecs", "line 1: durations need a unit"},
  };
  for (const auto& [text, message] : cases) {
    absl::StatusOr<std::vector<PriorRule>> rules = ParsePriors(text);
    ASSERT_FALSE(rules.ok()) << text;
    EXPECT_NE(std::string(rules.status().message()).find(message), std::string::npos)
        << rules.status().message();
  }
}

}  // namespace bgprof
