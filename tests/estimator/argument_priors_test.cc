// Tests of estimator/argument_priors: the priors that a command's facts imply.
#include "estimator/argument_priors.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(ArgumentPriorTest, NoFactsNoPrior) { EXPECT_FALSE(ArgumentPrior(CommandFacts{}).has_value()); }

TEST(ArgumentPriorTest, SleepTakesItsDuration) {
  std::optional<Prior> prior = ArgumentPrior(CommandFacts{.sleep_ms = 60000});
  ASSERT_TRUE(prior.has_value());
  EXPECT_NEAR(prior->median_ms, 60000, 10);
  EXPECT_LT(prior->p90_ms, 62000);
}

TEST(ArgumentPriorTest, HelpIsInstantEvenForASleepOrAServer) {
  std::optional<Prior> prior =
      ArgumentPrior(CommandFacts{.asks_help = true, .sleep_ms = 60000, .never_ends = true});
  ASSERT_TRUE(prior.has_value());
  EXPECT_LT(prior->median_ms, 2000);
}

TEST(ArgumentPriorTest, SelectedTestsTakeSecondsAndServersHours) {
  EXPECT_EQ(ArgumentPrior(CommandFacts{.selects_tests = true})->median_ms, 2000);
  EXPECT_GT(ArgumentPrior(CommandFacts{.never_ends = true})->median_ms, 60000);
}

TEST(ArgumentPriorTest, ATimeoutCapIsNoPriorByItself) {
  EXPECT_FALSE(ArgumentPrior(CommandFacts{.timeout_ms = 60000}).has_value());
}

TEST(RequestedTimeoutPriorTest, OnlyATimeoutAboveTheDefaultSpeaks) {
  EXPECT_FALSE(RequestedTimeoutPrior(std::nullopt).has_value());
  EXPECT_FALSE(RequestedTimeoutPrior(kDefaultToolTimeoutMs).has_value());
  std::optional<Prior> prior = RequestedTimeoutPrior(600000);
  ASSERT_TRUE(prior.has_value());
  EXPECT_GT(prior->median_ms, 5000);
}

}  // namespace
}  // namespace bgprof
