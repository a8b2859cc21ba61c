// Tests of profiler/command/file_changes: which commands change a project's files, and which
// throw its build away.
#include "profiler/command/file_changes.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(FileChangesTest, CommandsThatMoveTheTreeOrItsDependenciesChangeFiles) {
  for (const char* command :
       {"git checkout main", "git pull --rebase", "git stash pop", "git apply fix.patch",
        "sed -i s/a/b/ src/x.c", "perl -pi -e s/a/b/ x.pl", "patch -p1", "touch src/jv.h",
        "npm install", "npm ci", "pip install -e .", "rm -rf node_modules", "make clean",
        "./configure --prefix=/usr", "cmake -S . -B build"}) {
    EXPECT_TRUE(ChangesFiles(SignatureOf(command))) << command;
  }
}

TEST(FileChangesTest, ReadingBuildingAndTestingChangeNothing) {
  for (const char* command :
       {"git status", "git log --oneline", "git diff", "sed -n 1,20p x.c", "cat x", "make -j2",
        "cmake --build build -j2", "npm test", "pytest -q", "grep -rn x src", "make 2>&1 | tee log",
        "cmake --version", "ls -la"}) {
    EXPECT_FALSE(ChangesFiles(SignatureOf(command))) << command;
  }
}

TEST(FileChangesTest, CleansAndReconfiguresResetTheBuild) {
  for (const char* command :
       {"make clean", "cargo clean", "./configure", "autoreconf -i",
        "cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug", "meson setup build"}) {
    EXPECT_TRUE(ResetsBuild(SignatureOf(command))) << command;
  }
  for (const char* command :
       {"touch src/a.c", "git pull", "npm install", "cmake --build build", "cmake --help"}) {
    EXPECT_FALSE(ResetsBuild(SignatureOf(command))) << command;
  }
}

TEST(FileChangesTest, OnlyThePartsBeforeAPartCount) {
  const CommandLine clean_then_build = AnalyzeCommandLine("make clean && make -j2");
  ASSERT_EQ(clean_then_build.parts.size(), 2u);
  EXPECT_TRUE(ResetsBuildBefore(clean_then_build, 1));
  EXPECT_TRUE(ChangesFilesBefore(clean_then_build, 1));
  EXPECT_FALSE(ResetsBuildBefore(clean_then_build, 0));

  const CommandLine build_then_clean = AnalyzeCommandLine("make -j2 && make clean");
  EXPECT_FALSE(ChangesFilesBefore(build_then_clean, 0));

  const CommandLine pull_then_build = AnalyzeCommandLine("git pull && make");
  EXPECT_TRUE(ChangesFilesBefore(pull_then_build, 1));
  EXPECT_FALSE(ResetsBuildBefore(pull_then_build, 1));

  // `cd` is setup, not a change.
  EXPECT_FALSE(ChangesFilesBefore(AnalyzeCommandLine("cd build && make"), 1));
}

}  // namespace
}  // namespace bgprof
