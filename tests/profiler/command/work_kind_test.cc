// Tests of profiler/command/work_kind: the kind of work a command does, which Bash calls issued
// together must wait for which, and the kinds a user's prompt names.
#include "profiler/command/work_kind.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "profiler/command/signature.h"

namespace bgprof {
namespace {

WorkKind KindOf(const std::string& line) { return WorkKindOf(SignatureOf(line)); }

WorkKinds KindsOf(std::initializer_list<WorkKind> list) {
  WorkKinds kinds;
  for (WorkKind kind : list) kinds.Add(kind);
  return kinds;
}

// Every line of `lines` is of `kind`; the failure names the line and the kind it was given.
void ExpectKind(WorkKind kind, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    EXPECT_EQ(WorkKindName(KindOf(line)), WorkKindName(kind)) << line;
  }
}

bool Waits(const std::string& earlier, const std::string& later) {
  return MustWaitFor(AnalyzeCommandLine(earlier), AnalyzeCommandLine(later));
}

TEST(WorkKindNameTest, NamesEveryKind) {
  EXPECT_EQ(WorkKindName(WorkKind::kOther), "other");
  EXPECT_EQ(WorkKindName(WorkKind::kInstall), "install");
  EXPECT_EQ(WorkKindName(WorkKind::kBuild), "build");
  EXPECT_EQ(WorkKindName(WorkKind::kTest), "test");
  EXPECT_EQ(WorkKindName(WorkKind::kLint), "lint");
  EXPECT_EQ(WorkKindName(WorkKind::kTypeCheck), "type check");
  EXPECT_EQ(WorkKindName(WorkKind::kDeploy), "deploy");
}

TEST(WorkKindsTest, IsASetOfKinds) {
  WorkKinds kinds;
  EXPECT_TRUE(kinds.empty());
  kinds.Add(WorkKind::kTest);
  kinds.Add(WorkKind::kTest);
  EXPECT_FALSE(kinds.empty());
  EXPECT_TRUE(kinds.Has(WorkKind::kTest));
  EXPECT_FALSE(kinds.Has(WorkKind::kBuild));
  EXPECT_FALSE(kinds.Has(WorkKind::kOther));
  EXPECT_TRUE(kinds.Intersects(KindsOf({WorkKind::kBuild, WorkKind::kTest})));
  EXPECT_FALSE(kinds.Intersects(KindsOf({WorkKind::kBuild, WorkKind::kLint})));
  EXPECT_FALSE(kinds.Intersects(WorkKinds()));
  kinds.Add(KindsOf({WorkKind::kDeploy}));
  EXPECT_EQ(kinds, KindsOf({WorkKind::kDeploy, WorkKind::kTest}));
  EXPECT_EQ(WorkKindsText(kinds), "test, deploy");
  EXPECT_EQ(WorkKindsText(WorkKinds()), "");
}

TEST(WorkKindOfTest, InstallsFetchWhatOthersUse) {
  ExpectKind(WorkKind::kInstall,
             {"npm ci", "npm install", "npm i express", "yarn", "pnpm install --frozen-lockfile",
              "pip install -e .", "pip3 install -r requirements.txt", "uv sync", "uv pip install x",
              "go mod download", "apt-get install -y autoconf automake libtool flex bison",
              "sudo apt install -y jq", "bundle install", "cargo fetch", "docker pull postgres:16",
              "make install", "brew install jq", "git submodule update --init && npm ci"});
}

TEST(WorkKindOfTest, BuildsMakeOutputs) {
  ExpectKind(
      WorkKind::kBuild,
      {"make", "make -j2 2>&1 | tail -20", "cargo build --release", "docker build -t app .",
       "docker compose build", "./configure --with-oniguruma=builtin", "autoreconf -i",
       "cmake --build build -j2 --target yaml-cpp-tests", "cmake -S . -B build", "npm run build",
       "go build ./...", "gradle build", "./build.sh", "make clean", "npm run build:types"});
}

TEST(WorkKindOfTest, TestRunsBySubcommandTargetScriptOrTool) {
  ExpectKind(WorkKind::kTest,
             {"npm test", "npm run test:unit", "cargo test", "make check -j2 2>&1 | tail -12",
              "make test", "go test ./...", "PYTHONPATH=src pytest -q", "python -m pytest tests",
              "bin/bats test/run.bats", "npx mocha --require test/support/env test/res.json.js",
              "npx tap --disable-coverage test/ignore.ts", "cd build && ctest --output-on-failure",
              "./tests/jqtest", "./build/test/yaml-cpp-tests --gtest_filter='EmitterTest.*'",
              "./gradlew test", "python run_tests.py"});
}

TEST(WorkKindOfTest, LintersByNameOrScript) {
  ExpectKind(WorkKind::kLint,
             {"ruff check .", "ruff format --check .", "npm run lint", "npx eslint src",
              "golangci-lint run", "cargo clippy -- -D warnings", "go vet ./...", "./shellcheck.sh",
              "npx prettier --check .", "shellcheck scripts/*.sh", "clang-format -i src/a.c"});
}

TEST(WorkKindOfTest, TypeCheckers) {
  ExpectKind(WorkKind::kTypeCheck,
             {"mypy src", "tsc --noEmit", "npx tsc --noEmit", "tsc", "cargo check",
              "npm run typecheck", "npm run type-check", "pnpm run check:types", "pyright"});
}

TEST(WorkKindOfTest, Deploys) {
  ExpectKind(WorkKind::kDeploy,
             {"vercel deploy --prod", "npm publish", "cargo publish", "npm run deploy",
              "make deploy-prod", "terraform apply -auto-approve", "twine upload dist/*",
              "npx semantic-release", "./deploy.sh staging"});
}

TEST(WorkKindOfTest, CheckMeansWhatItsToolMeans) {
  EXPECT_EQ(KindOf("make check"), WorkKind::kTest);  // the GNU convention
  EXPECT_EQ(KindOf("cargo check"), WorkKind::kTypeCheck);
  EXPECT_EQ(KindOf("ruff check src"), WorkKind::kLint);
  EXPECT_EQ(KindOf("npm run check"), WorkKind::kOther);
}

TEST(WorkKindOfTest, FamilyWordsOutrankTheProgram) {
  EXPECT_EQ(KindOf("make"), WorkKind::kBuild);
  EXPECT_EQ(KindOf("make lint"), WorkKind::kLint);
  EXPECT_EQ(KindOf("make install"), WorkKind::kInstall);
  EXPECT_EQ(KindOf("make -C build test"), WorkKind::kTest);
}

TEST(WorkKindOfTest, ArgumentsNameNoWork) {
  ExpectKind(WorkKind::kOther, {"ls", "ls test", "mkdir -p build", "rm -rf build",
                                "cat tests/jqtest", "grep -rn test src", "echo test",
                                "jq . package.json", "./jq --run-tests tests/jq.test"});
}

TEST(WorkKindOfTest, OtherWorkIsOther) {
  // `test -f` is the shell's; a verb inside a longer program name (`lsb_release`) is no verb.
  ExpectKind(WorkKind::kOther,
             {"test -f Makefile", "npx create-next-app@latest", "npm run dev", "kubectl logs web",
              "python manage.py runserver", "lsb_release -a", "update-alternatives --list java"});
}

TEST(WorkKindOfTest, VersionControlAndHostingMoveFiles) {
  ExpectKind(WorkKind::kOther, {"git status", "git log --grep test", "git fetch origin", "git pull",
                                "git add -A", "git submodule update --init",
                                "gh release view v1.2.0", "aws s3 sync dist s3://bucket"});
}

TEST(WorkKindsOfTest, EveryWorkingPartSetupSkipped) {
  EXPECT_EQ(WorkKindsOf(AnalyzeCommandLine("npm ci && npm test")),
            KindsOf({WorkKind::kInstall, WorkKind::kTest}));
  EXPECT_EQ(WorkKindsOf(AnalyzeCommandLine("cd web && export CI=1 && npm test")),
            KindsOf({WorkKind::kTest}));
  EXPECT_EQ(WorkKindsOf(AnalyzeCommandLine("ls -la")), KindsOf({WorkKind::kOther}));
  EXPECT_EQ(WorkKindsOf(AnalyzeCommandLine("make -j2 2>&1 | tail -5")),
            KindsOf({WorkKind::kBuild, WorkKind::kOther}));
  EXPECT_TRUE(WorkKindsOf(AnalyzeCommandLine("cd web")).empty());
  EXPECT_TRUE(WorkKindsOf(AnalyzeCommandLine("")).empty());
}

TEST(MustWaitForTest, WhatFollowsAnInstallWaitsForIt) {
  EXPECT_TRUE(Waits("npm ci", "npm test"));
  EXPECT_TRUE(Waits("npm install", "npm run lint"));
  EXPECT_TRUE(Waits("pip install -e .", "PYTHONPATH=src pytest -q"));
  EXPECT_TRUE(Waits("apt-get install -y libonig-dev", "./configure --with-oniguruma=yes"));
  EXPECT_TRUE(Waits("cd web && npm ci", "cd web && npm test"));
  EXPECT_TRUE(Waits("cd web/ && npm ci", "cd web && npm test"));
  // The order matters: an install does not wait for the tests issued before it.
  EXPECT_FALSE(Waits("npm test", "npm ci"));
}

TEST(MustWaitForTest, AnInstallElsewhereIsNoReasonToWait) {
  EXPECT_FALSE(Waits("npm ci", "cd web && npm test"));
  EXPECT_FALSE(Waits("cd api && npm ci", "cd web && npm test"));
}

TEST(MustWaitForTest, BuildsShareOutputsWithBuildsTestsAndDeploys) {
  EXPECT_TRUE(Waits("make -j2", "make check -j2"));
  EXPECT_TRUE(Waits("npm run build", "npm run build"));
  EXPECT_TRUE(Waits("npm run build", "vercel deploy --prod"));
  EXPECT_TRUE(Waits("make clean", "make -j2 2>&1 | tail -5"));
  // `cmake --build build` names the folder `ctest` then runs in.
  EXPECT_TRUE(Waits("cmake --build build -j2", "cd build && ctest"));
  EXPECT_FALSE(Waits("npm run build", "npm run lint"));
  EXPECT_FALSE(Waits("cargo build", "git status"));
  EXPECT_FALSE(Waits("cd api && cargo build", "cd web && npm test"));
}

TEST(MustWaitForTest, TestsLintsAndUnrelatedCommandsRunTogether) {
  EXPECT_FALSE(Waits("npm test", "npm run lint"));
  EXPECT_FALSE(Waits("npm run lint", "npm test"));
  EXPECT_FALSE(Waits("PYTHONPATH=src pytest tests/test_filters.py -q",
                     "PYTHONPATH=src pytest tests/test_ext.py -q"));
  EXPECT_FALSE(Waits("npm test", "npx tsc --noEmit"));
  EXPECT_FALSE(Waits("git status", "git diff --stat"));
  EXPECT_FALSE(Waits("ls -la", "cat package.json"));
  EXPECT_FALSE(Waits("", "npm test"));
  EXPECT_FALSE(Waits("npm ci", ""));
}

TEST(MustWaitForTest, WorkInAFolderTheEarlierCallNames) {
  EXPECT_TRUE(Waits("mkdir -p out", "cd out && ls"));
  EXPECT_TRUE(Waits("mkdir -p out/", "cd out/ && ls"));
  EXPECT_TRUE(Waits("git clone https://github.com/x/web.git web", "cd web && make"));
  EXPECT_TRUE(Waits("git clone https://github.com/x/web.git web", "cd web/src && make"));
  // A folder named inside the earlier call's own `cd`.
  EXPECT_TRUE(Waits("cd web && mkdir dist", "cd web/dist && ls"));
  EXPECT_FALSE(Waits("mkdir -p out", "cd output && ls"));
  EXPECT_FALSE(Waits("mkdir -p out", "ls out"));  // works where it started
  EXPECT_FALSE(Waits("cd web && mkdir dist", "cd dist && ls"));
  EXPECT_FALSE(Waits("cd web && ls", "cd web/src && make"));  // `cd` goes there, makes nothing
}

TEST(WorkNamedInTest, NamesKindsInAPersonsWords) {
  EXPECT_EQ(WorkNamedIn("run the tests").kinds, KindsOf({WorkKind::kTest}));
  EXPECT_EQ(WorkNamedIn("rebuild").kinds, KindsOf({WorkKind::kBuild}));
  EXPECT_EQ(WorkNamedIn("install the dependencies").kinds, KindsOf({WorkKind::kInstall}));
  EXPECT_EQ(WorkNamedIn("lint it").kinds, KindsOf({WorkKind::kLint}));
  EXPECT_EQ(WorkNamedIn("deploy to staging").kinds, KindsOf({WorkKind::kDeploy}));
  EXPECT_EQ(WorkNamedIn("cut a release").kinds, KindsOf({WorkKind::kDeploy}));
  EXPECT_EQ(WorkNamedIn("publish the package").kinds, KindsOf({WorkKind::kDeploy}));
  EXPECT_EQ(WorkNamedIn("install deps, build, then run the test suite").kinds,
            KindsOf({WorkKind::kInstall, WorkKind::kBuild, WorkKind::kTest}));
  EXPECT_TRUE(WorkNamedIn("please explain this function").kinds.empty());
}

TEST(WorkNamedInTest, TypeCheckInEveryWriting) {
  for (const char* prompt : {"type check the project", "type-check it", "typecheck", "Typechecking",
                             "fix the types", "run the type checker"}) {
    EXPECT_EQ(WorkNamedIn(prompt).kinds, KindsOf({WorkKind::kTypeCheck})) << prompt;
  }
  EXPECT_TRUE(WorkNamedIn("what type is this").kinds.empty());
  EXPECT_TRUE(WorkNamedIn("type checkout in the terminal").kinds.empty());
}

TEST(WorkNamedInTest, InflectionsButOnlyWholeWords) {
  EXPECT_TRUE(WorkNamedIn("are the tests green?").kinds.Has(WorkKind::kTest));
  EXPECT_TRUE(WorkNamedIn("keep testing").kinds.Has(WorkKind::kTest));
  EXPECT_TRUE(WorkNamedIn("update the specs").kinds.Has(WorkKind::kTest));
  EXPECT_TRUE(WorkNamedIn("is it building?").kinds.Has(WorkKind::kBuild));
  EXPECT_TRUE(WorkNamedIn("compile and see").kinds.Has(WorkKind::kBuild));
  EXPECT_TRUE(WorkNamedIn("compiling takes forever").kinds.Has(WorkKind::kBuild));
  EXPECT_TRUE(WorkNamedIn("installing now").kinds.Has(WorkKind::kInstall));
  EXPECT_TRUE(WorkNamedIn("what does the linter say").kinds.Has(WorkKind::kLint));
  EXPECT_TRUE(WorkNamedIn("fix linting").kinds.Has(WorkKind::kLint));
  for (const char* prompt : {"use the latest version", "the contest results", "protest",
                             "attestation", "a testimony", "buildings", "is jq installed?"}) {
    EXPECT_TRUE(WorkNamedIn(prompt).kinds.empty()) << prompt;
  }
}

TEST(WorkNamedInTest, CaseInsensitiveAndNonAsciiWordsStayWhole) {
  EXPECT_TRUE(WorkNamedIn("RUN THE TESTS").kinds.Has(WorkKind::kTest));
  EXPECT_TRUE(WorkNamedIn("Lint.").kinds.Has(WorkKind::kLint));
  EXPECT_TRUE(WorkNamedIn("Führe die Tests aus").kinds.Has(WorkKind::kTest));
  EXPECT_TRUE(WorkNamedIn("testé").kinds.empty());
}

TEST(WorkNamedInTest, CommandNamesAreNotAPersonsWords) {
  EXPECT_TRUE(WorkNamedIn("run pytest").kinds.empty());
  EXPECT_TRUE(WorkNamedIn("run tsc and mypy").kinds.empty());
  EXPECT_TRUE(WorkNamedIn("npm ci").kinds.empty());
}

TEST(WorkNamedInTest, AsksToGoOnWhileSomethingRuns) {
  for (const char* prompt :
       {"start the build and while that runs, update the docs", "in the meantime fix the lint",
        "Meanwhile, look at the parser", "run the tests in parallel",
        "run it in the background and keep going", "while the tests run, write the changelog",
        "while waiting, read the README"}) {
    EXPECT_TRUE(WorkNamedIn(prompt).while_waiting) << prompt;
  }
  for (const char* prompt : {"run the tests", "wait for the build", "while you are at it, lint",
                             "a while loop", "the meantimes"}) {
    EXPECT_FALSE(WorkNamedIn(prompt).while_waiting) << prompt;
  }
}

}  // namespace
}  // namespace bgprof
