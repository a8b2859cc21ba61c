#include "estimator/argument_priors.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(ArgumentPriorTest, SleepTakesItsArgument) {
  std::optional<Prior> prior = ArgumentPrior("sleep", "sleep", "sleep 60");
  ASSERT_TRUE(prior.has_value());
  EXPECT_NEAR(prior->median_ms, 60000, 10);
  EXPECT_NEAR(ArgumentPrior("sleep", "sleep", "sleep 1.5")->median_ms, 1500, 10);
  EXPECT_NEAR(ArgumentPrior("sleep", "sleep", "sleep 2m")->median_ms, 120000, 10);
  EXPECT_FALSE(ArgumentPrior("sleep", "sleep", "sleep $DELAY").has_value());
  EXPECT_FALSE(ArgumentPrior("sleep", "sleep", "sleep").has_value());
}

TEST(ParseGnuDurationMsTest, SecondsByDefaultAndGnuUnits) {
  EXPECT_EQ(ParseGnuDurationMs("60"), 60000);
  EXPECT_EQ(ParseGnuDurationMs("2.5"), 2500);
  EXPECT_EQ(ParseGnuDurationMs("90s"), 90000);
  EXPECT_EQ(ParseGnuDurationMs("5m"), 300000);
  EXPECT_EQ(ParseGnuDurationMs("1h"), 3600000);
  EXPECT_EQ(ParseGnuDurationMs("1d"), 86400000);
  EXPECT_FALSE(ParseGnuDurationMs("5 minutes").has_value());
  EXPECT_FALSE(ParseGnuDurationMs("-1").has_value());
  EXPECT_FALSE(ParseGnuDurationMs("$T").has_value());
}

TEST(ArgumentPriorTest, HelpAndVersionAreInstantWhateverTheProgram) {
  for (const char* command : {"cargo build --help", "npm --version", "make -h", "terraform -V"}) {
    std::optional<Prior> prior = ArgumentPrior("x", "x", command);
    ASSERT_TRUE(prior.has_value()) << command;
    EXPECT_LT(prior->median_ms, 2000) << command;
  }
  EXPECT_FALSE(ArgumentPrior("grep", "grep", "grep --helpful x").has_value());
}

TEST(RequestedTimeoutPriorTest, OnlyATimeoutAboveTheDefaultSpeaks) {
  EXPECT_FALSE(RequestedTimeoutPrior(std::nullopt).has_value());
  EXPECT_FALSE(RequestedTimeoutPrior(kDefaultToolTimeoutMs).has_value());
  std::optional<Prior> prior = RequestedTimeoutPrior(600000);
  ASSERT_TRUE(prior.has_value());
  EXPECT_GT(prior->median_ms, 5000);
}

TEST(NeverEndsTest, DevServersAndAttachedComposeNeverEnd) {
  EXPECT_TRUE(NeverEnds("npm", "npm run dev", "npm run dev"));
  EXPECT_TRUE(NeverEnds("vite", "vite", "vite --port <port>"));
  EXPECT_TRUE(NeverEnds("rails", "rails server", "rails server -p <port>"));
  EXPECT_TRUE(NeverEnds("http.server", "http.server", "http.server 8000"));
  EXPECT_TRUE(NeverEnds("docker", "docker compose up", "docker compose up"));
  EXPECT_FALSE(NeverEnds("docker", "docker compose up", "docker compose up -d"));
  EXPECT_FALSE(NeverEnds("vitest", "vitest run", "vitest run"));  // not `vite`
  EXPECT_FALSE(NeverEnds("npm", "npm run build", "npm run build"));
  EXPECT_FALSE(NeverEnds("npm", "npm run dev", "npm run dev --help"));
  // A server is suggested with a long prior.
  EXPECT_GT(ArgumentPrior("npm", "npm run dev", "npm run dev")->median_ms, 60000);
}

}  // namespace
}  // namespace bgprof
