// Tests of profiler/command/command_facts: what a signed command's words say about its runtime.
#include "profiler/command/command_facts.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(CommandFactsTest, SleepTakesItsArgument) {
  EXPECT_EQ(FactsOfCommand("sleep", "sleep", "sleep 60").sleep_ms, 60000);
  EXPECT_EQ(FactsOfCommand("sleep", "sleep", "sleep 1.5").sleep_ms, 1500);
  EXPECT_EQ(FactsOfCommand("sleep", "sleep", "sleep 2m").sleep_ms, 120000);
  EXPECT_FALSE(FactsOfCommand("sleep", "sleep", "sleep $DELAY").sleep_ms.has_value());
  EXPECT_FALSE(FactsOfCommand("sleep", "sleep", "sleep").sleep_ms.has_value());
  // Only `sleep` sleeps.
  EXPECT_FALSE(FactsOfCommand("make", "make 60", "make 60").sleep_ms.has_value());
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

TEST(CommandFactsTest, HelpAndVersionWhateverTheProgram) {
  for (const char* command : {"cargo build --help", "npm --version", "make -h", "terraform -V"}) {
    EXPECT_TRUE(FactsOfCommand("x", "x", command).asks_help) << command;
  }
  EXPECT_FALSE(FactsOfCommand("grep", "grep", "grep --helpful x").asks_help);
  EXPECT_FALSE(FactsOfCommand("x", "x sub", "x sub -V").asks_help);  // -V of a subcommand
}

TEST(CommandFactsTest, NamedTestsFileLinesAndFiltersSelect) {
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
    EXPECT_TRUE(FactsOfCommand(c.program, c.family, c.command).selects_tests) << c.command;
  }
}

TEST(CommandFactsTest, WholeSuitesAndOtherWorkDoNotSelect) {
  auto selects = [](const char* program, const char* family, const char* command) {
    return FactsOfCommand(program, family, command).selects_tests;
  };
  EXPECT_FALSE(selects("pytest", "pytest", "pytest tests"));
  EXPECT_FALSE(selects("go", "go test", "go test ./..."));
  EXPECT_FALSE(selects("mise", "mise run test:integration", "mise run test:integration"));
  EXPECT_FALSE(selects("mix", "mix test", "mix test test/auth_test.exs"));
  // Selector-looking words outside a test run select nothing.
  EXPECT_FALSE(selects("grep", "grep", "grep -k -t ::"));
  EXPECT_FALSE(selects("go", "go build", "go build -run ./cmd"));
  EXPECT_FALSE(selects("docker", "docker run", "docker run -t img:12"));
  // A time of day is no file and line.
  EXPECT_FALSE(selects("npm", "npm test", "npm test -- --since 10:30"));
}

TEST(CommandFactsTest, DevServersAndAttachedComposeNeverEnd) {
  auto never_ends = [](const char* program, const char* family, const char* command) {
    return FactsOfCommand(program, family, command).never_ends;
  };
  EXPECT_TRUE(never_ends("npm", "npm run dev", "npm run dev"));
  EXPECT_TRUE(never_ends("vite", "vite", "vite --port <port>"));
  EXPECT_TRUE(never_ends("rails", "rails server", "rails server -p <port>"));
  EXPECT_TRUE(never_ends("http.server", "http.server", "http.server 8000"));
  EXPECT_TRUE(never_ends("docker", "docker compose up", "docker compose up"));
  EXPECT_FALSE(never_ends("docker", "docker compose up", "docker compose up -d"));
  EXPECT_FALSE(never_ends("vitest", "vitest run", "vitest run"));  // not `vite`
  EXPECT_FALSE(never_ends("npm", "npm run build", "npm run build"));
  EXPECT_FALSE(never_ends("npm", "npm run dev", "npm run dev --help"));
}

}  // namespace
}  // namespace bgprof
