// Tests of profiler/command/command_facts: what a signed command's words say about its runtime.
#include "profiler/command/command_facts.h"

#include <gtest/gtest.h>

#include "profiler/command/signature.h"

namespace bgprof {
namespace {

// The facts of a command line's dominant part, as the signer finds them: real keys, options
// before the family moved after it (`pnpm --filter web test` is "pnpm test --filter web").
CommandFacts FactsOfLine(const char* line) { return SignatureOf(line).facts; }

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
  // What from_chars reads but no integer holds: NaN is none, the rest the longest duration.
  EXPECT_FALSE(ParseGnuDurationMs("nan").has_value());
  EXPECT_FALSE(ParseGnuDurationMs("-inf").has_value());
  EXPECT_EQ(ParseGnuDurationMs("inf"), 10'000'000'000'000);
  EXPECT_EQ(ParseGnuDurationMs("infinity"), 10'000'000'000'000);
  EXPECT_EQ(ParseGnuDurationMs("1e300d"), 10'000'000'000'000);
  EXPECT_EQ(ParseGnuDurationMs("9.3e15"), 10'000'000'000'000);
}

TEST(CommandFactsTest, HelpAndVersionWhateverTheProgram) {
  for (const char* line :
       {"cargo build --help", "npm --version", "pg_dump --help", "terraform -V", "ls --version"}) {
    EXPECT_TRUE(FactsOfLine(line).asks_help) << line;
  }
  EXPECT_FALSE(FactsOfCommand("grep", "grep", "grep --helpful x").asks_help);
  EXPECT_FALSE(FactsOfCommand("x", "x sub", "x sub -V").asks_help);  // -V of a subcommand
}

TEST(CommandFactsTest, DashHAloneOrWhereTheProgramReadsItAsHelp) {
  for (const char* line :
       {"make -h", "npm -h", "docker -h", "./configure -h", "python3 tools/gen.py -h",
        "cargo build --release -h", "kubectl get pods -h", "curl -h all", "go test -h"}) {
    EXPECT_TRUE(FactsOfLine(line).asks_help) << line;
  }
}

TEST(CommandFactsTest, DashHIsAHostOrAFlagElsewhere) {
  for (const char* line :
       {"pg_dump -h localhost mydb", "psql -h db -f migrate.sql", "pg_restore -h db -d app x.dump",
        "mysql -h db app", "redis-cli -h cache ping", "ssh -h", "rsync -h a b",
        "docker run -h web nginx", "grep -h TODO src/a.c src/b.c", "ls -h", "df -h", "du -h",
        "sort -h", "free -h", "kubectl exec pod -- df -h"}) {
    EXPECT_FALSE(FactsOfLine(line).asks_help) << line;
  }
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

TEST(CommandFactsTest, ATestRunGivenAFolderRunsItWhole) {
  EXPECT_TRUE(FactsOfLine("bin/bats test").runs_folder);
  EXPECT_TRUE(FactsOfLine("timeout 300 bin/bats -j 2 test").runs_folder);
  EXPECT_TRUE(FactsOfLine("bats --formatter junit test/").runs_folder);
  EXPECT_TRUE(FactsOfLine("pytest -q tests").runs_folder);
  EXPECT_TRUE(
      FactsOfLine("npx mocha --require test/support/env test/ test/acceptance/").runs_folder);
  // Files, globs and option values are not folders.
  EXPECT_FALSE(FactsOfLine("bin/bats test/run.bats").runs_folder);
  EXPECT_FALSE(FactsOfLine("bats --formatter junit test/run.bats").runs_folder);
  EXPECT_FALSE(FactsOfLine("bats -j 2 test/a.bats test/b.bats").runs_folder);
  EXPECT_FALSE(FactsOfLine("npx mocha --require test/support/env 'test/req.*.js'").runs_folder);
  EXPECT_FALSE(FactsOfLine("pytest -q").runs_folder);
  // Words after `--` are passed on, not operands: a `--` alone is no folder.
  EXPECT_FALSE(FactsOfLine("pytest tests/test_a.py -- extra").runs_folder);
  // Selected tests are learned as such; a filter operand, or no test runner, is no folder.
  EXPECT_FALSE(FactsOfLine("bats -f skip test").runs_folder);
  EXPECT_TRUE(FactsOfLine("bats -f skip test").selects_tests);
  EXPECT_FALSE(FactsOfLine("cargo test parse").runs_folder);
  EXPECT_FALSE(FactsOfLine("make test").runs_folder);
  EXPECT_FALSE(FactsOfLine("ls test").runs_folder);
}

TEST(CommandFactsTest, EachRunnerSelectsWithItsOwnOptions) {
  for (const char* line : {
           // From the shared traces.
           "bin/bats -f name test/x.bats",
           "bin/bats test/bats.bats --filter skip",
           "bin/bats --filter-tags '!no-kcov' test/tagging.bats",
           "ctest --test-dir build -R Node",
           "ctest -R yaml-cpp::test --output-on-failure",
           "./build/test/yaml-cpp-tests --gtest_filter='Node*' --gtest_brief=1 | tail -3",
           "npx mocha test/app.router.js --grep x",
           "npx mocha --require test/support/env test/req.protocol.js --grep 'trust proxy'",
           "npx tap --disable-coverage test/escape.ts --grep=escape",
           "PYTHONPATH=src pytest tests/test_api.py::TestExtendedAPI -q",
           "pytest tests/test_core_tags.py -q -k loop",
           // Each runner's own.
           "python -m pytest -k login",
           "npx jest --testNamePattern=login",
           "npx vitest run src/a.test.ts -t login",
           "go test -run=TestX ./...",
           "mocha -f login test",
           "dotnet test --filter FullyQualifiedName~Login",
           "vendor/bin/phpunit --filter testLogin",
           "bundle exec rspec -e 'logs in'",
           "npx playwright test -g login",
           "bun test -t login",
           "cargo test parse_",
           "cargo t --features x parse_",
           "bundle exec rspec spec/models/user_spec.rb:40",
       }) {
    EXPECT_TRUE(FactsOfLine(line).selects_tests) << line;
  }
}

TEST(CommandFactsTest, AnotherRunnersSelectorOrNoneSelectsNothing) {
  for (const char* line : {
           "pytest -n 4 tests",       // workers
           "npx mocha -R spec test",  // a reporter
           "npx jest -f x",
           "bin/bats -j 2 test",
           "ctest --test-dir build -j2",
           "go test -count=1 ./...",
           "cargo test",
           "cargo test -p core",
           "cargo test --test integration",
           "cargo test -- --nocapture",
           "./build/test/yaml-cpp-tests --gtest_brief=1",
           "dotnet test MyApp.sln",
       }) {
    EXPECT_FALSE(FactsOfLine(line).selects_tests) << line;
  }
}

TEST(CommandFactsTest, PackageScriptsPassOnAnyRunnersSelectorsPastTheFamily) {
  for (const char* line :
       {"npm test -- --grep x", "npm run test -- -t x", "yarn test -t x", "pnpm test -- -k x",
        "pnpm test -- --filter x", "npm t -- -g x", "npm run test:unit -- --testNamePattern=x",
        "mise run test -- -run TestX", "composer test -- --filter testX"}) {
    EXPECT_TRUE(FactsOfLine(line).selects_tests) << line;
  }
}

TEST(CommandFactsTest, PackageManagersAndMakeOwnTheirOptions) {
  for (const char* line : {
           "pnpm --filter web test",  // a workspace package
           "pnpm -F web test", "pnpm test --filter web", "turbo run test --filter web",
           "yarn --cwd web test",
           "make -k test",  // keep going
           "make test -k", "make -k check",
           "npm test -- -R spec",  // mocha's reporter, ctest's regex: not any runner's selector
           "npm test -- -n 4",
           "npm run build -- -t x",  // not a test script
       }) {
    EXPECT_FALSE(FactsOfLine(line).selects_tests) << line;
  }
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

TEST(CommandFactsTest, ServersAreFamiliesAndWhatFollowsThem) {
  for (const char* line : {"npx vite",
                           "vite --host 0.0.0.0",
                           "vite ./web",
                           "vite dev",
                           "vite serve --port 5173",
                           "vite preview",
                           "npx next dev -p 3000",
                           "next",
                           "next start",
                           "npx webpack serve",
                           "python3 -m http.server 8000",
                           "python -m flask run",
                           "flask --app app run --debug",
                           "python manage.py runserver 0.0.0.0:8000",
                           "php artisan serve",
                           "gunicorn app:app",
                           "hugo server -D",
                           "ng serve",
                           "pnpm start",
                           "docker-compose up"}) {
    EXPECT_TRUE(FactsOfLine(line).never_ends) << line;
  }
}

TEST(CommandFactsTest, BuildsOfServerProgramsEnd) {
  for (const char* line : {"vite build",
                           "npx vite build --mode production",
                           "vite optimize",
                           "next build",
                           "npx next lint",
                           "webpack",
                           "webpack --mode production",
                           "python script.py",
                           "python manage.py migrate",
                           "php artisan migrate",
                           "flask routes",
                           "flask",
                           "gunicorn -D app:app",
                           "hugo",
                           "hugo --minify",
                           "ng build",
                           "vite -h",
                           "vite --help",
                           "npm run dev -- --help",
                           "docker compose up --detach",
                           "jekyll serve --detach"}) {
    EXPECT_FALSE(FactsOfLine(line).never_ends) << line;
  }
}

}  // namespace
}  // namespace bgprof
