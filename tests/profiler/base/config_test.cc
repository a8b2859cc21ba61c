#include "profiler/base/config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// Points BGPROF_CONFIG at a scratch file and clears the overrides; restores all after.
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kNames) {
      const char* value = std::getenv(name);
      saved_.emplace_back(name,
                          value != nullptr ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name);
    }
    ::setenv("BGPROF_CONFIG", (root_ + "/config.json").c_str(), 1);
  }
  void TearDown() override {
    for (const auto& [name, value] : saved_) {
      if (value.has_value()) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  void Write(const std::string& text) { std::ofstream(root_ + "/config.json") << text; }

  static constexpr const char* kNames[] = {"BGPROF_CONFIG",         "BGPROF_SUGGEST_ABOVE_MS",
                                           "BGPROF_QUIET_BELOW_MS", "BGPROF_MODE",
                                           "BGPROF_MAX_BACKGROUND", "XDG_CONFIG_HOME"};
  testing::ScratchFolder scratch_{"bgprof-config"};
  const std::string root_ = scratch_.path();
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(ConfigTest, NoFileMeansTheDefaults) {
  absl::StatusOr<Config> config = LoadConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->thresholds.suggest_above_ms, 5000);
  EXPECT_EQ(config->thresholds.quiet_below_ms, 2000);
  EXPECT_EQ(config->mode, Mode::kSuggest);
}

TEST_F(ConfigTest, TheFileSetsEveryKey) {
  Write(R"({"suggest_above_ms": 8000, "quiet_below_ms": 1500, "mode": "off"})");
  absl::StatusOr<Config> config = LoadConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->thresholds.suggest_above_ms, 8000);
  EXPECT_EQ(config->thresholds.quiet_below_ms, 1500);
  EXPECT_EQ(config->mode, Mode::kOff);
}

TEST_F(ConfigTest, TheEnvironmentOverridesTheFile) {
  Write(R"({"suggest_above_ms": 8000, "mode": "off"})");
  ::setenv("BGPROF_SUGGEST_ABOVE_MS", "3000", 1);
  ::setenv("BGPROF_MODE", "suggest", 1);
  absl::StatusOr<Config> config = LoadConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->thresholds.suggest_above_ms, 3000);
  EXPECT_EQ(config->mode, Mode::kSuggest);
}

TEST_F(ConfigTest, MistakesAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1]", "not a JSON object"},
      {"{bad", "not a JSON object"},
      {R"({"sugest_above_ms": 1})", "unknown key \"sugest_above_ms\""},
      {R"({"suggest_above_ms": "5s"})", "suggest_above_ms must be a finite number"},
      {R"({"quiet_below_ms": -1})", "quiet_below_ms must be a finite number"},
      {R"({"mode": "loud"})", "mode must be \"suggest\", \"auto\", \"block\" or \"off\""},
      {R"({"never_background": "npm run dev"})", "never_background must be a list of strings"},
      {R"({"never_background": ["ok", 3]})", "never_background must be a list of strings"},
      {R"({"quiet_below_ms": 9000})", "must not exceed"},
  };
  for (const auto& [text, message] : cases) {
    Write(text);
    absl::StatusOr<Config> config = LoadConfig();
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(message)) << text;
  }
  Write("{}");
  ::setenv("BGPROF_QUIET_BELOW_MS", "2s", 1);
  EXPECT_FALSE(LoadConfig().ok());
}

TEST_F(ConfigTest, ThresholdsAreFiniteAndNotNegativeInFileAndEnvironment) {
  // JSON has no NaN or infinity; a number that overflows to one makes the file unreadable.
  for (const char* text : {R"({"suggest_above_ms": 1e999})", R"({"quiet_below_ms": -1e999})"}) {
    Write(text);
    EXPECT_FALSE(LoadConfig().ok()) << text;
  }
  Write(R"({"quiet_below_ms": -0.5})");
  EXPECT_THAT(std::string(LoadConfig().status().message()),
              HasSubstr("quiet_below_ms must be a finite number of milliseconds >= 0"));
  Write("{}");
  for (const char* name : {"BGPROF_SUGGEST_ABOVE_MS", "BGPROF_QUIET_BELOW_MS"}) {
    for (const char* text : {"nan", "NaN", "inf", "-inf", "infinity", "1e999", "-1"}) {
      ::setenv(name, text, 1);
      absl::StatusOr<Config> config = LoadConfig();
      ASSERT_FALSE(config.ok()) << name << "=" << text;
      EXPECT_EQ(config.status().message(),
                std::string(name) + " must be a finite number of milliseconds >= 0");
    }
    ::unsetenv(name);
  }
  // A quiet line above the suggest line would make a run both quick and slow.
  ::setenv("BGPROF_QUIET_BELOW_MS", "6000", 1);
  EXPECT_THAT(std::string(LoadConfig().status().message()), HasSubstr("must not exceed"));
  ::setenv("BGPROF_SUGGEST_ABOVE_MS", "6000", 1);
  EXPECT_TRUE(LoadConfig().ok());
}

TEST_F(ConfigTest, MaxBackgroundIsAWholeNumberFromOneToAThousandInFileAndEnvironment) {
  EXPECT_EQ(LoadConfig()->max_background, 4);
  Write(R"({"max_background": 2})");
  EXPECT_EQ(LoadConfig()->max_background, 2);
  ::setenv("BGPROF_MAX_BACKGROUND", "1000", 1);
  EXPECT_EQ(LoadConfig()->max_background, 1000);
  for (const char* text : {"0", "1001", "2.5", "two", "-3"}) {
    ::setenv("BGPROF_MAX_BACKGROUND", text, 1);
    absl::StatusOr<Config> config = LoadConfig();
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.status().message(),
              "BGPROF_MAX_BACKGROUND must be a whole number from 1 to 1000")
        << text;
  }
  ::unsetenv("BGPROF_MAX_BACKGROUND");
  for (const char* text : {R"({"max_background": 0})", R"({"max_background": 1.5})",
                           R"({"max_background": "3"})", R"({"max_background": 5000})"}) {
    Write(text);
    absl::StatusOr<Config> config = LoadConfig();
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_THAT(std::string(config.status().message()),
                HasSubstr("max_background must be a whole number from 1 to 1000"))
        << text;
  }
}

TEST_F(ConfigTest, EveryModeHasItsName) {
  for (const char* name : {"suggest", "auto", "block", "off"}) {
    ::setenv("BGPROF_MODE", name, 1);
    absl::StatusOr<Config> config = LoadConfig();
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_EQ(ModeName(config->mode), name);
  }
  ::setenv("BGPROF_MODE", "Auto", 1);
  EXPECT_FALSE(LoadConfig().ok());
}

TEST_F(ConfigTest, NeverBackgroundPatternsComeFromTheUserAndTheProject) {
  Write(R"({"never_background": ["npm run dev", "docker *"]})");
  absl::StatusOr<Config> config = LoadConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(config->never_background, ::testing::ElementsAre("npm run dev", "docker *"));

  const std::string project = root_ + "/webapp";
  absl::StatusOr<Config> without_file = WithProjectConfig(*config, project);
  ASSERT_TRUE(without_file.ok()) << without_file.status();
  EXPECT_EQ(without_file->never_background.size(), 2u);

  fs::create_directories(project + "/.claude");
  EXPECT_EQ(ProjectConfigPath(project), project + "/.claude/bgprof.json");
  std::ofstream(ProjectConfigPath(project)) << R"({"never_background": ["make deploy*"]})";
  absl::StatusOr<Config> merged = WithProjectConfig(*config, project);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_THAT(merged->never_background,
              ::testing::ElementsAre("npm run dev", "docker *", "make deploy*"));
  EXPECT_EQ(merged->mode, config->mode);
}

TEST_F(ConfigTest, AProjectFileSetsOnlyItsPatterns) {
  const std::string project = root_ + "/webapp";
  fs::create_directories(project + "/.claude");
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"mode": "auto"})", "unknown key \"mode\""},
           {"not json", "is not a JSON object"},
           {R"({"never_background": [1]})", "must be a list of strings"}}) {
    std::ofstream(ProjectConfigPath(project)) << text;
    absl::StatusOr<Config> config = WithProjectConfig(Config{}, project);
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(message));
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(ProjectConfigPath(project)));
  }
}

TEST_F(ConfigTest, PathFollowsXdg) {
  ::unsetenv("BGPROF_CONFIG");
  ::setenv("XDG_CONFIG_HOME", "/home/alex/.cfg", 1);
  EXPECT_EQ(ConfigPath(), "/home/alex/.cfg/bgprof/config.json");
  ::setenv("XDG_CONFIG_HOME", "relative", 1);  // ignored, as the spec says
  ::setenv("HOME", "/home/alex", 1);
  EXPECT_EQ(ConfigPath(), "/home/alex/.config/bgprof/config.json");
}

TEST_F(ConfigTest, OnlyARegularFileUnder64KiBIsRead) {
  const std::string path = root_ + "/config.json";
  // A FIFO no one writes to would block a plain open or read; /dev/zero never ends; a folder
  // cannot be read. Each is refused at once, named.
  ASSERT_EQ(::mkfifo((root_ + "/fifo.json").c_str(), 0600), 0);
  fs::create_directories(root_ + "/folder.json");
  for (const std::string& odd :
       {root_ + "/fifo.json", std::string("/dev/zero"), root_ + "/folder.json"}) {
    ::setenv("BGPROF_CONFIG", odd.c_str(), 1);
    absl::StatusOr<Config> config = LoadConfig();
    ASSERT_FALSE(config.ok()) << odd;
    EXPECT_EQ(config.status().message(), odd + " is not a regular file");
  }
  ::setenv("BGPROF_CONFIG", path.c_str(), 1);
  // Just under the limit is read, padding and all; at the limit it is refused unread.
  const std::string object = R"({"mode": "off"})";
  Write(object + std::string(64 * 1024 - 1 - object.size(), ' '));
  absl::StatusOr<Config> padded = LoadConfig();
  ASSERT_TRUE(padded.ok()) << padded.status();
  EXPECT_EQ(padded->mode, Mode::kOff);
  Write(object + std::string(64 * 1024 - object.size(), ' '));
  absl::StatusOr<Config> large = LoadConfig();
  ASSERT_FALSE(large.ok());
  EXPECT_THAT(std::string(large.status().message()), HasSubstr(path + " is 64 KiB or more"));
  // A symbolic link to a regular file is fine.
  Write(object);
  fs::create_symlink(path, root_ + "/link.json");
  ::setenv("BGPROF_CONFIG", (root_ + "/link.json").c_str(), 1);
  ASSERT_TRUE(LoadConfig().ok());
}

TEST_F(ConfigTest, AProjectFileMustBeARegularFileToo) {
  const std::string project = root_ + "/webapp";
  fs::create_directories(project + "/.claude");
  ASSERT_EQ(::mkfifo(ProjectConfigPath(project).c_str(), 0600), 0);
  absl::StatusOr<Config> config = WithProjectConfig(Config{}, project);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), ProjectConfigPath(project) + " is not a regular file");
}

}  // namespace
}  // namespace bgprof
