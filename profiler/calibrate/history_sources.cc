#include "profiler/calibrate/history_sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "profiler/base/paths.h"
#include "profiler/calibrate/atuin_history.h"
#include "profiler/calibrate/claude_transcript.h"
#include "profiler/calibrate/shell_history.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;

bool IsFile(const std::string& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

std::string FirstLine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  return line;
}

// A history file's kind, from its name, else from its first line: zsh's EXTENDED_HISTORY lines
// open with ": <digits>:", bash's timestamps with "#<digits>".
std::optional<HistoryFormat> FormatOfFile(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  if (absl::StrContains(name, "fish_history")) return HistoryFormat::kFish;
  if (absl::EndsWith(name, ".db")) return HistoryFormat::kAtuin;
  if (absl::EndsWith(name, ".jsonl")) return HistoryFormat::kClaude;
  const std::string first = FirstLine(path);
  if (first.size() > 2 && first.starts_with(": ") && absl::ascii_isdigit(first[2])) {
    return HistoryFormat::kZsh;
  }
  if (absl::StrContains(name, "zsh") || absl::StrContains(name, "zhistory") ||
      name == ".histfile") {
    return HistoryFormat::kZsh;
  }
  if (absl::StrContains(name, "bash") ||
      (first.size() > 1 && first[0] == '#' && absl::ascii_isdigit(first[1]))) {
    return HistoryFormat::kBash;
  }
  return std::nullopt;
}

// Every transcript below `folder`: sessions, and their subagents' files.
void AddTranscripts(const std::string& folder, std::vector<HistorySource>& sources) {
  std::error_code error;
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator
           it(folder, fs::directory_options::skip_permission_denied, error),
       end;
       !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".jsonl" && it->is_regular_file(error)) {
      files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());  // the same order on every run
  for (std::string& file : files) {
    sources.push_back(HistorySource{HistoryFormat::kClaude, std::move(file)});
  }
}

std::string Under(const std::string& base, std::string_view rest) {
  return base.empty() ? std::string() : (fs::path(base) / rest).string();
}

}  // namespace

std::string_view HistoryFormatName(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::kZsh:
      return "zsh";
    case HistoryFormat::kBash:
      return "bash";
    case HistoryFormat::kFish:
      return "fish";
    case HistoryFormat::kAtuin:
      return "atuin";
    case HistoryFormat::kClaude:
      break;
  }
  return "claude";
}

std::optional<HistoryFormat> HistoryFormatNamed(std::string_view name) {
  for (HistoryFormat format : kHistoryFormats) {
    if (HistoryFormatName(format) == name) return format;
  }
  return std::nullopt;
}

HistoryPlaces HistoryPlacesFromEnvironment() {
  auto env = [](const char* name) {
    const char* value = NonEmptyEnv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  return HistoryPlaces{.home = env("HOME"),
                       .histfile = env("HISTFILE"),
                       .xdg_data_home = env("XDG_DATA_HOME"),
                       .claude_config_dir = env("CLAUDE_CONFIG_DIR")};
}

std::vector<HistorySource> FindHistorySources(const HistoryPlaces& places,
                                              std::optional<HistoryFormat> format) {
  const std::string data_home = fs::path(places.xdg_data_home).is_absolute()
                                    ? places.xdg_data_home
                                    : Under(places.home, ".local/share");
  std::vector<std::pair<HistoryFormat, std::string>> candidates;
  if (!places.histfile.empty() && IsFile(places.histfile)) {
    const std::optional<HistoryFormat> shell = FormatOfFile(places.histfile);
    if (shell.has_value()) candidates.emplace_back(*shell, places.histfile);
  }
  for (const char* name : {".zsh_history", ".zhistory", ".histfile"}) {
    candidates.emplace_back(HistoryFormat::kZsh, Under(places.home, name));
  }
  candidates.emplace_back(HistoryFormat::kBash, Under(places.home, ".bash_history"));
  candidates.emplace_back(HistoryFormat::kFish, Under(data_home, "fish/fish_history"));
  candidates.emplace_back(HistoryFormat::kAtuin, Under(data_home, "atuin/history.db"));

  std::vector<HistorySource> sources;
  std::set<std::string> seen;
  for (const auto& [kind, path] : candidates) {
    if (format.has_value() && kind != *format) continue;
    if (path.empty() || !IsFile(path)) continue;
    std::error_code error;
    const std::string canonical = fs::canonical(path, error).string();
    if (!seen.insert(error ? path : canonical).second) continue;
    sources.push_back(HistorySource{kind, path});
  }
  if (!format.has_value() || *format == HistoryFormat::kClaude) {
    const std::string config =
        places.claude_config_dir.empty() ? Under(places.home, ".claude") : places.claude_config_dir;
    if (!config.empty()) AddTranscripts((fs::path(config) / "projects").string(), sources);
  }
  return sources;
}

absl::StatusOr<std::vector<HistorySource>> SourcesAt(const std::string& path,
                                                     std::optional<HistoryFormat> format) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    if (format.has_value() && *format != HistoryFormat::kClaude) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " is a folder; only --from claude reads a folder of transcripts"));
    }
    std::vector<HistorySource> sources;
    AddTranscripts(path, sources);
    return sources;
  }
  if (!fs::exists(path, error)) {
    return absl::NotFoundError(absl::StrCat("no such file: ", path));
  }
  if (!format.has_value()) format = FormatOfFile(path);
  if (!format.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot tell which history ", path, " is; name it with --from"));
  }
  return std::vector<HistorySource>{HistorySource{*format, path}};
}

absl::StatusOr<HistoryRead> ReadHistorySource(const HistorySource& source) {
  if (source.format == HistoryFormat::kAtuin) return ReadAtuinHistory(source.path);
  absl::StatusOr<std::string> text = ReadHistoryFile(source.path);
  if (!text.ok()) return text.status();
  switch (source.format) {
    case HistoryFormat::kZsh:
      return ParseZshHistory(*text);
    case HistoryFormat::kBash:
      return ParseBashHistory(*text);
    case HistoryFormat::kFish:
      return ParseFishHistory(*text);
    case HistoryFormat::kAtuin:
    case HistoryFormat::kClaude:
      break;
  }
  return ParseClaudeTranscript(*text);
}

}  // namespace bgprof
