// Tests of estimator/estimate: choosing the evidence level and deciding whether to speak up.
#include "estimator/estimate.h"

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include "estimator/run_stats.h"
#include "gtest/gtest.h"
#include "profiler/command/priors.h"

namespace bgprof {
namespace {

Evidence Level(Source level, std::initializer_list<int64_t> durations_ms,
               bool this_project = true) {
  Evidence evidence{.level = level, .this_project = this_project};
  for (int64_t duration : durations_ms) ObserveRun(evidence.stats, duration, 1);
  return evidence;
}

Estimate WithMedian(double median_ms) {
  return Estimate{.median_ms = median_ms, .p90_ms = median_ms * 2, .runs = 3};
}

TEST(EstimateRuntimeTest, ALevelWithEnoughRunsStandsOnItsOwn) {
  ASSERT_EQ(kRunsToStandAlone, 5);
  const std::vector<Evidence> evidence = {
      Level(Source::kCommand, {9000, 9000, 9000, 9000, 9000}),
      Level(Source::kFamily, {1000, 1000, 1000}),
      Level(Source::kProgram, {200, 200, 200, 200}),
  };
  Estimate estimate = EstimateRuntime(evidence, Prior{.median_ms = 50, .p90_ms = 60});
  EXPECT_EQ(estimate.source, Source::kCommand);
  EXPECT_EQ(estimate.runs, 5);
  EXPECT_TRUE(estimate.this_project);
  ASSERT_TRUE(estimate.median_ms.has_value());
  EXPECT_NEAR(*estimate.median_ms, 9000, 1);
  ASSERT_TRUE(estimate.p90_ms.has_value());
  EXPECT_NEAR(*estimate.p90_ms, 9000, 1);
}

TEST(EstimateRuntimeTest, LevelsWithoutRunsAreSkipped) {
  const std::vector<Evidence> evidence = {
      Level(Source::kCommand, {}),
      Level(Source::kFamily, {}),
      Level(Source::kProgram, {4000, 16000}, /*this_project=*/false),
  };
  Estimate estimate = EstimateRuntime(evidence, std::nullopt);
  EXPECT_EQ(estimate.source, Source::kProgram);
  EXPECT_EQ(estimate.runs, 2);
  EXPECT_FALSE(estimate.this_project);
  ASSERT_TRUE(estimate.median_ms.has_value());
  EXPECT_NEAR(*estimate.median_ms, 8000, 1);
  ASSERT_TRUE(estimate.p90_ms.has_value());
  EXPECT_GT(*estimate.p90_ms, 8000);
}

TEST(EstimateRuntimeTest, OneOddRunIsBlendedWithItsWiderLevel) {
  // One 60 s run of a command whose family took 3 s: the run weighs 1 / (1 + kParentWeight).
  ASSERT_DOUBLE_EQ(kParentWeight, 0.5);
  const std::vector<Evidence> evidence = {
      Level(Source::kCommand, {60000}),
      Level(Source::kFamily, {3000, 3000}, /*this_project=*/false),
  };
  Estimate estimate = EstimateRuntime(evidence, std::nullopt);
  EXPECT_EQ(estimate.source, Source::kCommand);
  EXPECT_EQ(estimate.runs, 1);
  ASSERT_TRUE(estimate.median_ms.has_value());
  EXPECT_NEAR(*estimate.median_ms, std::pow(60000.0, 2.0 / 3) * std::pow(3000.0, 1.0 / 3), 1);
  EXPECT_GT(*estimate.p90_ms, *estimate.median_ms);  // the disagreement is spread
}

TEST(EstimateRuntimeTest, AWiderLevelStandingInIsAsSpreadAsSuchLevelsAre) {
  // One 9 s run of another script of the interpreter: a program level standing in for a script
  // never seen. Its spread is drawn halfway (one run against one) to kProgramSpread.
  const std::vector<Evidence> evidence = {
      Level(Source::kCommand, {}),
      Level(Source::kFamily, {}),
      Level(Source::kProgram, {9000}, /*this_project=*/false),
  };
  const Estimate estimate = EstimateRuntime(evidence, std::nullopt);
  EXPECT_EQ(estimate.source, Source::kProgram);
  EXPECT_NEAR(*estimate.median_ms, 9000, 1);
  const double sigma = std::sqrt(kProgramSpread * kProgramSpread / 2);
  EXPECT_NEAR(*estimate.p90_ms, 9000 * std::exp(1.2815515655446004 * sigma), 1);
  EXPECT_EQ(Decide(estimate, Thresholds{}), Decision::kNeutral);

  // The same run asked about at its own level is taken as seen: one run, no spread.
  const Evidence own = Level(Source::kProgram, {9000}, /*this_project=*/false);
  EXPECT_NEAR(*EstimateRuntime(std::span(&own, 1), std::nullopt).p90_ms, 9000, 1);

  // Two runs: the expected spread counts as one run of three.
  const std::vector<Evidence> two = {Level(Source::kCommand, {}),
                                     Level(Source::kFamily, {9000, 9000})};
  EXPECT_NEAR(*EstimateRuntime(two, std::nullopt).p90_ms,
              9000 * std::exp(1.2815515655446004 * std::sqrt(kFamilySpread * kFamilySpread / 3)),
              1);
  // A level with enough runs to stand alone speaks for itself, its spread included.
  const std::vector<Evidence> many = {Level(Source::kCommand, {}),
                                      Level(Source::kFamily, {9000, 9000, 9000, 9000, 9000})};
  EXPECT_NEAR(*EstimateRuntime(many, std::nullopt).p90_ms, 9000, 1);
  EXPECT_EQ(Decide(EstimateRuntime(many, std::nullopt), Thresholds{}), Decision::kSuggest);
}

TEST(EstimateRuntimeTest, TwoRunsWeighFourFifthsAgainstTheirParent) {
  const std::vector<Evidence> evidence = {
      Level(Source::kCommand, {8000, 8000}),
      Level(Source::kFamily, {1000, 1000, 1000, 1000, 1000}),
  };
  Estimate estimate = EstimateRuntime(evidence, std::nullopt);
  EXPECT_NEAR(*estimate.median_ms, std::pow(8000.0, 0.8) * std::pow(1000.0, 0.2), 1);
}

TEST(EstimateRuntimeTest, TheSameRunsAtEveryLevelStayCloseToThem) {
  // Two 8 s runs seen at every level, under a 20 s prior: the prior fades level by level.
  const std::vector<Evidence> evidence = {
      Level(Source::kCommand, {8000, 8000}), Level(Source::kFamily, {8000, 8000}),
      Level(Source::kFamily, {8000, 8000}, false), Level(Source::kProgram, {8000, 8000}, false)};
  const double median =
      *EstimateRuntime(evidence, Prior{.median_ms = 20000, .p90_ms = 120000}).median_ms;
  EXPECT_NEAR(median, 8000 * std::pow(20000.0 / 8000, std::pow(0.2, 4)), 1);  // 8.001 s
}

TEST(EstimateRuntimeTest, ASingleRunOutweighsThePriorTwoToOne) {
  const std::vector<Evidence> evidence = {Level(Source::kCommand, {150})};
  Estimate estimate = EstimateRuntime(evidence, Prior{.median_ms = 30000, .p90_ms = 180000});
  EXPECT_EQ(estimate.source, Source::kCommand);
  ASSERT_TRUE(estimate.median_ms.has_value());
  // weight 1 / (1 + kPriorWeight) = 2/3 on the run
  EXPECT_NEAR(*estimate.median_ms, std::pow(150.0, 2.0 / 3) * std::pow(30000.0, 1.0 / 3), 1);
  EXPECT_LT(*estimate.median_ms, 2000);  // quiet: the measured run wins
}

TEST(EstimateRuntimeTest, PriorIsUsedWithoutAnyRun) {
  const std::vector<Evidence> evidence = {Level(Source::kCommand, {}), Level(Source::kFamily, {})};
  Estimate estimate = EstimateRuntime(evidence, Prior{.median_ms = 30000, .p90_ms = 180000});
  EXPECT_EQ(estimate.source, Source::kPrior);
  EXPECT_EQ(estimate.runs, 0);
  EXPECT_FALSE(estimate.this_project);
  EXPECT_NEAR(*estimate.median_ms, 30000, 0.01);
  EXPECT_NEAR(*estimate.p90_ms, 180000, 0.1);
}

TEST(EstimateRuntimeTest, NothingKnownGivesNoneAndNoMedian) {
  const std::vector<Evidence> evidence = {Level(Source::kCommand, {})};
  for (const Estimate& estimate :
       {EstimateRuntime(evidence, std::nullopt), EstimateRuntime({}, std::nullopt)}) {
    EXPECT_EQ(estimate.source, Source::kNone);
    EXPECT_FALSE(estimate.median_ms.has_value());
    EXPECT_FALSE(estimate.p90_ms.has_value());
    EXPECT_EQ(estimate.runs, 0);
  }
}

TEST(WithCallHintTest, MovesHalfwayInLogSpaceOrStandsAlone) {
  ASSERT_DOUBLE_EQ(kCallHintWeight, 0.5);
  const Prior hint{.median_ms = 30000, .p90_ms = 180000};
  Estimate history{.median_ms = 1200, .p90_ms = 3000, .runs = 4, .source = Source::kFamily};
  Estimate hinted = WithCallHint(history, hint);
  EXPECT_NEAR(*hinted.median_ms, std::sqrt(1200.0 * 30000.0), 0.01);  // 6 s: now suggested
  EXPECT_NEAR(*hinted.p90_ms, std::sqrt(3000.0 * 180000.0), 0.01);
  EXPECT_EQ(hinted.source, Source::kFamily);
  EXPECT_EQ(hinted.runs, 4);

  Estimate alone = WithCallHint(Estimate{}, hint);
  EXPECT_EQ(alone.median_ms, std::optional<double>(30000));
  EXPECT_EQ(alone.source, Source::kPrior);
}

TEST(DecideTest, AboveSuggestThresholdSuggests) {
  const Thresholds thresholds;
  EXPECT_EQ(thresholds.suggest_above_ms, 5000);
  EXPECT_EQ(Decide(WithMedian(5000.001), thresholds), Decision::kSuggest);
  EXPECT_EQ(Decide(WithMedian(48213), thresholds), Decision::kSuggest);
}

TEST(DecideTest, BelowQuietThresholdIsQuiet) {
  const Thresholds thresholds;
  EXPECT_EQ(thresholds.quiet_below_ms, 2000);
  EXPECT_EQ(Decide(WithMedian(1999.999), thresholds), Decision::kQuiet);
  EXPECT_EQ(Decide(WithMedian(37), thresholds), Decision::kQuiet);
  EXPECT_EQ(Decide(WithMedian(0), thresholds), Decision::kQuiet);
}

TEST(ProbabilityOverTest, TheMedianIsEvenOddsAndTheP90OneInTen) {
  const Estimate estimate{.median_ms = 5000, .p90_ms = 10000};
  EXPECT_NEAR(ProbabilityOver(estimate, 5000), 0.5, 1e-9);
  EXPECT_NEAR(ProbabilityOver(estimate, 10000), 0.1, 1e-9);
  EXPECT_NEAR(ProbabilityOver(estimate, 2500), 0.9, 1e-9);  // as far below as the p90 is above
  EXPECT_EQ(ProbabilityOver(Estimate{}, 1), 0);
  EXPECT_EQ(ProbabilityOver(Estimate{.never_ends = true}, 1e12), 1);
  // Without a spread the median is certain.
  EXPECT_EQ(ProbabilityOver(Estimate{.median_ms = 6000}, 5000), 1);
  EXPECT_EQ(ProbabilityOver(Estimate{.median_ms = 6000}, 7000), 0);
}

TEST(DecideTest, SuggestsFromEvenOddsOfASlowRunWithLittleChanceOfAQuickOne) {
  // Runs spread by a factor of two at the p90: a 5.2 s median is over 5 s 53 % of the time, and
  // under 2 s 4 % of the time.
  EXPECT_GT(ProbabilityOver(WithMedian(5200), 5000), kSuggestProbability);
  EXPECT_EQ(Decide(WithMedian(5200), Thresholds{}), Decision::kSuggest);
  // At 4.5 s, 42 %: not enough.
  EXPECT_LT(ProbabilityOver(WithMedian(4500), 5000), kSuggestProbability);
  EXPECT_EQ(Decide(WithMedian(4500), Thresholds{}), Decision::kNeutral);
}

TEST(DecideTest, BetweenTheThresholdsIsNeutral) {
  const Thresholds thresholds;
  // At the quiet threshold a quick run is even odds: quiet; just past it, neutral.
  EXPECT_EQ(Decide(WithMedian(2000), thresholds), Decision::kQuiet);
  EXPECT_EQ(Decide(WithMedian(2001), thresholds), Decision::kNeutral);
  EXPECT_EQ(Decide(WithMedian(3500), thresholds), Decision::kNeutral);
}

TEST(DecideTest, ACommandThatMayWellBeQuickIsNotSuggested) {
  // A 6 s median whose runs spread so wide that one in five would finish within 2 s.
  Estimate spread{.median_ms = 6000, .p90_ms = 30000, .runs = 3, .source = Source::kFamily};
  EXPECT_NEAR(OptimisticMs(spread), 1200, 1e-9);
  EXPECT_GT(1 - ProbabilityOver(spread, 2000), kQuickChanceThatSilences);
  EXPECT_EQ(Decide(spread, Thresholds{}), Decision::kNeutral);
  // The same median, runs that agree: even the quick ones take 3 s.
  Estimate steady{.median_ms = 6000, .p90_ms = 12000, .runs = 3, .source = Source::kFamily};
  EXPECT_NEAR(OptimisticMs(steady), 3000, 1e-9);
  EXPECT_EQ(Decide(steady, Thresholds{}), Decision::kSuggest);
  // Without a spread the median is all there is.
  EXPECT_EQ(OptimisticMs(Estimate{.median_ms = 6000}), 6000);
  EXPECT_EQ(Decide(Estimate{.median_ms = 6000}, Thresholds{}), Decision::kSuggest);
}

TEST(DecideTest, EverySlowBuiltInPriorIsSuggestedOnItsOwn) {
  absl::StatusOr<std::vector<PriorRule>> rules = ParsePriors(BuiltInPriorsText());
  ASSERT_TRUE(rules.ok()) << rules.status();
  int slow = 0;
  for (const PriorRule& rule : *rules) {
    if (rule.prior.median_ms <= 5000) continue;
    ++slow;
    const Estimate estimate = EstimateRuntime({}, rule.prior);
    EXPECT_EQ(Decide(estimate, Thresholds{}), Decision::kSuggest) << rule.name;
  }
  EXPECT_GE(slow, 10);
}

TEST(DecideTest, NoEstimateIsNeutral) {
  EXPECT_EQ(Decide(Estimate{}, Thresholds{}), Decision::kNeutral);
  EXPECT_EQ(Decide(Estimate{}, Thresholds{.suggest_above_ms = 0, .quiet_below_ms = 0}),
            Decision::kNeutral);
}

TEST(DecideTest, CustomThresholdsAreHonoured) {
  const Thresholds thresholds{.suggest_above_ms = 60000, .quiet_below_ms = 10000};
  EXPECT_EQ(Decide(WithMedian(48213), thresholds), Decision::kNeutral);
  EXPECT_EQ(Decide(WithMedian(60001), thresholds), Decision::kSuggest);
  EXPECT_EQ(Decide(WithMedian(9999), thresholds), Decision::kQuiet);
}

TEST(DecideTest, PriorEstimatesAreDecidedLikeMeasuredOnes) {
  const Estimate cargo = EstimateRuntime({}, PriorFor("cargo build", "cargo"));
  EXPECT_EQ(Decide(cargo, Thresholds{}), Decision::kSuggest);
  const Estimate ls = EstimateRuntime({}, PriorFor("ls", "ls"));
  EXPECT_EQ(Decide(ls, Thresholds{}), Decision::kQuiet);
}

TEST(ConfidentlySlowTest, EvenAQuickRunMustPassTheSuggestThreshold) {
  // Suggested (the median is over 5 s, a quick run over 2 s) but a quick run takes 3 s.
  const Estimate steady{.median_ms = 6000, .p90_ms = 12000, .runs = 6, .source = Source::kCommand};
  ASSERT_EQ(Decide(steady, Thresholds{}), Decision::kSuggest);
  EXPECT_FALSE(ConfidentlySlow(steady, Thresholds{}));
  // A quick run takes 40 s.
  const Estimate slow{.median_ms = 60000, .p90_ms = 90000, .runs = 6, .source = Source::kCommand};
  EXPECT_NEAR(OptimisticMs(slow), 40000, 1e-6);
  EXPECT_TRUE(ConfidentlySlow(slow, Thresholds{}));
  EXPECT_FALSE(ConfidentlySlow(slow, Thresholds{.suggest_above_ms = 50000}));
}

TEST(ConfidentlySlowTest, OneRunOrAPriorIsNotEnough) {
  Estimate once{.median_ms = 60000, .p90_ms = 60000, .runs = 1, .source = Source::kFamily};
  EXPECT_FALSE(ConfidentlySlow(once, Thresholds{}));
  once.runs = kRunsToAct;
  EXPECT_TRUE(ConfidentlySlow(once, Thresholds{}));
  const Estimate cargo = EstimateRuntime({}, PriorFor("cargo build", "cargo"));
  ASSERT_EQ(Decide(cargo, Thresholds{}), Decision::kSuggest);
  EXPECT_FALSE(ConfidentlySlow(cargo, Thresholds{}));
  EXPECT_FALSE(ConfidentlySlow(Estimate{}, Thresholds{}));
}

TEST(ConfidentlySlowTest, ACommandThatNeverEndsAlwaysIs) {
  EXPECT_TRUE(ConfidentlySlow(Estimate{.never_ends = true}, Thresholds{}));
}

TEST(NamesTest, SourceNamesAreThePublicJsonStrings) {
  EXPECT_EQ(SourceName(Source::kCommand), "command");
  EXPECT_EQ(SourceName(Source::kFamily), "family");
  EXPECT_EQ(SourceName(Source::kProgram), "program");
  EXPECT_EQ(SourceName(Source::kPrior), "prior");
  EXPECT_EQ(SourceName(Source::kNone), "none");
}

TEST(NamesTest, DecisionNamesAreThePublicJsonStrings) {
  EXPECT_EQ(DecisionName(Decision::kSuggest), "suggest");
  EXPECT_EQ(DecisionName(Decision::kQuiet), "quiet");
  EXPECT_EQ(DecisionName(Decision::kNeutral), "neutral");
}

}  // namespace
}  // namespace bgprof
