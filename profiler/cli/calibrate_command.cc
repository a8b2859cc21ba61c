#include "profiler/cli/calibrate_command.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/store.h"
#include "profiler/calibrate/history_sources.h"
#include "profiler/cli/cli.h"

namespace bgprof {
namespace {

// Below this many runs an import takes well under a second: no bar.
constexpr size_t kRunsWorthABar = 20000;
constexpr int kProgressWidth = 30;

void ShowProgress(size_t done, size_t total) {
  const int filled = static_cast<int>(kProgressWidth * done / std::max<size_t>(1, total));
  std::string bar;
  for (int i = 0; i < kProgressWidth; ++i) bar += i < filled ? "█" : "░";
  std::cerr << absl::StrFormat("\rimporting %s %3d%%  %d/%d runs", bar,
                               static_cast<int>(100 * done / std::max<size_t>(1, total)), done,
                               total)
            << (done == total ? "\n" : "") << std::flush;
}

// Where to read: the paths the user named, or every history of the chosen kind under $HOME.
absl::StatusOr<std::vector<HistorySource>> SourcesFor(const CalibrateOptions& options,
                                                      std::optional<HistoryFormat> format) {
  if (options.paths.empty()) {
    return FindHistorySources(HistoryPlacesFromEnvironment(), format);
  }
  std::vector<HistorySource> sources;
  for (const std::string& path : options.paths) {
    absl::StatusOr<std::vector<HistorySource>> found = SourcesAt(path, format);
    if (!found.ok()) return found.status();
    sources.insert(sources.end(), found->begin(), found->end());
  }
  return sources;
}

// "zsh ~/.zsh_history, claude 214 transcripts"
std::string FoundText(const std::vector<HistorySource>& sources) {
  std::map<HistoryFormat, std::vector<std::string>> by_format;
  for (const HistorySource& source : sources) by_format[source.format].push_back(source.path);
  std::vector<std::string> parts;
  for (const auto& [format, paths] : by_format) {
    parts.push_back(format == HistoryFormat::kClaude && paths.size() > 1
                        ? absl::StrCat(std::string(HistoryFormatName(format)), " (", paths.size(),
                                       " transcripts)")
                        : absl::StrCat(std::string(HistoryFormatName(format)), " ",
                                       absl::StrJoin(paths, ", ")));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace

std::string SummaryText(const std::map<std::string, SourceSummary>& summary, bool dry_run) {
  std::string text = absl::StrFormat("%-8s %9s %9s %9s  %s\n", "SOURCE", "READ",
                                     dry_run ? "WOULD ADD" : "IMPORTED", "TIMED", "SKIPPED");
  for (const auto& [source, row] : summary) {
    std::vector<std::pair<std::string, int64_t>> reasons(row.counts.skipped.begin(),
                                                         row.counts.skipped.end());
    std::stable_sort(reasons.begin(), reasons.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> why;
    int64_t skipped = 0;
    for (const auto& [reason, count] : reasons) {
      why.push_back(absl::StrCat(count, " ", reason));
      skipped += count;
    }
    absl::StrAppend(&text,
                    absl::StrFormat("%-8s %9d %9d %9d  %s\n", source, row.read, row.counts.imported,
                                    row.counts.timed,
                                    skipped == 0 ? std::string("0") : absl::StrJoin(why, ", ")));
  }
  return text;
}

int RunCalibrateCommand(const CalibrateOptions& options) {
  std::optional<HistoryFormat> format;
  if (options.from != "auto") {
    format = HistoryFormatNamed(options.from);
    if (!format.has_value()) {
      return CommandFailure(
          "--from takes auto, zsh, bash, fish, atuin or claude, not \"" + options.from + "\"", 2);
    }
  }
  absl::StatusOr<std::vector<HistorySource>> sources = SourcesFor(options, format);
  if (!sources.ok()) return CommandFailure(sources.status());
  if (sources->empty()) {
    std::cout << "No " << (format.has_value() ? options.from + " " : std::string())
              << "history found in the usual places under " << HistoryPlacesFromEnvironment().home
              << "; name one: bgprof calibrate --from <kind> PATH\n";
    return 0;
  }
  std::cout << "Found " << FoundText(*sources) << "\n";

  // Every history is read before anything is stored: one that cannot be read is named, and the
  // others still count.
  std::map<std::string, SourceSummary> summary;
  std::vector<HistoryRun> runs;
  bool unreadable = false;
  for (const HistorySource& source : *sources) {
    absl::StatusOr<HistoryRead> read = ReadHistorySource(source);
    if (!read.ok()) {
      CommandFailure(read.status());
      unreadable = true;
      continue;
    }
    SourceSummary& row = summary[std::string(HistoryFormatName(source.format))];
    ++row.files;
    row.read += read->entries;
    for (const auto& [reason, count] : read->skipped) row.counts.skipped[reason] += count;
    std::move(read->runs.begin(), read->runs.end(), std::back_inserter(runs));
  }

  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return CommandFailure(store.status());
  HistoryImportOptions import_options{.dry_run = options.dry_run};
  if (::isatty(STDERR_FILENO) && runs.size() >= kRunsWorthABar) {
    import_options.progress = ShowProgress;
  }
  absl::StatusOr<std::map<std::string, HistoryImportCounts>> imported =
      ImportRuns(*store, std::move(runs), import_options);
  if (!imported.ok()) return CommandFailure(imported.status());
  // Old histories can hold more than the store keeps (db/retention.h): what they taught stays,
  // their samples beyond the bounds go now rather than a few at a time in later hooks.
  if (!options.dry_run) {
    absl::StatusOr<Store::PruneCounts> pruned =
        store->PruneToBounds(absl::ToUnixMillis(absl::Now()));
    if (!pruned.ok()) return CommandFailure(pruned.status());
  }
  for (const auto& [source, counts] : *imported) AddCounts(summary[source].counts, counts);
  std::cout << SummaryText(summary, options.dry_run);
  if (options.dry_run) {
    std::cout << "Dry run: nothing was stored.\n";
  } else {
    std::cout << "`bgprof top --all-projects` shows what they say.\n";
  }
  return unreadable ? 1 : 0;
}

}  // namespace bgprof
