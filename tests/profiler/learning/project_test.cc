#include "profiler/learning/project.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;

class ProjectOfTest : public ::testing::Test {
 protected:
  testing::ScratchFolder scratch_{"bgprof-project"};
  const std::string root_ = scratch_.path();
};

TEST_F(ProjectOfTest, ClaudeProjectDirWins) {
  fs::create_directories(root_ + "/repo/.git");
  EXPECT_EQ(ProjectOf(root_ + "/repo", "/somewhere/else"), "/somewhere/else");
}

TEST_F(ProjectOfTest, NearestAncestorWithGitFolder) {
  fs::create_directories(root_ + "/repo/.git");
  fs::create_directories(root_ + "/repo/src/deep");
  EXPECT_EQ(ProjectOf(root_ + "/repo/src/deep", nullptr), root_ + "/repo");
  EXPECT_EQ(ProjectOf(root_ + "/repo/src/deep/", ""), root_ + "/repo");
  EXPECT_EQ(ProjectOf(root_ + "/repo", nullptr), root_ + "/repo");
}

TEST_F(ProjectOfTest, AFolderTheUserNamesIgnoresClaudeProjectDir) {
  fs::create_directories(root_ + "/repo/.git");
  fs::create_directories(root_ + "/repo/src");
  const char* set = std::getenv("CLAUDE_PROJECT_DIR");
  const std::optional<std::string> saved =
      set != nullptr ? std::optional<std::string>(set) : std::nullopt;
  ::setenv("CLAUDE_PROJECT_DIR", "/somewhere/else", 1);
  EXPECT_EQ(ProjectOfFolder(root_ + "/repo/src/../src/."), root_ + "/repo");
  const fs::path working = fs::current_path();
  fs::current_path(root_ + "/repo");
  EXPECT_EQ(ProjectOfFolder("src"), root_ + "/repo");
  EXPECT_EQ(*ProjectOfWorkingFolder(), "/somewhere/else");  // as a hook here would see it
  ::unsetenv("CLAUDE_PROJECT_DIR");
  EXPECT_EQ(*ProjectOfWorkingFolder(), root_ + "/repo");
  fs::current_path(working);
  if (saved.has_value()) ::setenv("CLAUDE_PROJECT_DIR", saved->c_str(), 1);
}

TEST_F(ProjectOfTest, AWorkingFolderDeletedUnderTheProcessIsAnErrorUnlessClaudeNamesTheProject) {
  const char* set = std::getenv("CLAUDE_PROJECT_DIR");
  const std::optional<std::string> saved =
      set != nullptr ? std::optional<std::string>(set) : std::nullopt;
  ::unsetenv("CLAUDE_PROJECT_DIR");
  const fs::path working = fs::current_path();
  fs::create_directories(root_ + "/gone");
  fs::current_path(root_ + "/gone");
  fs::remove(root_ + "/gone");
  const absl::StatusOr<std::string> lost = ProjectOfWorkingFolder();
  ::setenv("CLAUDE_PROJECT_DIR", "/named/by/claude", 1);
  const absl::StatusOr<std::string> named = ProjectOfWorkingFolder();
  fs::current_path(working);
  ::unsetenv("CLAUDE_PROJECT_DIR");
  if (saved.has_value()) ::setenv("CLAUDE_PROJECT_DIR", saved->c_str(), 1);
  EXPECT_FALSE(lost.ok());
  EXPECT_THAT(std::string(lost.status().message()), ::testing::HasSubstr("working folder"));
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(*named, "/named/by/claude");
}

TEST_F(ProjectOfTest, GitFileOfAWorktreeCounts) {
  fs::create_directories(root_ + "/worktree/sub");
  std::ofstream(root_ + "/worktree/.git") << "gitdir: /elsewhere\n";
  EXPECT_EQ(ProjectOf(root_ + "/worktree/sub", nullptr), root_ + "/worktree");
}

TEST_F(ProjectOfTest, WithoutGitTheFolderItself) {
  fs::create_directories(root_ + "/plain/dir");
  EXPECT_EQ(ProjectOf(root_ + "/plain/dir/", nullptr), root_ + "/plain/dir");
  EXPECT_EQ(ProjectOf(root_ + "/plain/./dir", nullptr), root_ + "/plain/dir");
}

}  // namespace
}  // namespace bgprof
