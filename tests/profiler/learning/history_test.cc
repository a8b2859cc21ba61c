#include "profiler/learning/history.h"

#include <gtest/gtest.h>

#include "db/retention.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(scratch_.path() + "/bgprof.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }

  void Record(const std::string& command, const std::string& project, int64_t ms,
              Outcome outcome = Outcome::kOk, bool timed_by_hooks = false) {
    Signature signature = SignatureOf(command);
    Sample sample{.at_ms = 1000,
                  .project = project,
                  .command = command,
                  .program = signature.program,
                  .family = signature.family,
                  .signature = signature.command,
                  .facts = signature.facts,
                  .duration_ms = ms,
                  .outcome = outcome,
                  .timed_by_hooks = timed_by_hooks};
    ASSERT_TRUE(RecordSample(*store_, sample).ok());
  }

  Estimate Predict(const std::string& command, const std::string& project) {
    absl::StatusOr<Estimate> estimate = PredictRuntime(*store_, SignatureOf(command), project);
    EXPECT_TRUE(estimate.ok()) << estimate.status();
    return *estimate;
  }

  testing::ScratchFolder scratch_{"bgprof-history"};
  std::optional<Store> store_;  // closed before the folder goes
};

TEST_F(HistoryTest, LevelKeysRunFromNarrowToWide) {
  auto levels = LevelKeysOf(SignatureOf("npm test -- --ci"), "/p");
  EXPECT_EQ(levels[0].key.level, "command");
  EXPECT_EQ(levels[0].key.key, "npm test -- --ci");
  EXPECT_EQ(levels[0].key.project, "/p");
  EXPECT_EQ(levels[1].key.key, "npm test");
  EXPECT_EQ(levels[1].key.project, "/p");
  EXPECT_EQ(levels[2].key.key, "npm test");
  EXPECT_EQ(levels[2].key.project, "");
  EXPECT_EQ(levels[3].key.level, "program");
  EXPECT_EQ(levels[3].key.key, "npm");
  EXPECT_EQ(levels.size(), 4u);

  // With a change state, each of the command here, the family here and the family everywhere is
  // narrowed to the runs that found it.
  auto stated = LevelKeysOf(SignatureOf("npm test -- --ci"), "/p", ChangeState::kChanged);
  ASSERT_EQ(stated.size(), 7u);
  EXPECT_EQ(stated[0].key.level, "command:changed");
  EXPECT_TRUE(stated[0].in_state);
  EXPECT_EQ(stated[1].key.level, "command");
  EXPECT_EQ(stated[2].key.level, "family:changed");
  EXPECT_EQ(stated[2].key.project, "/p");
  EXPECT_EQ(stated[4].key.level, "family:changed");
  EXPECT_EQ(stated[4].key.project, "");
  EXPECT_EQ(stated[6].key.level, "program");
  EXPECT_FALSE(stated[6].in_state);
}

TEST_F(HistoryTest, AnInterpretersSlowScriptDoesNotMakeItsOtherScriptsSlow) {
  Record("ruby run_all.rb", "/p", 9000);
  const Estimate other = Predict("ruby bench/one.rb", "/p");
  EXPECT_EQ(other.source, Source::kProgram);
  EXPECT_NE(Decide(other, Thresholds{}), Decision::kSuggest);
  // The script itself, run again, is suggested from its one run.
  EXPECT_EQ(Decide(Predict("ruby run_all.rb", "/p"), Thresholds{}), Decision::kSuggest);
  // Once the other script has run fast, it is quiet.
  Record("ruby bench/one.rb", "/p", 40);
  EXPECT_EQ(Decide(Predict("ruby bench/one.rb", "/p"), Thresholds{}), Decision::kQuiet);
}

TEST_F(HistoryTest, AFolderOfTestsIsLearnedApartFromTestFiles) {
  EXPECT_EQ(LevelKeysOf(SignatureOf("bin/bats -j 2 test"), "/p")[1].key.key, "bats <folder>");
  EXPECT_EQ(LevelKeysOf(SignatureOf("bin/bats test/run.bats"), "/p")[1].key.key, "bats");
  for (int i = 0; i < 6; ++i) Record("bin/bats test/run.bats", "/p", 1500);
  Record("timeout 300 bin/bats test", "/p", 100000);
  // The suite again, with other options: from the suite's run, not the files'.
  const Estimate suite = Predict("bin/bats -j 2 test", "/p");
  EXPECT_EQ(suite.source, Source::kFamily);
  EXPECT_EQ(suite.runs, 1);
  EXPECT_GT(*suite.median_ms, 50000);
  EXPECT_EQ(Decide(suite, Thresholds{}), Decision::kSuggest);
  // A file never run before: from the files' runs, the suite's left out.
  const Estimate file = Predict("bin/bats test/other.bats", "/p");
  EXPECT_EQ(file.runs, 6);
  EXPECT_LT(*file.median_ms, 2000);
  EXPECT_EQ(Decide(file, Thresholds{}), Decision::kQuiet);
}

TEST_F(HistoryTest, SelectedTestsAreLearnedApartFromFullRuns) {
  EXPECT_EQ(LevelKeysOf(SignatureOf("go test -run TestLogin ./auth/..."), "/p")[1].key.key,
            "go test <selected>");
  for (int i = 0; i < 6; ++i) Record("go test ./...", "/a", 60000);
  // A test never run before, in a family whose full runs take a minute: its own prior (2 s).
  Estimate first = Predict("go test -run TestLogin ./auth/...", "/a");
  EXPECT_EQ(first.source, Source::kPrior);
  EXPECT_NEAR(*first.median_ms, 2000, 1);

  for (int i = 0; i < 6; ++i) Record("go test -run TestSignup" + std::to_string(i), "/a", 1500);
  Estimate selected = Predict("go test -run TestLogout ./auth/...", "/a");
  EXPECT_EQ(selected.source, Source::kFamily);
  EXPECT_NEAR(*selected.median_ms, 1500, 1);
  // ...and the full runs are not dragged down by them.
  EXPECT_NEAR(*Predict("go test ./pkg/...", "/a").median_ms, 60000, 1);
}

TEST_F(HistoryTest, ArgumentsThatSetTheRuntimeOutweighOtherCommandsRuns) {
  for (int i = 0; i < 6; ++i) Record("sleep 1", "/a", 1000);
  for (int i = 0; i < 6; ++i) Record("cargo build", "/a", 60000);
  EXPECT_NEAR(*Predict("sleep 60", "/a").median_ms, 60005, 1);
  EXPECT_LT(*Predict("cargo build --help", "/a").median_ms, 100);
  // The command's own runs still count.
  for (int i = 0; i < 6; ++i) Record("cargo build --help", "/a", 900);
  EXPECT_NEAR(*Predict("cargo build --help", "/a").median_ms, 900, 1);
}

TEST_F(HistoryTest, ALineOfSeveralCommandsStartsOnce) {
  // A project where every command line takes at least 900 ms to start (Git Bash on Windows).
  for (int i = 0; i < 6; ++i) {
    Record("grep -rn x src", "/w", 1100);
    Record("git log --oneline", "/w", 1000);
    Record("git status", "/w", 900);
  }
  absl::StatusOr<Estimate> line = PredictCommandLine(
      *store_, AnalyzeCommandLine("grep -rn y src; git log --oneline -5; git status"), "/w");
  ASSERT_TRUE(line.ok()) << line.status();
  // The slowest part whole, the others beyond 900 ms: 1.1 s + 0.1 s + 0, not 3 s.
  EXPECT_NEAR(*line->median_ms, 1100 + 100, 5);
  // Elsewhere, nothing is known of starting a line: the parts add up.
  Record("grep -rn x src", "/v", 1100);
  Record("git status", "/v", 900);
  absl::StatusOr<Estimate> fresh =
      PredictCommandLine(*store_, AnalyzeCommandLine("grep -rn z src; git status"), "/u");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_GT(*fresh->median_ms, 1900);
}

TEST_F(HistoryTest, CompleteRunsTeachEveryLevel) {
  Record("npm test", "/a", 8000);
  Record("npm test", "/a", 8000);
  Estimate here = Predict("npm test", "/a");
  EXPECT_EQ(here.source, Source::kCommand);
  EXPECT_TRUE(here.this_project);
  EXPECT_EQ(here.runs, 2);
  EXPECT_NEAR(*here.median_ms, 8000, 80);  // blended with wider levels: within 1 %

  Estimate elsewhere = Predict("npm test", "/b");
  EXPECT_EQ(elsewhere.source, Source::kFamily);
  EXPECT_FALSE(elsewhere.this_project);
  EXPECT_NEAR(*elsewhere.median_ms, 8000, 400);  // npm's prior of other work pulls a little

  Estimate other_subcommand = Predict("npm ci", "/b");
  EXPECT_EQ(other_subcommand.source, Source::kProgram);
}

TEST_F(HistoryTest, ARunOfNoProjectTeachesTheFamilyEverywhereOnce) {
  // A shell history names no folder: its runs are the family's and the program's everywhere.
  Record("cargo build", "", 30000);
  Record("cargo build", "", 30000);
  EXPECT_EQ(store_->LoadStats({"family", "cargo build", ""})->runs, 2);
  EXPECT_EQ(store_->LoadStats({"command", "cargo build", ""})->runs, 0);
  EXPECT_EQ(store_->LoadStats({"program", "cargo", ""})->runs, 2);
  EXPECT_EQ(Predict("cargo build", "/new").source, Source::kFamily);
}

TEST_F(HistoryTest, AnImportedRunRecordedTwiceTeachesOnce) {
  Signature signature = SignatureOf("make");
  Sample sample{.at_ms = 1000,
                .project = "/a",
                .command = "make",
                .program = signature.program,
                .family = signature.family,
                .signature = signature.command,
                .duration_ms = 40000,
                .source = "atuin",
                .import_key = "0195a2c3"};
  ASSERT_TRUE(RecordSample(*store_, sample).ok());
  ASSERT_TRUE(RecordSample(*store_, sample).ok());
  EXPECT_EQ(store_->LoadStats({"command", "make", "/a"})->runs, 1);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "make", "/a")), 1);
}

TEST_F(HistoryTest, CutShortRunsAreLowerBoundsAndLaunchesTeachNothing) {
  for (int i = 0; i < 3; ++i) Record("make", "/a", 10000);
  EXPECT_NEAR(*Predict("make", "/a").median_ms, 10000, 100);
  Record("make", "/a", 5, Outcome::kBackground);
  Record("make", "/a", 3000, Outcome::kInterrupted);  // at least 3 s: nothing new
  EXPECT_NEAR(*Predict("make", "/a").median_ms, 10000, 100);
  Record("make", "/a", 120000, Outcome::kCensored);  // timed out after 2 min
  const double median = *Predict("make", "/a").median_ms;
  EXPECT_GT(median, 120000);
  EXPECT_LT(median, 200000);
  EXPECT_EQ(*store_->SampleCount(), 6);
}

TEST_F(HistoryTest, ACutShortRunBoundsOnlyItsCommandAndItsFamilyHere) {
  for (int i = 0; i < 10; ++i) Record("npm run lint", "/a", 900);
  Record("npm install", "/a", 60000, Outcome::kInterrupted);  // moved to the background at 60 s
  // Not the program everywhere: another script of npm is no slower for it.
  EXPECT_LT(*Predict("npm run typecheck", "/a").median_ms, 2000);
  EXPECT_LT(*Predict("npm run typecheck", "/b").median_ms, 2000);
  // The command itself, and its family here, learn that it is at least that long (a single run of
  // it is still weighed against npm's quick scripts).
  EXPECT_GT(*Predict("npm install", "/a").median_ms, 40000);
  for (const StatsKey& key :
       {StatsKey{"command", "npm install", "/a"}, StatsKey{"family", "npm install", "/a"}}) {
    EXPECT_EQ(store_->LoadStats(key)->lower_bounds, 1) << key.level;
  }
  // The family everywhere and the program, which mix projects and commands, never saw it.
  for (const StatsKey& key :
       {StatsKey{"family", "npm install", ""}, StatsKey{"program", "npm", ""}}) {
    EXPECT_EQ(store_->LoadStats(key)->lower_bounds, 0) << key.level;
  }
  EXPECT_EQ(store_->LoadStats(StatsKey{"program", "npm", ""})->runs, 10);
}

TEST_F(HistoryTest, RunsTimedByTheHooksCountLessWhenSlowerThanUsual) {
  for (int i = 0; i < 6; ++i) Record("cargo build", "/a", 20000);
  // A run timed from PreToolUse that held a two-minute permission prompt.
  Record("cargo build", "/a", 140000, Outcome::kOk, /*timed_by_hooks=*/true);
  EXPECT_LT(*Predict("cargo build", "/a").median_ms, 30000);
  // The same from a client that measured it moves the prediction much further.
  for (int i = 0; i < 6; ++i) Record("cargo test", "/a", 20000);
  Record("cargo test", "/a", 140000);
  EXPECT_GT(*Predict("cargo test", "/a").median_ms, *Predict("cargo build", "/a").median_ms);
  // A quick hook-timed run is as good as any: it bounds the runtime from above.
  for (int i = 0; i < 6; ++i) Record("cargo check", "/a", 5000, Outcome::kOk, true);
  EXPECT_NEAR(*Predict("cargo check", "/a").median_ms, 5000, 50);
}

TEST_F(HistoryTest, AServerThatEndsOnItsOwnIsNoServer) {
  EXPECT_TRUE(Predict("npm start", "/a").never_ends);
  Record("npm start", "/a", 800);
  EXPECT_TRUE(Predict("npm start", "/a").never_ends);  // once may be a crash
  Record("npm start", "/a", 800);
  const Estimate measured = Predict("npm start", "/a");
  EXPECT_FALSE(measured.never_ends);
  EXPECT_LT(*measured.median_ms, 2000);
  EXPECT_EQ(Decide(measured, Thresholds{}), Decision::kQuiet);
  // Stopped runs are what a server does: they clear nothing.
  Record("npm run dev", "/a", 60000, Outcome::kInterrupted);
  Record("npm run dev", "/a", 90000, Outcome::kInterrupted);
  EXPECT_TRUE(Predict("npm run dev", "/a").never_ends);
}

TEST_F(HistoryTest, PartsAlikeArePredictedOnceAndAtMostSixtyFourDifferentOnes) {
  // 70 different quick commands, the last 8 of which are slow, each between two runs of `slow`.
  auto quick = [](int i) { return "q" + std::to_string(i); };
  for (int run = 0; run < 5; ++run) {  // enough runs for each to stand alone
    Record("slow", "/p", 10000);
    for (int i = 0; i < 70; ++i) Record(quick(i), "/p", i < 62 ? 100 : 60000);
  }
  std::string line;
  for (int i = 0; i < 70; ++i) line += "slow; " + quick(i) + (i + 1 < 70 ? "; " : "");
  absl::StatusOr<Estimate> estimate = PredictCommandLine(*store_, AnalyzeCommandLine(line), "/p");
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  // The 70 runs of `slow` are two parts to predict (the dominant one, which would take the agent's
  // timeout, and the others), so q0 to q61 fill the 64; q62 to q69 count as the quickest part
  // (100 ms), which starting the line (100 ms here) takes: 70 × 10 s less 69 line starts.
  EXPECT_NEAR(*estimate->median_ms, 70 * 10000 - 69 * 100, 0.01 * 70 * 10000);
  // Within the cap, every part counts for itself.
  absl::StatusOr<Estimate> within =
      PredictCommandLine(*store_, AnalyzeCommandLine("slow; q0; q69; q69"), "/p");
  ASSERT_TRUE(within.ok()) << within.status();
  EXPECT_NEAR(*within->median_ms, 10000 + 2 * (60000 - 100), 0.01 * 130000);
}

}  // namespace
}  // namespace bgprof

namespace bgprof {
namespace {

Sample MakeRun(int64_t at_ms, const std::string& tool_use_id) {
  const Signature signature = SignatureOf("cargo build");
  return Sample{.at_ms = at_ms,
                .project = "/p",
                .command = "cargo build",
                .program = signature.program,
                .family = signature.family,
                .signature = signature.command,
                .tool_use_id = tool_use_id,
                .duration_ms = 30'000};
}

TEST_F(HistoryTest, RecordSampleJoinsATransactionTheCallerOpened) {
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(RecordSample(*store_, MakeRun(1000, "toolu_1")).ok());
  EXPECT_TRUE(store_->TransactionOpen());  // not committed by RecordSample
  store_->Rollback();
  EXPECT_EQ(*store_->SampleCount(), 0);
  EXPECT_EQ(store_->LoadStats({"family", "cargo build", "/p"})->runs, 0);

  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(RecordSample(*store_, MakeRun(1000, "toolu_1")).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(*store_->SampleCount(), 1);
  EXPECT_EQ(store_->LoadStats({"family", "cargo build", "/p"})->runs, 1);
}

TEST_F(HistoryTest, RecordingPrunesEveryNthSampleAndKeepsWhatItTaught) {
  const int64_t now_ms = 400 * kMsPerDay;
  for (int64_t i = 1; i < kSamplesPerPruneStep; ++i) {
    ASSERT_TRUE(RecordSample(*store_, MakeRun(i, "toolu_" + std::to_string(i))).ok());
  }
  EXPECT_EQ(*store_->SampleCount(), kSamplesPerPruneStep - 1);
  ASSERT_TRUE(RecordSample(*store_, MakeRun(now_ms, "toolu_now")).ok());
  EXPECT_EQ(*store_->SampleCount(), 1);
  // The samples went; what they taught stays.
  EXPECT_EQ(store_->LoadStats({"family", "cargo build", "/p"})->runs, kSamplesPerPruneStep);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "cargo build", "/p")),
            kSamplesPerPruneStep);
}

}  // namespace
}  // namespace bgprof
