// Tests of profiler/calibrate/history_sources: where `bgprof calibrate` looks for histories, in a
// scratch HOME laid out as a user's (zsh, bash, fish, atuin and Claude Code's transcripts, one
// of them a subagent's), and how it tells the format of a file it is pointed at.
#include "profiler/calibrate/history_sources.h"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/bgprof_runner.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

using Found = std::vector<std::pair<std::string, std::string>>;  // format name, path

Found Named(const std::vector<HistorySource>& sources) {
  Found found;
  for (const HistorySource& source : sources) {
    found.emplace_back(std::string(HistoryFormatName(source.format)), source.path);
  }
  return found;
}

class HistorySourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = scratch_.path() + "/home";
    fs::create_directories(home_);
  }

  // A user's histories in the usual places under `home_`, with `data` for ~/.local/share and
  // `claude` for ~/.claude.
  void LayOut(const std::string& data, const std::string& claude) {
    testing::WriteFile(home_ + "/.zsh_history", ": 1700000000:3;make\n");
    testing::WriteFile(home_ + "/.bash_history", "#1700000000\nls\n");
    testing::WriteFile(data + "/fish/fish_history", "- cmd: ls\n  when: 1700000000\n");
    testing::WriteFile(data + "/atuin/history.db", "");
    testing::WriteFile(claude + "/projects/x/a.jsonl", "{}\n");
    testing::WriteFile(claude + "/projects/x/a/subagents/b.jsonl", "{}\n");
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = scratch_.path() + "/" + name;
    testing::WriteFile(path, text);
    return path;
  }

  testing::ScratchFolder scratch_{"bgprof-sources"};
  std::string home_;
};

TEST_F(HistorySourcesTest, FindsEveryHistoryUnderHome) {
  LayOut(home_ + "/.local/share", home_ + "/.claude");
  EXPECT_THAT(
      Named(FindHistorySources({.home = home_}, std::nullopt)),
      ElementsAre(Pair("zsh", home_ + "/.zsh_history"), Pair("bash", home_ + "/.bash_history"),
                  Pair("fish", home_ + "/.local/share/fish/fish_history"),
                  Pair("atuin", home_ + "/.local/share/atuin/history.db"),
                  Pair("claude", home_ + "/.claude/projects/x/a.jsonl"),
                  Pair("claude", home_ + "/.claude/projects/x/a/subagents/b.jsonl")));
}

TEST_F(HistorySourcesTest, FindsOnlyTheFormatAsked) {
  LayOut(home_ + "/.local/share", home_ + "/.claude");
  for (HistoryFormat format : kHistoryFormats) {
    SCOPED_TRACE(HistoryFormatName(format));
    const std::vector<HistorySource> sources = FindHistorySources({.home = home_}, format);
    ASSERT_EQ(sources.size(), format == HistoryFormat::kClaude ? 2u : 1u);
    for (const HistorySource& source : sources) EXPECT_EQ(source.format, format);
  }
}

TEST_F(HistorySourcesTest, FindsNothingInAnEmptyHome) {
  EXPECT_THAT(FindHistorySources({.home = home_}, std::nullopt), IsEmpty());
  // No HOME at all: nothing is looked for relative to the working folder.
  EXPECT_THAT(FindHistorySources({}, std::nullopt), IsEmpty());
}

TEST_F(HistorySourcesTest, HonoursXdgDataHomeAndClaudeConfigDir) {
  const std::string data = scratch_.path() + "/data", claude = scratch_.path() + "/claude";
  LayOut(data, claude);
  // Decoys where the defaults would point.
  testing::WriteFile(home_ + "/.local/share/fish/fish_history", "- cmd: ls\n");
  testing::WriteFile(home_ + "/.claude/projects/y/c.jsonl", "{}\n");
  EXPECT_THAT(
      Named(FindHistorySources({.home = home_, .xdg_data_home = data, .claude_config_dir = claude},
                               std::nullopt)),
      ElementsAre(Pair("zsh", home_ + "/.zsh_history"), Pair("bash", home_ + "/.bash_history"),
                  Pair("fish", data + "/fish/fish_history"),
                  Pair("atuin", data + "/atuin/history.db"),
                  Pair("claude", claude + "/projects/x/a.jsonl"),
                  Pair("claude", claude + "/projects/x/a/subagents/b.jsonl")));
}

TEST_F(HistorySourcesTest, IgnoresARelativeXdgDataHome) {
  // The XDG spec: a relative path is invalid and is ignored.
  LayOut(home_ + "/.local/share", home_ + "/.claude");
  const std::vector<HistorySource> fish =
      FindHistorySources({.home = home_, .xdg_data_home = "share"}, HistoryFormat::kFish);
  EXPECT_THAT(Named(fish), ElementsAre(Pair("fish", home_ + "/.local/share/fish/fish_history")));
}

TEST_F(HistorySourcesTest, FindsHistfileOnceWhenItIsZshHistory) {
  LayOut(home_ + "/.local/share", home_ + "/.claude");
  for (const std::string& histfile :
       {home_ + "/.zsh_history", home_ + "/./.zsh_history", home_ + "/../home/.zsh_history"}) {
    SCOPED_TRACE(histfile);
    EXPECT_THAT(
        Named(FindHistorySources({.home = home_, .histfile = histfile}, HistoryFormat::kZsh)),
        ElementsAre(Pair("zsh", histfile)));
  }
  // A link to it is the same file too.
  fs::create_symlink(home_ + "/.zsh_history", home_ + "/.histlink");
  EXPECT_THAT(Named(FindHistorySources({.home = home_, .histfile = home_ + "/.histlink"},
                                       HistoryFormat::kZsh)),
              ElementsAre(Pair("zsh", home_ + "/.histlink")));
}

TEST_F(HistorySourcesTest, FindsAHistfileElsewhereBesideTheUsualOnes) {
  LayOut(home_ + "/.local/share", home_ + "/.claude");
  const std::string histfile =
      home_ + "/.config/zsh/history";  // a name that says nothing: its first line does
  testing::WriteFile(histfile, ": 1700000000:3;make\n");
  EXPECT_THAT(Named(FindHistorySources({.home = home_, .histfile = histfile}, HistoryFormat::kZsh)),
              ElementsAre(Pair("zsh", histfile), Pair("zsh", home_ + "/.zsh_history")));
  // bash exports HISTFILE too; ~/.bash_history is then found once.
  EXPECT_THAT(
      Named(
          FindHistorySources({.home = home_, .histfile = home_ + "/.bash_history"}, std::nullopt)),
      ElementsAre(Pair("bash", home_ + "/.bash_history"), Pair("zsh", home_ + "/.zsh_history"),
                  Pair("fish", ::testing::_), Pair("atuin", ::testing::_),
                  Pair("claude", ::testing::_), Pair("claude", ::testing::_)));
}

TEST_F(HistorySourcesTest, FindsOtherZshFileNames) {
  testing::WriteFile(home_ + "/.zhistory", "make\n");
  testing::WriteFile(home_ + "/.histfile", "make\n");
  EXPECT_THAT(Named(FindHistorySources({.home = home_}, std::nullopt)),
              ElementsAre(Pair("zsh", home_ + "/.zhistory"), Pair("zsh", home_ + "/.histfile")));
}

TEST_F(HistorySourcesTest, FolderHoldsTranscripts) {
  LayOut(home_ + "/.local/share", home_ + "/.claude");
  testing::WriteFile(home_ + "/.claude/projects/x/notes.txt", "not a transcript\n");
  absl::StatusOr<std::vector<HistorySource>> sources =
      SourcesAt(home_ + "/.claude/projects", std::nullopt);
  ASSERT_TRUE(sources.ok()) << sources.status();
  EXPECT_THAT(Named(*sources),
              ElementsAre(Pair("claude", home_ + "/.claude/projects/x/a.jsonl"),
                          Pair("claude", home_ + "/.claude/projects/x/a/subagents/b.jsonl")));
  sources = SourcesAt(home_ + "/.claude/projects", HistoryFormat::kClaude);
  ASSERT_TRUE(sources.ok()) << sources.status();
  EXPECT_EQ(sources->size(), 2u);
  // A folder of anything else is not read.
  sources = SourcesAt(home_ + "/.claude/projects", HistoryFormat::kZsh);
  ASSERT_FALSE(sources.ok());
  EXPECT_THAT(sources.status().message(), HasSubstr(home_ + "/.claude/projects"));
}

TEST_F(HistorySourcesTest, TellsAFilesFormatFromItsFirstLine) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {Write("saved-a", ": 1700000000:3;make\nls\n"), "zsh"},
      {Write("saved-b", "#1700000000\nmake\n"), "bash"},
  };
  for (const auto& [path, format] : files) {
    absl::StatusOr<std::vector<HistorySource>> sources = SourcesAt(path, std::nullopt);
    ASSERT_TRUE(sources.ok()) << sources.status();
    EXPECT_THAT(Named(*sources), ElementsAre(Pair(format, path)));
  }
}

TEST_F(HistorySourcesTest, TellsAFilesFormatFromItsName) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {Write("old.zsh_history", "make\n"), "zsh"},
      {Write("backup/.bash_history", "make\n"), "bash"},
      {Write("fish_history", "- cmd: make\n"), "fish"},
      {Write("history.db", ""), "atuin"},
      {Write("session.jsonl", "{}\n"), "claude"},
  };
  for (const auto& [path, format] : files) {
    absl::StatusOr<std::vector<HistorySource>> sources = SourcesAt(path, std::nullopt);
    ASSERT_TRUE(sources.ok()) << sources.status();
    EXPECT_THAT(Named(*sources), ElementsAre(Pair(format, path)));
  }
}

TEST_F(HistorySourcesTest, FormatNamedByTheUserWins) {
  const std::string path = Write("saved", "make\nls\n");
  absl::StatusOr<std::vector<HistorySource>> sources = SourcesAt(path, HistoryFormat::kBash);
  ASSERT_TRUE(sources.ok()) << sources.status();
  EXPECT_THAT(Named(*sources), ElementsAre(Pair("bash", path)));
}

TEST_F(HistorySourcesTest, FileOfUnknownFormatIsAnError) {
  const std::string path = Write("notes.txt", "make\nls\n");
  absl::StatusOr<std::vector<HistorySource>> sources = SourcesAt(path, std::nullopt);
  ASSERT_FALSE(sources.ok());
  EXPECT_THAT(sources.status().message(), HasSubstr(path));
  EXPECT_THAT(sources.status().message(), HasSubstr("--from"));
}

TEST_F(HistorySourcesTest, MissingPathIsAnErrorNamingIt) {
  const std::string path = scratch_.path() + "/nowhere/.zsh_history";
  absl::StatusOr<std::vector<HistorySource>> sources = SourcesAt(path, HistoryFormat::kZsh);
  ASSERT_FALSE(sources.ok());
  EXPECT_EQ(sources.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(sources.status().message(), HasSubstr(path));
  EXPECT_FALSE(SourcesAt(path, std::nullopt).ok());
}

TEST(HistoryFormatTest, NamesRoundTrip) {
  for (HistoryFormat format : kHistoryFormats) {
    EXPECT_EQ(HistoryFormatNamed(HistoryFormatName(format)), format);
  }
  EXPECT_EQ(HistoryFormatName(HistoryFormat::kClaude), "claude");
  EXPECT_EQ(HistoryFormatNamed("zsh"), HistoryFormat::kZsh);
  for (const char* name : {"auto", "nope", "", "ZSH"}) {
    EXPECT_EQ(HistoryFormatNamed(name), std::nullopt) << name;
  }
}

TEST_F(HistorySourcesTest, ReadsASourceInItsFormat) {
  const std::string zsh = Write("zsh", ": 1700000000:3;make\n");
  const std::string bash = Write("bash", "#1700000000\nmake\n");
  for (const HistorySource& source :
       {HistorySource{HistoryFormat::kZsh, zsh}, HistorySource{HistoryFormat::kBash, bash}}) {
    absl::StatusOr<HistoryRead> read = ReadHistorySource(source);
    ASSERT_TRUE(read.ok()) << read.status();
    ASSERT_EQ(read->runs.size(), 1u);
    EXPECT_EQ(read->runs[0].source, HistoryFormatName(source.format));
    EXPECT_EQ(read->runs[0].command, "make");
    EXPECT_EQ(read->runs[0].started_ms, 1700000000000);
  }
  absl::StatusOr<HistoryRead> missing =
      ReadHistorySource({HistoryFormat::kFish, scratch_.path() + "/none"});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr(scratch_.path() + "/none"));
}

}  // namespace
}  // namespace bgprof
