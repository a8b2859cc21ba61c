#include "estimator/compound.h"

#include <vector>

#include <gtest/gtest.h>

namespace bgprof {
namespace {

PartEstimate Part(std::optional<double> median_ms, Joint next = Joint::kThen,
                  std::optional<int64_t> timeout_ms = std::nullopt) {
  PartEstimate part{.next = next, .timeout_ms = timeout_ms};
  if (median_ms.has_value()) {
    part.estimate = Estimate{
        .median_ms = median_ms, .p90_ms = *median_ms * 2, .runs = 1, .source = Source::kFamily};
  }
  return part;
}

TEST(CombinePartsTest, ASequenceAddsUp) {
  const std::vector<PartEstimate> parts = {Part(10000), Part(30000), Part(2000)};
  Estimate combined = CombineParts(parts, 1);
  EXPECT_DOUBLE_EQ(*combined.median_ms, 42000);
  EXPECT_DOUBLE_EQ(*combined.p90_ms, 84000);
  EXPECT_EQ(combined.source, Source::kFamily);
}

TEST(CombinePartsTest, ASequencePaysForStartingTheLineOnce) {
  // On Windows every command line costs about a second to start, and each part's runtime was
  // learned with that second in it: `grep ...; git log ...; ls` takes about 1.3 s, not 3.4 s.
  const std::vector<PartEstimate> parts = {Part(1100), Part(1300), Part(1000)};
  Estimate combined = CombineParts(parts, 1, /*line_start_ms=*/950);
  EXPECT_DOUBLE_EQ(*combined.median_ms, 1300 + 150 + 50);
  EXPECT_DOUBLE_EQ(*combined.p90_ms, 2600 + 1250 + 1050);
  // Real work still adds up: `npm ci && npm test`.
  const std::vector<PartEstimate> build = {Part(30000), Part(20000)};
  EXPECT_DOUBLE_EQ(*CombineParts(build, 0, 950).median_ms, 30000 + 19050);
  // Nothing is taken off a single stage, nor below zero.
  EXPECT_DOUBLE_EQ(*CombineParts(std::vector<PartEstimate>{Part(400)}, 0, 950).median_ms, 400);
  const std::vector<PartEstimate> small = {Part(3000), Part(20)};
  EXPECT_DOUBLE_EQ(*CombineParts(small, 0, 950).median_ms, 3000);
}

TEST(CombinePartsTest, APipelineTakesItsSlowestStage) {
  // make | tail, then echo: max(45 s, 50 ms) + 10 ms
  const std::vector<PartEstimate> parts = {Part(45000, Joint::kPipe), Part(50), Part(10)};
  EXPECT_DOUBLE_EQ(*CombineParts(parts, 0).median_ms, 45010);
}

TEST(CombinePartsTest, ATrailingAmpersandIsInstant) {
  // npm run dev & sleep 5 && curl: the server costs nothing, the rest adds up
  const std::vector<PartEstimate> parts = {Part(1800000, Joint::kBackground), Part(5000),
                                           Part(200)};
  EXPECT_DOUBLE_EQ(*CombineParts(parts, 1).median_ms, 5200);
}

TEST(CombinePartsTest, TimeoutCapsItsPart) {
  const std::vector<PartEstimate> parts = {Part(600000, Joint::kThen, 60000), Part(1000)};
  Estimate combined = CombineParts(parts, 0);
  EXPECT_DOUBLE_EQ(*combined.median_ms, 61000);
  EXPECT_DOUBLE_EQ(*combined.p90_ms, 62000);
}

TEST(CombinePartsTest, UnknownPartsCountAsNothingAndAllUnknownIsUnknown) {
  EXPECT_DOUBLE_EQ(*CombineParts(std::vector{Part(std::nullopt), Part(3000)}, 1).median_ms, 3000);
  EXPECT_FALSE(
      CombineParts(std::vector{Part(std::nullopt), Part(std::nullopt)}, 0).median_ms.has_value());
  EXPECT_FALSE(CombineParts(std::vector<PartEstimate>{}, 0).median_ms.has_value());
}

TEST(CombinePartsTest, NeverEndingPartsMakeTheLineNeverEndUnlessBackgrounded) {
  std::vector<PartEstimate> parts = {Part(1800000), Part(100)};
  parts[0].estimate.never_ends = true;
  EXPECT_TRUE(CombineParts(parts, 0).never_ends);
  parts[0].next = Joint::kBackground;
  EXPECT_FALSE(CombineParts(parts, 1).never_ends);
}

}  // namespace
}  // namespace bgprof
