// What keeping the store bounded costs (db/retention.h): one pruning step as a hook runs it, in a
// store at its caps, and the size of the database after a million varied calls recorded through
// the hook's path (tests/support/recording_load; run it alone: --benchmark_filter=MillionCalls).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "db/retention.h"
#include "db/store.h"
#include "tests/support/recording_load.h"

namespace bgprof {
namespace {

constexpr int64_t kNowMs = 1'800'000'000'000;

std::string ScratchFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bgprof-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

void Exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) std::abort();
}

// `rows` rows numbered from `first`, by a recursive CTE: ?N in `select` is the number.
std::string Rows(int64_t first, int64_t rows, const std::string& insert,
                 const std::string& select) {
  return "WITH RECURSIVE n(i) AS (SELECT " + std::to_string(first) +
         " UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " + std::to_string(first + rows) + ") " +
         insert + " SELECT " + select + " FROM n";
}

constexpr const char* kInsertSamples =
    "INSERT INTO samples(at_ms, session, project, cwd, command, program, family, signature,"
    " tool_use_id, duration_ms, outcome)";
constexpr const char* kInsertStats =
    "INSERT INTO stats(level, key, project, runs, mean_log_ms, var_log, last_ms, last_seen_ms)";
constexpr const char* kInsertRuntimes =
    "INSERT INTO runtimes(grouping, key, project, last_seen_ms, buckets)";

// Arg 0: a step that finds its full share to delete in samples, stats and runtimes (each
// iteration adds that much past the bounds first, untimed). Arg 1: the same, and it measures the
// row caps, as every kPruneStepsPerCapCheck-th step does.
void BM_PruneStep(benchmark::State& state) {
  const std::string folder = ScratchFolder();
  const std::string path = folder + "/bgprof.db";
  { Store store = *Store::Open(path); }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::abort();
  }
  const std::string recent = std::to_string(kNowMs - kMsPerDay);
  Exec(db, "BEGIN");
  Exec(db, Rows(0, kMaxSamples, kInsertSamples,
                recent + " + i, 's', '/p', '/p', 'make ' || i, 'make', 'make', 'make ' || i, "
                         "'toolu_' || i, 1000, 'ok'"));
  Exec(db, Rows(0, kMaxStatsRows, kInsertStats,
                "'command', 'make ' || i, '/p', 3, 7.0, 0.1, 1000, " + recent + " + i"));
  Exec(db, Rows(0, kMaxRuntimesRows, kInsertRuntimes,
                "'command', 'make ' || i, '/p', " + recent + " + i, '100:3:3000'"));
  Exec(db, "COMMIT");
  Store store = *Store::Open(path);
  int64_t round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const int64_t first = 1'000'000 + round++ * kPruneRowsPerStep;
    Exec(db, Rows(first, kPruneRowsPerStep, kInsertSamples,
                  "i, 's', '/p', '/p', 'make', 'make', 'make', 'make', '', 1000, 'ok'"));
    Exec(db, Rows(first, kPruneRowsPerStep, kInsertStats,
                  "'command', 'old ' || i, '/p', 3, 7.0, 0.1, 1000, 1 + i"));
    Exec(db, Rows(first, kPruneRowsPerStep, kInsertRuntimes,
                  "'command', 'old ' || i, '/p', 1 + i, '100:3:3000'"));
    state.ResumeTiming();
    if (!store.Begin().ok()) std::abort();
    benchmark::DoNotOptimize(store.PruneStep(kNowMs, state.range(0) == 1));
    if (!store.Commit().ok()) std::abort();
  }
  sqlite3_close(db);
  std::filesystem::remove_all(folder);
}
BENCHMARK(BM_PruneStep)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// A million varied calls through the hook's recording path, batches of a thousand: counters give
// the database and WAL sizes in MB.
void BM_MillionCalls(benchmark::State& state) {
  for (auto _ : state) {
    const std::string folder = ScratchFolder();
    absl::StatusOr<testing::RecordingResult> result =
        testing::RecordVariedCalls(folder + "/bgprof.db", {.calls = state.range(0)});
    if (!result.ok()) std::abort();
    constexpr double kMegabyte = 1024.0 * 1024.0;
    state.counters["database_MB"] = static_cast<double>(result->database_bytes) / kMegabyte;
    state.counters["largest_wal_MB"] = static_cast<double>(result->largest_wal_bytes) / kMegabyte;
    state.counters["samples"] = static_cast<double>(result->samples);
    state.counters["stats_rows"] = static_cast<double>(result->stats_rows);
    state.counters["runtimes_rows"] = static_cast<double>(result->runtimes_rows);
    std::filesystem::remove_all(folder);
  }
}
BENCHMARK(BM_MillionCalls)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace bgprof
