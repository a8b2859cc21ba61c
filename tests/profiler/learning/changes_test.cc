// Tests of profiler/learning/changes: the state a command finds (what changed since its family
// last ran in the project) and how it decides between a build's no-op, incremental and full runs.
#include "profiler/learning/changes.h"

#include <gtest/gtest.h>

#include "profiler/command/file_changes.h"
#include "profiler/learning/history.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

class ChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(scratch_.path() + "/bgprof.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }

  // A finished call, recorded as the hook records it; the clock moves past it.
  void Run(const std::string& command, int64_t ms, const std::string& project = "/p") {
    now_ms_ += ms;
    const Signature signature = SignatureOf(command);
    Sample sample{.at_ms = now_ms_,
                  .session = "s",
                  .project = project,
                  .command = command,
                  .program = signature.program,
                  .family = signature.family,
                  .signature = signature.command,
                  .facts = signature.facts,
                  .duration_ms = ms};
    ASSERT_TRUE(RecordRun(*store_, sample).ok());
    now_ms_ += 1000;
  }

  void Edit(const std::string& path, const std::string& project = "/p") {
    ASSERT_TRUE(
        store_
            ->RecordChange(FileChange{
                .at_ms = now_ms_, .session = "s", .project = project, .path = path, .tool = "Edit"})
            .ok());
    now_ms_ += 1000;
  }

  ChangeState StateOf(const std::string& line, const std::string& project = "/p") {
    const CommandLine analyzed = AnalyzeCommandLine(line);
    absl::StatusOr<ChangeState> state =
        ChangeStateOf(*store_, analyzed, analyzed.dominant, project);
    EXPECT_TRUE(state.ok()) << state.status();
    return state.value_or(ChangeState::kUnknown);
  }

  Estimate Predict(const std::string& line, const std::string& project = "/p") {
    absl::StatusOr<Estimate> estimate =
        PredictCommandLine(*store_, AnalyzeCommandLine(line), project);
    EXPECT_TRUE(estimate.ok()) << estimate.status();
    return estimate.value_or(Estimate{});
  }

  ChangeState LastRecordedState() {
    absl::StatusOr<std::vector<Sample>> samples = store_->SamplesSince(0, "");
    EXPECT_TRUE(samples.ok() && !samples->empty());
    return samples.ok() && !samples->empty() ? samples->back().state : ChangeState::kUnknown;
  }

  testing::ScratchFolder scratch_{"bgprof-changes"};
  std::optional<Store> store_;  // closed before the folder goes
  int64_t now_ms_ = 1'700'000'000'000;
};

TEST_F(ChangesTest, WithoutAnyEditSeenOnlyAFirstRunOrAResetIsKnown) {
  // A family's first run in a project, and a run after a reset, need no edit to be told apart.
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kFresh);
  Run("make -j2", 40000);
  EXPECT_EQ(LastRecordedState(), ChangeState::kFresh);
  // Whether anything changed since cannot be told from bgprof not seeing the edits.
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kUnknown);
  EXPECT_EQ(Predict("make -j2").state, ChangeState::kUnknown);
  Run("make -j2", 300);
  EXPECT_EQ(LastRecordedState(), ChangeState::kUnknown);
  Run("make clean", 300);
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kFresh);
  EXPECT_EQ(StateOf("make clean && make -j2"), ChangeState::kFresh);
}

TEST_F(ChangesTest, EditsBashChangesAndResetsSetTheState) {
  Edit("README.md");
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kFresh);  // never ran here
  Run("make -j2", 40000);
  EXPECT_EQ(LastRecordedState(), ChangeState::kFresh);
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kUnchanged);
  EXPECT_EQ(StateOf("make"), ChangeState::kUnchanged);  // the family ran: `make` is `make -j2`
  Edit("src/a.c", "/other");                            // another project's edit
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kUnchanged);
  Edit("src/a.c");
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kChanged);
  Run("make -j2", 3000);
  EXPECT_EQ(LastRecordedState(), ChangeState::kChanged);
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kUnchanged);
  Run("git stash", 100);  // a Bash command that changes files
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kChanged);
  Run("make -j2", 3000);
  Run("make clean", 300);  // the next build is a full one
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kFresh);
  Run("make -j2", 40000);
  // Within one line: what a part before the build does.
  EXPECT_EQ(StateOf("make -j2"), ChangeState::kUnchanged);
  EXPECT_EQ(StateOf("make clean && make -j2"), ChangeState::kFresh);
  EXPECT_EQ(StateOf("git pull && make -j2"), ChangeState::kChanged);
  EXPECT_EQ(StateOf("make -j2 && git pull"), ChangeState::kUnchanged);
}

TEST_F(ChangesTest, AnEditMakesTheNextBuildSlowAndNoEditKeepsItQuiet) {
  Edit("src/main.c");
  Run("make -j2", 40000);
  Edit("src/main.c");
  Run("make -j2", 40000);
  Edit("src/util.c");
  Run("make -j2", 40000);
  Run("make -j2", 300);  // nothing changed: a no-op

  const Estimate quiet = Predict("make -j2");
  EXPECT_EQ(quiet.state, ChangeState::kUnchanged);
  EXPECT_LT(*quiet.median_ms, 2000);
  EXPECT_EQ(Decide(quiet, Thresholds{}), Decision::kQuiet);
  // The runs are still named as the command's, whatever their state.
  EXPECT_EQ(quiet.source, Source::kCommand);
  EXPECT_EQ(quiet.runs, 4);

  Edit("src/main.c");
  const Estimate slow = Predict("make -j2");
  EXPECT_EQ(slow.state, ChangeState::kChanged);
  EXPECT_GT(*slow.median_ms, 5000);
  EXPECT_EQ(Decide(slow, Thresholds{}), Decision::kSuggest);
}

TEST_F(ChangesTest, AFamilysFirstRunInANewProjectIsNotQuiet) {
  // A build learned at 4 s in a small library and at 70 s in a large program.
  for (const char* project : {"/small", "/large", "/new"}) Edit("README.md", project);
  Run("cmake --build build -j2", 4000, "/small");
  Run("cmake --build build -j2", 70000, "/large");
  const Estimate first = Predict("cmake --build build -j2", "/new");
  EXPECT_EQ(first.state, ChangeState::kFresh);
  EXPECT_NE(Decide(first, Thresholds{}), Decision::kQuiet);
  EXPECT_GT(ProbabilityOver(first, 5000), 0.4);
}

TEST_F(ChangesTest, AFullBuildAfterACleanIsPredictedFromFullBuilds) {
  Edit("README.md");
  for (int cycle = 0; cycle < 2; ++cycle) {
    Run("make -j2", 60000);  // fresh: the first build, then one after a clean
    for (int i = 0; i < 4; ++i) {
      Edit("src/a.c");
      Run("make -j2", 1500);  // incremental
    }
    Run("make clean", 300);
  }
  const Estimate full = Predict("make -j2");
  EXPECT_EQ(full.state, ChangeState::kFresh);
  EXPECT_GT(*full.median_ms, 20000);
  EXPECT_EQ(Decide(full, Thresholds{}), Decision::kSuggest);
  // An edit after a full build is an incremental one.
  Run("make -j2", 60000);
  Edit("src/a.c");
  const Estimate incremental = Predict("make -j2");
  EXPECT_EQ(incremental.state, ChangeState::kChanged);
  EXPECT_LT(*incremental.median_ms, 5000);
  EXPECT_NE(Decide(incremental, Thresholds{}), Decision::kSuggest);
}

TEST(PartsBeforeEach, TellsEachPartWhatThePartsBeforeItDo) {
  const CommandLine line =
      AnalyzeCommandLine("cd web && git pull && echo ok && make clean && make -j2 && make test");
  const std::vector<PartsBefore> before = PartsBeforeEach(line);
  ASSERT_EQ(before.size(), line.parts.size());
  ASSERT_EQ(before.size(), 6u);
  EXPECT_EQ(before[0], PartsBefore{});
  EXPECT_EQ(before[1], PartsBefore{});  // `cd` changes no file
  EXPECT_EQ(before[2], (PartsBefore{.change_files = true}));
  EXPECT_EQ(before[3], (PartsBefore{.change_files = true}));
  EXPECT_EQ(before[4], (PartsBefore{.change_files = true, .reset_build = true}));
  EXPECT_EQ(before[5], (PartsBefore{.change_files = true, .reset_build = true}));
  // As the per-part functions say.
  for (size_t i = 0; i < line.parts.size(); ++i) {
    EXPECT_EQ(before[i].change_files, ChangesFilesBefore(line, i)) << i;
    EXPECT_EQ(before[i].reset_build, ResetsBuildBefore(line, i)) << i;
  }
}

}  // namespace
}  // namespace bgprof
