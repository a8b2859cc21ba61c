// Tests of db/store_learned: forgetting what was learned of some commands, and statistics
// brought from another machine.
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// The suffixes profiler/learning/history gives family keys; the store is told them.
constexpr std::string_view kSuffixes[] = {" <selected>", " <folder>"};

RunStats Runs(int64_t runs, int64_t last_seen_ms = 1700000000000) {
  return RunStats{.runs = runs,
                  .mean_log_ms = std::log(4000.0),
                  .var_log = 0.25,
                  .last_ms = 4000,
                  .last_seen_ms = last_seen_ms,
                  .recent_ms = {3900, 4000}};
}

class StoreLearnedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> opened = Store::Open(scratch_.path() + "/bgprof.db");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_.emplace(*std::move(opened));
  }

  // One run of `command` in `project`, stored and learned at the levels a run is learned at
  // (profiler/learning/history): the command and the family here, in state "changed" and in
  // none, the family everywhere, the program, the project's line.
  void Learn(const std::string& project, const std::string& family, const std::string& command,
             const std::string& family_key = "") {
    Sample sample;
    sample.at_ms = 1700000000000;
    sample.project = project;
    sample.command = command;
    sample.program = family.substr(0, family.find(' '));
    sample.family = family;
    sample.signature = command;
    sample.duration_ms = 4000;
    ASSERT_TRUE(store_->InsertSample(sample).ok());
    const std::string key = family_key.empty() ? family : family_key;
    for (const StatsKey& level : std::vector<StatsKey>{{"command", command, project},
                                                       {"command:changed", command, project},
                                                       {"family", key, project},
                                                       {"family:changed", key, project},
                                                       {"family", key, ""},
                                                       {"family:fresh", key, ""},
                                                       {"program", sample.program, ""},
                                                       {"line", "", project}}) {
      absl::StatusOr<RunStats> stats = store_->LoadStats(level);
      ASSERT_TRUE(stats.ok());
      stats->runs += 1;
      stats->last_seen_ms = sample.at_ms;
      ASSERT_TRUE(store_->SaveStats(level, *stats).ok());
    }
  }

  int64_t RunsOf(const StatsKey& key) {
    absl::StatusOr<RunStats> stats = store_->LoadStats(key);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.ok() ? stats->runs : -1;
  }

  int64_t Samples() {
    absl::StatusOr<int64_t> count = store_->SampleCount();
    EXPECT_TRUE(count.ok()) << count.status();
    return count.ok() ? *count : -1;
  }

  Store::ForgetCounts Forget(std::string_view glob, bool dry_run = false) {
    absl::StatusOr<Store::ForgetCounts> counts = store_->Forget(glob, kSuffixes, dry_run);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : Store::ForgetCounts{.samples = -1};
  }

  Store::ImportCounts Import(const std::vector<Store::ImportedStats>& rows) {
    absl::StatusOr<Store::ImportCounts> counts = store_->ImportStats(rows);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : Store::ImportCounts{.added = -1};
  }

  testing::ScratchFolder scratch_{"bgprof-learned"};
  std::optional<Store> store_;
};

TEST_F(StoreLearnedTest, ForgetDropsAFamilysSamplesAndRowsInEveryProject) {
  Learn("/p/webapp", "npm test", "npm test");
  Learn("/p/webapp", "npm test", "npm test -- --ci");
  Learn("/p/api", "npm test", "npm test");
  Learn("/p/webapp", "npm run lint", "npm run lint");

  const Store::ForgetCounts counts = Forget("npm test");
  EXPECT_EQ(counts.samples, 3);
  EXPECT_THAT(counts.samples_per_family, ElementsAre(Pair("npm test", 3)));
  // Command rows: 2 levels x (npm test here, npm test -- --ci here, npm test in api) = 6;
  // family rows: 2 levels x 2 projects + 2 levels everywhere = 6.
  EXPECT_EQ(counts.stats_rows, 12);
  EXPECT_THAT(counts.programs_kept, ElementsAre("npm"));

  EXPECT_EQ(Samples(), 1);
  EXPECT_EQ(RunsOf({"command", "npm test", "/p/webapp"}), 0);
  EXPECT_EQ(RunsOf({"command:changed", "npm test -- --ci", "/p/webapp"}), 0);
  EXPECT_EQ(RunsOf({"command", "npm test", "/p/api"}), 0);
  EXPECT_EQ(RunsOf({"family:changed", "npm test", "/p/api"}), 0);
  EXPECT_EQ(RunsOf({"family", "npm test", ""}), 0);
  EXPECT_EQ(RunsOf({"family:fresh", "npm test", ""}), 0);
  // The program mixes families, the line every command of a project: they stay.
  EXPECT_EQ(RunsOf({"program", "npm", ""}), 4);
  EXPECT_EQ(RunsOf({"line", "", "/p/webapp"}), 3);
  // Another family of the program stays whole.
  EXPECT_EQ(RunsOf({"command", "npm run lint", "/p/webapp"}), 1);
  EXPECT_EQ(RunsOf({"family", "npm run lint", ""}), 1);
}

TEST_F(StoreLearnedTest, ADryRunCountsTheSameAndChangesNothing) {
  Learn("/p/webapp", "npm test", "npm test");
  Learn("/p/webapp", "make", "make -j4");

  const Store::ForgetCounts dry = Forget("make*", /*dry_run=*/true);
  EXPECT_EQ(dry.samples, 1);
  EXPECT_EQ(dry.stats_rows, 6);
  EXPECT_EQ(Samples(), 2);
  EXPECT_EQ(RunsOf({"command", "make -j4", "/p/webapp"}), 1);
  EXPECT_EQ(RunsOf({"family", "make", ""}), 1);

  const Store::ForgetCounts real = Forget("make*");
  EXPECT_EQ(real.samples, dry.samples);
  EXPECT_EQ(real.stats_rows, dry.stats_rows);
  EXPECT_EQ(real.samples_per_family, dry.samples_per_family);
  EXPECT_EQ(Samples(), 1);
  EXPECT_EQ(RunsOf({"command", "make -j4", "/p/webapp"}), 0);
}

TEST_F(StoreLearnedTest, APatternMatchesWholeKeysAsTheShellDoes) {
  Learn("/p", "make", "make -j4");
  Learn("/p", "cmake --build", "cmake --build build");
  Learn("/p", "npm test", "npm test");

  EXPECT_EQ(Forget("make", true).samples, 1);      // the family "make", not "cmake --build"
  EXPECT_EQ(Forget("mak", true).samples, 0);       // whole keys only
  EXPECT_EQ(Forget("npm", true).samples, 0);       // a program is no family
  EXPECT_EQ(Forget("npm t?st", true).samples, 1);  // ? is one character
  EXPECT_EQ(Forget("*make*", true).samples, 2);    // * crosses spaces
  EXPECT_EQ(Forget("make -j[0-9]", true).samples, 1);
  EXPECT_EQ(Forget("make -j\\*", true).samples, 0);  // an escaped * is a star
  const Store::ForgetCounts nothing = Forget("cargo build");
  EXPECT_EQ(nothing.samples, 0);
  EXPECT_EQ(nothing.stats_rows, 0);
  EXPECT_THAT(nothing.samples_per_family, IsEmpty());
  EXPECT_EQ(Samples(), 3);
}

TEST_F(StoreLearnedTest, AFamilysSuffixedKeysGoWithIt) {
  Learn("/p", "npm test", "npm test");
  Learn("/p", "npm test", "npm test src/a.test.js", "npm test <selected>");
  Learn("/p", "bats", "bats test", "bats <folder>");

  // "npm test" names the family's runs of selected tests too: their samples are its samples.
  const Store::ForgetCounts counts = Forget("npm test");
  EXPECT_EQ(counts.samples, 2);
  EXPECT_EQ(RunsOf({"family", "npm test <selected>", ""}), 0);
  EXPECT_EQ(RunsOf({"family:changed", "npm test <selected>", "/p"}), 0);
  EXPECT_EQ(RunsOf({"command", "npm test src/a.test.js", "/p"}), 0);

  EXPECT_EQ(Forget("bats*").samples, 1);
  EXPECT_EQ(RunsOf({"family", "bats <folder>", ""}), 0);
}

TEST_F(StoreLearnedTest, OneCommandGoesWithoutItsFamily) {
  Learn("/p", "npm test", "npm test");
  Learn("/p", "npm test", "npm test -- --ci");

  const Store::ForgetCounts counts = Forget("npm test -- --ci");
  EXPECT_EQ(counts.samples, 1);
  EXPECT_EQ(counts.stats_rows, 2);  // its command rows: the family holds the other's runs too
  EXPECT_EQ(RunsOf({"command", "npm test -- --ci", "/p"}), 0);
  EXPECT_EQ(RunsOf({"command", "npm test", "/p"}), 1);
  EXPECT_EQ(RunsOf({"family", "npm test", ""}), 2);
}

TEST_F(StoreLearnedTest, ImportedStatisticsAloneAreForgottenToo) {
  Import({{.level = "family", .key = "cargo build", .stats = Runs(9)}});
  const Store::ForgetCounts counts = Forget("cargo *");
  EXPECT_EQ(counts.samples, 0);
  EXPECT_EQ(counts.stats_rows, 1);
  EXPECT_THAT(counts.samples_per_family, ElementsAre(Pair("cargo build", 0)));
  EXPECT_EQ(RunsOf({"family", "cargo build", ""}), 0);
}

TEST_F(StoreLearnedTest, ImportAddsWhatThisMachineNeverRanAndKeepsWhatItDid) {
  Learn("/p", "make", "make");
  const Store::ImportCounts counts = Import({
      {.level = "family", .key = "cargo build", .stats = Runs(9)},
      {.level = "family", .key = "make", .stats = Runs(50)},
      {.level = "program", .key = "cargo", .stats = Runs(12)},
  });
  EXPECT_EQ(counts.added, 2);
  EXPECT_EQ(counts.kept, 1);
  EXPECT_EQ(counts.refreshed, 0);

  absl::StatusOr<RunStats> cargo = store_->LoadStats({"family", "cargo build", ""});
  ASSERT_TRUE(cargo.ok());
  EXPECT_EQ(cargo->runs, 9);
  EXPECT_DOUBLE_EQ(cargo->mean_log_ms, std::log(4000.0));
  EXPECT_EQ(cargo->recent_ms, (std::vector<int64_t>{3900, 4000}));
  EXPECT_EQ(cargo->last_seen_ms, 0);  // never ran here
  EXPECT_EQ(RunsOf({"program", "cargo", ""}), 12);
  EXPECT_EQ(RunsOf({"family", "make", ""}), 1);           // this machine's one run wins
  EXPECT_EQ(RunsOf({"family", "cargo build", "/p"}), 0);  // no project learns anything
}

TEST_F(StoreLearnedTest, ImportingTwiceCountsNothingTwiceAndANewerFileRefreshes) {
  const std::vector<Store::ImportedStats> file = {
      {.level = "family", .key = "cargo build", .stats = Runs(9)}};
  EXPECT_EQ(Import(file).added, 1);
  const Store::ImportCounts again = Import(file);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(RunsOf({"family", "cargo build", ""}), 9);

  const Store::ImportCounts newer =
      Import({{.level = "family", .key = "cargo build", .stats = Runs(11)}});
  EXPECT_EQ(newer.refreshed, 1);
  EXPECT_EQ(RunsOf({"family", "cargo build", ""}), 11);
}

TEST_F(StoreLearnedTest, ARunHereMakesImportedStatisticsThisMachines) {
  Import({{.level = "family", .key = "cargo build", .stats = Runs(9)}});
  absl::StatusOr<RunStats> stats = store_->LoadStats({"family", "cargo build", ""});
  ASSERT_TRUE(stats.ok());
  ObserveRun(*stats, 5000, 1700000000000, /*may_restart=*/false);
  ASSERT_TRUE(store_->SaveStats({"family", "cargo build", ""}, *stats).ok());

  const Store::ImportCounts counts =
      Import({{.level = "family", .key = "cargo build", .stats = Runs(40)}});
  EXPECT_EQ(counts.kept, 1);
  EXPECT_EQ(RunsOf({"family", "cargo build", ""}), 10);
}

}  // namespace
}  // namespace bgprof
