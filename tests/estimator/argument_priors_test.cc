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

TEST(SelectsTestsTest, NamedTestsFileLinesAndFiltersSelect) {
  struct Case {
    const char* program;
    const char* family;
    const char* command;  // command-level keys as the signer writes them
  };
  for (const Case& c : {
           Case{"pytest", "pytest", "pytest tests/test_api.py::test_login"},
           Case{"pytest", "pytest", "pytest -k login tests"},
           Case{"go", "go test", "go test -run TestLogin ./auth/..."},
           Case{"go", "go test", "go test -run=TestLogin ./auth/..."},
           Case{"mise", "mise run test:integration",
                "mise run test:integration -- -run TestConcurrentSessions"},
           Case{"npm", "npm test", "npm test -- -t login"},
           Case{"jest", "jest", "jest --testNamePattern login"},
           Case{"mix", "mix test", "mix test test/auth_test.exs:42"},
           Case{"rspec", "rspec", "rspec spec/models/user_spec.rb:10"},
       }) {
    EXPECT_TRUE(SelectsTests(c.program, c.family, c.command)) << c.command;
    std::optional<Prior> prior = ArgumentPrior(c.program, c.family, c.command);
    ASSERT_TRUE(prior.has_value()) << c.command;
    EXPECT_EQ(prior->median_ms, 2000) << c.command;
  }
}

TEST(SelectsTestsTest, WholeSuitesAndOtherWorkDoNotSelect) {
  EXPECT_FALSE(SelectsTests("pytest", "pytest", "pytest tests"));
  EXPECT_FALSE(SelectsTests("go", "go test", "go test ./..."));
  EXPECT_FALSE(SelectsTests("mise", "mise run test:integration", "mise run test:integration"));
  EXPECT_FALSE(SelectsTests("mix", "mix test", "mix test test/auth_test.exs"));
  // Selector-looking words outside a test run select nothing.
  EXPECT_FALSE(SelectsTests("grep", "grep", "grep -k -t ::"));
  EXPECT_FALSE(SelectsTests("go", "go build", "go build -run ./cmd"));
  EXPECT_FALSE(SelectsTests("docker", "docker run", "docker run -t img:12"));
  // A time of day is no file and line.
  EXPECT_FALSE(SelectsTests("npm", "npm test", "npm test -- --since 10:30"));
  EXPECT_FALSE(ArgumentPrior("go", "go test", "go test ./...").has_value());
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
