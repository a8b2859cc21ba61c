// What `bgprof calibrate` spends reading a shell history: ParseZshHistory over a generated
// ~/.zsh_history of 100,000 lines, as an EXTENDED_HISTORY file of a few years holds (items are
// lines); storing runs into the database (items are runs); and `bgprof top` over a database of
// a million runs.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <stdlib.h>

#include <filesystem>

#include "profiler/calibrate/history_import.h"
#include "profiler/calibrate/shell_history.h"
#include "profiler/cli/top_command.h"
#include "profiler/command/signature.h"

namespace bgprof {
namespace {

constexpr size_t kHistoryLines = 100000;

// Commands from the versioned corpus (real agent commands, one-liners, tldr examples), each
// made a zsh history entry: most timed, a third with elapsed 0 (INC_APPEND_HISTORY), one in
// twenty continued over several lines, one in a hundred with bytes zsh metafies.
struct GeneratedHistory {
  std::string text;
  int64_t lines = 0;
};

GeneratedHistory GenerateZshHistory() {
  std::vector<std::string> commands;
  std::ifstream in(std::string(BGPROF_SOURCE_DIR) + "/tests/data/corpus/commands.txt");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) commands.push_back(line);
  }
  GeneratedHistory history;
  if (commands.empty()) return history;
  std::mt19937 random(20261203);
  auto any_command = [&]() -> const std::string& { return commands[random() % commands.size()]; };
  int64_t start = 1700000000;
  while (history.lines < static_cast<int64_t>(kHistoryLines)) {
    start += random() % 120;
    const auto kind = random() % 100;
    const auto elapsed = kind < 33 ? 0 : (kind < 90 ? random() % 3 : random() % 900);
    history.text += ": " + std::to_string(start) + ":" + std::to_string(elapsed) + ";";
    history.text += any_command();
    if (kind % 20 == 7) {
      for (auto more = 1 + random() % 3; more > 0; --more) {
        history.text += "\\\n  ";
        history.text += any_command();
        ++history.lines;
      }
    }
    if (kind == 42) history.text += " # \xE6\x83\xB7\xA5\xE6\x83\xBC\xAC";  // 日本
    history.text += '\n';
    ++history.lines;
  }
  return history;
}

void BM_ParseZshHistory100kLines(benchmark::State& state) {
  static const GeneratedHistory kHistory = GenerateZshHistory();
  if (kHistory.text.empty()) {
    state.SkipWithError("corpus not found");
    return;
  }
  for (auto _ : state) {
    HistoryRead read = ParseZshHistory(kHistory.text);
    benchmark::DoNotOptimize(read);
  }
  state.SetItemsProcessed(state.iterations() * kHistory.lines);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kHistory.text.size()));
}
BENCHMARK(BM_ParseZshHistory100kLines)->Unit(benchmark::kMillisecond);

// `runs` runs of commands of the corpus, as a history of a few projects holds them: a command
// repeats (a history has far fewer distinct commands than lines), runtimes spread over decades.
std::vector<HistoryRun> GenerateRuns(size_t runs, size_t distinct_commands) {
  std::vector<std::string> commands;
  std::ifstream in(std::string(BGPROF_SOURCE_DIR) + "/tests/data/corpus/commands.txt");
  for (std::string line; std::getline(in, line) && commands.size() < distinct_commands;) {
    if (!line.empty()) commands.push_back(line);
  }
  std::vector<HistoryRun> generated;
  if (commands.empty()) return generated;
  std::mt19937 random(20261203);
  std::lognormal_distribution<double> runtime_ms(std::log(800.0), 2.0);
  generated.reserve(runs);
  for (size_t i = 0; i < runs; ++i) {
    generated.push_back(HistoryRun{.source = "zsh",
                                   .key = std::to_string(i),
                                   .started_ms = 1700000000000 + static_cast<int64_t>(i) * 1000,
                                   .duration_ms = static_cast<int64_t>(runtime_ms(random)),
                                   .command = commands[random() % commands.size()],
                                   .cwd = "/work/project" + std::to_string(random() % 5)});
  }
  return generated;
}

// A folder of its own under /tmp for a database, removed at exit.
std::string ScratchDatabase(std::string_view name) {
  static std::string folder = [] {
    char pattern[] = "/tmp/bgprof-bench-XXXXXX";
    const char* made = mkdtemp(pattern);
    std::string path = made == nullptr ? "/tmp" : made;
    std::atexit([] { std::filesystem::remove_all(folder); });
    return path;
  }();
  return folder + "/" + std::string(name);
}

void RemoveDatabase(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// Runs stored per second: 100,000 runs of 2,000 distinct commands into an empty database, in
// one transaction (Arg 0) and in calibrate's batches (Arg 1).
void BM_ImportRuns100k(benchmark::State& state) {
  static const std::vector<HistoryRun> kRuns = GenerateRuns(100000, 2000);
  if (kRuns.empty()) {
    state.SkipWithError("corpus not found");
    return;
  }
  const bool batched = state.range(0) == 1;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = ScratchDatabase("import" + std::to_string(round++) + ".db");
    absl::StatusOr<Store> store = Store::Open(path);
    std::vector<HistoryRun> runs = kRuns;
    state.ResumeTiming();
    absl::StatusOr<std::map<std::string, HistoryImportCounts>> counts =
        ImportRuns(*store, std::move(runs),
                   {.batch_size = batched ? HistoryImportOptions{}.batch_size : kRuns.size()});
    if (!counts.ok()) state.SkipWithError(std::string(counts.status().message()).c_str());
    state.PauseTiming();
    RemoveDatabase(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRuns.size()));
}
BENCHMARK(BM_ImportRuns100k)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

// Of that, the rows alone: the same runs as samples (signed beforehand) through InsertSample in
// one transaction, with the unique key that makes a second import a no-op.
void BM_InsertImportedSamples100k(benchmark::State& state) {
  static const std::vector<Sample> kSamples = [] {
    std::vector<Sample> samples;
    for (const HistoryRun& run : GenerateRuns(100000, 2000)) {
      const Signature signature = SignatureOf(run.command);
      samples.push_back(Sample{.at_ms = run.started_ms,
                               .project = run.cwd,
                               .cwd = run.cwd,
                               .command = run.command,
                               .program = signature.program,
                               .family = signature.family,
                               .signature = signature.command,
                               .duration_ms = run.duration_ms,
                               .source = run.source,
                               .import_key = run.key});
    }
    return samples;
  }();
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = ScratchDatabase("rows" + std::to_string(round++) + ".db");
    absl::StatusOr<Store> store = Store::Open(path);
    (void)store->UseLargeCache();
    state.ResumeTiming();
    (void)store->Begin();
    for (const Sample& sample : kSamples) (void)store->InsertSample(sample);
    (void)store->Commit();
    state.PauseTiming();
    RemoveDatabase(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kSamples.size()));
}
BENCHMARK(BM_InsertImportedSamples100k)->Unit(benchmark::kMillisecond)->Iterations(3);

// `bgprof top --all-projects` (and of one project) on a database of a million runs of 5,000
// distinct commands in 5 projects: open, read, summarize.
void BM_TopOf1MRuns(benchmark::State& state) {
  static const std::string kPath = [] {
    const std::string path = ScratchDatabase("top.db");
    absl::StatusOr<Store> store = Store::Open(path);
    if (store.ok()) (void)ImportRuns(*store, GenerateRuns(1000000, 5000), {});
    return path;
  }();
  const bool all_projects = state.range(0) == 1;
  const std::optional<std::string> project =
      all_projects ? std::nullopt : std::optional<std::string>("/work/project1");
  for (auto _ : state) {
    absl::StatusOr<Store> store = Store::Open(kPath);
    absl::StatusOr<std::vector<KeyedRuntimes>> groups =
        store->RuntimesOf(Grouping::kFamily, project);
    if (!groups.ok()) state.SkipWithError(std::string(groups.status().message()).c_str());
    std::vector<RunSummary> rows = SummarizeRuntimes(*groups, 10);
    benchmark::DoNotOptimize(rows);
  }
  absl::StatusOr<Store> store = Store::Open(kPath);
  state.counters["runs"] = static_cast<double>(*store->SampleCount());
}
BENCHMARK(BM_TopOf1MRuns)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bgprof
