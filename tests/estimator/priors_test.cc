// Tests of estimator/priors: what bgprof assumes about commands it has never seen run.
#include "estimator/priors.h"

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
        {"mvn package", "mvn"}}) {
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
}  // namespace bgprof
