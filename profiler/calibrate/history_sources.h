// Where the histories `bgprof calibrate` reads live, and reading one whatever its format. `--from
// auto` looks in every usual place under $HOME (and where $HISTFILE, $XDG_DATA_HOME and
// $CLAUDE_CONFIG_DIR point) and says what it found.
#ifndef BGPROF_PROFILER_CALIBRATE_HISTORY_SOURCES_H_
#define BGPROF_PROFILER_CALIBRATE_HISTORY_SOURCES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "profiler/calibrate/history_run.h"

namespace bgprof {

enum class HistoryFormat { kZsh, kBash, kFish, kAtuin, kClaude };
inline constexpr HistoryFormat kHistoryFormats[] = {HistoryFormat::kZsh, HistoryFormat::kBash,
                                                    HistoryFormat::kFish, HistoryFormat::kAtuin,
                                                    HistoryFormat::kClaude};
std::string_view HistoryFormatName(HistoryFormat format);  // "zsh", ..., "claude"
std::optional<HistoryFormat> HistoryFormatNamed(std::string_view name);

struct HistorySource {
  HistoryFormat format;
  std::string path;  // a file; for kClaude one transcript
};

// The environment that says where histories are; empty when unset.
struct HistoryPlaces {
  std::string home;
  std::string histfile;           // $HISTFILE, when the shell exported it
  std::string xdg_data_home;      // else ~/.local/share
  std::string claude_config_dir;  // else ~/.claude
};
HistoryPlaces HistoryPlacesFromEnvironment();

// Every history of `format` (of any format when nullopt) that exists, each file once.
std::vector<HistorySource> FindHistorySources(const HistoryPlaces& places,
                                              std::optional<HistoryFormat> format);

// The sources at a path the user named: a file of `format`, or when nullopt of the format its
// name or first line shows; a folder holds Claude Code transcripts (every *.jsonl below it). An
// error names the path when it is missing or its format cannot be told.
absl::StatusOr<std::vector<HistorySource>> SourcesAt(const std::string& path,
                                                     std::optional<HistoryFormat> format);

absl::StatusOr<HistoryRead> ReadHistorySource(const HistorySource& source);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_HISTORY_SOURCES_H_
