// Tests of db/location: where the database and the error log live.
#include "db/location.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

// Saves BGPROF_DB, XDG_DATA_HOME and HOME, unsets them for the test, and restores them after.
class LocationTest : public ::testing::Test {
 protected:
  static constexpr const char* kNames[] = {"BGPROF_DB", "XDG_DATA_HOME", "HOME"};

  void SetUp() override {
    for (size_t i = 0; i < std::size(kNames); ++i) {
      const char* value = std::getenv(kNames[i]);
      saved_[i] = value != nullptr ? std::optional<std::string>(value) : std::nullopt;
      ::unsetenv(kNames[i]);
    }
  }
  void TearDown() override {
    for (size_t i = 0; i < std::size(kNames); ++i) {
      if (saved_[i].has_value()) {
        ::setenv(kNames[i], saved_[i]->c_str(), 1);
      } else {
        ::unsetenv(kNames[i]);
      }
    }
  }

  static std::string PathOrError() {
    absl::StatusOr<std::string> path = DatabasePath();
    return path.ok() ? *path : "error: " + std::string(path.status().message());
  }

  std::optional<std::string> saved_[std::size(kNames)];
};

TEST_F(LocationTest, BgprofDbWinsOverEverythingElse) {
  ::setenv("BGPROF_DB", "/tmp/custom/my.db", 1);
  ::setenv("XDG_DATA_HOME", "/home/alex/.data", 1);
  ::setenv("HOME", "/home/alex", 1);
  EXPECT_EQ(PathOrError(), "/tmp/custom/my.db");
}

TEST_F(LocationTest, XdgDataHomeComesNext) {
  ::setenv("XDG_DATA_HOME", "/home/alex/.data", 1);
  ::setenv("HOME", "/home/alex", 1);
  EXPECT_EQ(PathOrError(), "/home/alex/.data/bgprof/bgprof.db");
}

TEST_F(LocationTest, RelativeXdgDataHomeIsIgnored) {
  ::setenv("XDG_DATA_HOME", "relative/data", 1);
  ::setenv("HOME", "/home/alex", 1);
  EXPECT_EQ(*DatabasePath(), "/home/alex/.local/share/bgprof/bgprof.db");
}

TEST_F(LocationTest, HomeIsTheFallback) {
  ::setenv("HOME", "/home/alex", 1);
  EXPECT_EQ(PathOrError(), "/home/alex/.local/share/bgprof/bgprof.db");
}

TEST_F(LocationTest, EmptyValuesCountAsUnset) {
  ::setenv("BGPROF_DB", "", 1);
  ::setenv("XDG_DATA_HOME", "", 1);
  ::setenv("HOME", "/home/alex", 1);
  EXPECT_EQ(PathOrError(), "/home/alex/.local/share/bgprof/bgprof.db");

  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ(PathOrError(), "/xdg/bgprof/bgprof.db");
}

TEST_F(LocationTest, NothingSetIsAnError) {
  absl::StatusOr<std::string> path = DatabasePath();
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(LocationTest, AllEmptyIsAnError) {
  ::setenv("BGPROF_DB", "", 1);
  ::setenv("XDG_DATA_HOME", "", 1);
  ::setenv("HOME", "", 1);
  EXPECT_FALSE(DatabasePath().ok());
}

TEST(LogPathForTest, LogLivesBesideTheDatabase) {
  EXPECT_EQ(LogPathFor("/home/alex/.local/share/bgprof/bgprof.db"),
            "/home/alex/.local/share/bgprof/bgprof.log");
  EXPECT_EQ(LogPathFor("/tmp/custom/my.db"), "/tmp/custom/bgprof.log");
}

TEST(LogPathForTest, DatabaseInTheCurrentFolderGivesARelativeLog) {
  EXPECT_EQ(LogPathFor("my.db"), "bgprof.log");
  EXPECT_EQ(LogPathFor("data/my.db"), "data/bgprof.log");
}

}  // namespace
}  // namespace bgprof
