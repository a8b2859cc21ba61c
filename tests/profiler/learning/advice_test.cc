#include "profiler/learning/advice.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "profiler/base/duration_text.h"
#include "profiler/command/signature.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;

TEST(EvidenceText, NamesTheLevelAndTheRuns) {
  Signature signature{"npm", "npm test", "npm test -- --ci"};
  Estimate estimate{.median_ms = 8000,
                    .p90_ms = 9000,
                    .runs = 6,
                    .source = Source::kCommand,
                    .this_project = true};
  EXPECT_EQ(EvidenceText(signature, estimate), "typical of 6 runs of this command in this project");
  estimate.source = Source::kFamily;
  estimate.this_project = false;
  estimate.runs = 1;
  EXPECT_EQ(EvidenceText(signature, estimate), "typical of 1 run of `npm test` across projects");
  estimate.source = Source::kProgram;
  EXPECT_EQ(EvidenceText(signature, estimate),
            "typical of 1 run of `npm` commands across projects");
  estimate.source = Source::kPrior;
  EXPECT_THAT(EvidenceText(signature, estimate), HasSubstr("no runs measured yet"));
}

TEST(EvidenceText, SaysWhenRunsWereOfSelectedTests) {
  const Signature signature = SignatureOf("go test -run TestLogin ./auth/...");
  Estimate estimate{.median_ms = 1500, .runs = 4, .source = Source::kFamily, .this_project = true};
  EXPECT_EQ(EvidenceText(signature, estimate),
            "typical of 4 runs of `go test` on selected tests in this project");
  estimate.source = Source::kPrior;
  EXPECT_EQ(EvidenceText(signature, estimate),
            "bgprof's default for `go test` on selected tests; no runs measured yet");
}

TEST(BackgroundAdvice, StatesTimeBasisAndTheBackgroundOption) {
  Signature signature{"cargo", "cargo build", "cargo build --release"};
  Estimate estimate{.median_ms = 372000,
                    .p90_ms = 400000,
                    .runs = 9,
                    .source = Source::kCommand,
                    .this_project = true};
  const std::string advice = BackgroundAdvice(signature, estimate);
  EXPECT_THAT(advice, HasSubstr("`cargo build`"));
  EXPECT_THAT(advice, HasSubstr("6.2 min"));
  EXPECT_THAT(advice, HasSubstr("9 runs"));
  EXPECT_THAT(advice, HasSubstr("run_in_background: true"));
}

TEST(BackgroundAdvice, NamesTheWholeLineWhenItHasSeveralParts) {
  Signature signature{"make", "make", "make all"};
  Estimate estimate{
      .median_ms = 52000, .runs = 3, .source = Source::kCommand, .this_project = true};
  EXPECT_THAT(BackgroundAdvice(signature, estimate, /*several_parts=*/true),
              HasSubstr("bgprof: this command line (mostly `make`) takes about 52 s here"));
  EXPECT_THAT(BackgroundAdvice(signature, estimate),
              HasSubstr("bgprof: `make` takes about 52 s here"));
}

Estimate Measured(double median_ms, double p90_ms, int64_t runs) {
  return Estimate{.median_ms = median_ms,
                  .p90_ms = p90_ms,
                  .runs = runs,
                  .source = Source::kCommand,
                  .this_project = true};
}

TEST(UsualDurationText, AMiddleRangeWhenRunsSpreadElseOneValue) {
  EXPECT_EQ(UsualDurationText(Measured(48000, 48000, 3)), "about 48 s");
  // Quartiles of the fitted log-normal: median * (p90/median)^(+-0.674/1.2816).
  EXPECT_EQ(UsualDurationText(Measured(180000, 300000, 12)), "2.3 min to 3.9 min");
  EXPECT_EQ(UsualDurationText(Measured(8000, 8010, 3)), "about 8.0 s");  // same text both ends
  EXPECT_EQ(UsualDurationText(Estimate{}), "about 0 ms");
}

TEST(ModeTexts, EachSaysWhatHappenedAndWhatComesNext) {
  const Signature signature = SignatureOf("npm test -- --ci");
  const Estimate estimate = Measured(48000, 60000, 12);
  EXPECT_EQ(SlowCallNotice(signature, estimate),
            "bgprof: `npm test` usually takes 48 s here; it could run in the background.");
  const std::string moved = MovedContext(signature, estimate);
  EXPECT_THAT(moved, HasSubstr("bgprof moved this call to the background"));
  EXPECT_THAT(moved, HasSubstr("`npm test` takes about 48 s here (typical of 12 runs"));
  EXPECT_THAT(moved, HasSubstr("A notification arrives when it ends"));
  EXPECT_THAT(moved, HasSubstr("running it again would start a second copy"));
  EXPECT_EQ(MovedNotice(signature, estimate),
            "bgprof: moved `npm test` to the background (usually 48 s here).");
  const std::string reason = DenyReason(signature, estimate);
  EXPECT_THAT(reason, HasSubstr("It did not run"));
  EXPECT_THAT(reason, HasSubstr("run_in_background: true"));
  EXPECT_THAT(reason, HasSubstr("within 10 minutes runs as it is"));
  EXPECT_EQ(DeniedNotice(signature, estimate),
            "bgprof: asked the agent to run `npm test` in the background (usually 48 s here).");
  Estimate server = estimate;
  server.never_ends = true;
  EXPECT_THAT(MovedContext(signature, server), HasSubstr("runs until it is stopped"));
  EXPECT_THAT(MovedNotice(signature, server), HasSubstr("runs until stopped"));
}

TEST(ModeTexts, ADefaultIsNotSaidToBeMeasuredHere) {
  const Signature signature = SignatureOf("cargo build");
  const Estimate prior{.median_ms = 60000, .p90_ms = 240000, .source = Source::kPrior};
  EXPECT_THAT(BackgroundAdvice(signature, prior),
              HasSubstr("`cargo build` takes about 60 s (bgprof's default for `cargo build`"));
  EXPECT_EQ(SlowCallNotice(signature, prior),
            "bgprof: `cargo build` usually takes 60 s; it could run in the background.");
  EXPECT_EQ(MovedNotice(signature, prior),
            "bgprof: moved `cargo build` to the background (usually 60 s).");
}

TEST(TaskTexts, LaunchAndPollEtas) {
  const Signature signature = SignatureOf("npm run e2e");
  EXPECT_EQ(LaunchEta(signature, Measured(180000, 180000, 5)),
            "bgprof: `npm run e2e` usually takes about 3.0 min (typical of 5 runs of this "
            "command in this project). A notification arrives when it ends; reading its output "
            "before then shows a partial result.");
  const Estimate expected = Measured(180000, 240000, 5);
  EXPECT_EQ(PollEta("npm run e2e", 60000, expected),
            "bgprof: `npm run e2e` has run 60 s; it usually takes 3.0 min here (5 runs), so "
            "about 2.0 min more. A notification arrives when it ends.");
  EXPECT_THAT(PollEta("npm run e2e", 200000, expected), HasSubstr("most runs end within 4.0 min"));
  EXPECT_EQ(PollEta("npm run e2e", 240000, expected), "");
  EXPECT_EQ(PollEta("npm run e2e", 1000, Estimate{}), "");
}

TEST(SessionTexts, SlowFamiliesAreListedWithTheirTimes) {
  const std::vector<FamilyEstimate> families = {{"cargo test", Measured(40000, 40000, 6)},
                                                {"cargo build", Measured(90000, 90000, 2)},
                                                {"cargo bench", Measured(300000, 300000, 1)}};
  EXPECT_EQ(KnownSlowContext(families),
            "bgprof measured these slow commands in this project: `cargo test` (about 40 s, 6 "
            "runs), `cargo build` (about 90 s, 2 runs) and `cargo bench` (about 5.0 min, 1 run). "
            "Starting such a command with the Bash tool's run_in_background: true keeps the "
            "session free for other work, and a notification arrives when it ends.");
  EXPECT_EQ(KnownSlowContext({}), "");
  EXPECT_THAT(PromptContext(std::span(families).first(1)),
              HasSubstr("in this project `cargo test` (about 40 s, 6 runs) is slow."));
  EXPECT_EQ(PromptContext({}), "");
}

TEST(SiblingTexts, IndependentAndDependentCalls) {
  const std::vector<FamilyEstimate> calls = {{"npm install", Measured(30000, 30000, 3)},
                                             {"npm test", Measured(40000, 40000, 3)}};
  EXPECT_THAT(IndependentCallsContext(calls, 75000),
              HasSubstr("run one after another, about 75 s in all"));
  EXPECT_THAT(DependentCallsContext(calls, "npm install && npm test"),
              HasSubstr("(`npm install && npm test` with run_in_background: true)"));
}

TEST(SlowRunNote, NamesTheMeasuredTime) {
  EXPECT_EQ(SlowRunNote("make", 48213),
            "bgprof: this call (`make`) ran 48 s in the foreground, which bgprof had not "
            "foreseen. Commands like it can be started with run_in_background: true so the "
            "session keeps working; a notification arrives when they end.");
}

TEST(DurationText, PicksAReadableUnit) {
  EXPECT_EQ(DurationText(450), "450 ms");
  EXPECT_EQ(DurationText(8000), "8.0 s");
  EXPECT_EQ(DurationText(42400), "42 s");
  EXPECT_EQ(DurationText(210000), "3.5 min");
  EXPECT_EQ(DurationText(4320000), "1.2 h");
}

}  // namespace
}  // namespace bgprof
