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

TEST(DurationText, PicksAReadableUnit) {
  EXPECT_EQ(DurationText(450), "450 ms");
  EXPECT_EQ(DurationText(8000), "8.0 s");
  EXPECT_EQ(DurationText(42400), "42 s");
  EXPECT_EQ(DurationText(210000), "3.5 min");
  EXPECT_EQ(DurationText(4320000), "1.2 h");
}

}  // namespace
}  // namespace bgprof
