// Store: the runtimes of every run per family and per command (estimator/runtime_histogram),
// what `bgprof top` reads. A row's buckets are text, "bucket:runs:total_ms" words:
// "102:3:21300 105:1:9100": three runs of 7.1 s on average, one of 9.1 s.
#include <sqlite3.h>

#include <charconv>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "db/statement.h"
#include "db/store.h"

namespace bgprof {
namespace {

std::string_view GroupingName(Grouping by) {
  return by == Grouping::kFamily ? "family" : "command";
}

std::string BucketsText(const RuntimeHistogram& runtimes) {
  std::string text;
  for (const RuntimeBucket& bucket : runtimes.buckets) {
    if (!text.empty()) text += ' ';
    absl::StrAppend(&text, bucket.bucket, ":", bucket.runs, ":", bucket.total_ms);
  }
  return text;
}

// Anything unreadable in the text is skipped.
RuntimeHistogram ParseBuckets(std::string_view text, int64_t last_seen_ms) {
  RuntimeHistogram runtimes{.last_seen_ms = last_seen_ms};
  const char* at = text.data();
  const char* const end = text.data() + text.size();
  while (at < end) {
    const char* const word_end = std::find(at, end, ' ');
    RuntimeBucket bucket;
    auto [colon, error] = std::from_chars(at, word_end, bucket.bucket);
    if (error == std::errc() && colon < word_end && *colon == ':') {
      auto [second, runs_error] = std::from_chars(colon + 1, word_end, bucket.runs);
      if (runs_error == std::errc() && second < word_end && *second == ':') {
        auto [next, total_error] = std::from_chars(second + 1, word_end, bucket.total_ms);
        const bool ascending =
            runtimes.buckets.empty() || runtimes.buckets.back().bucket < bucket.bucket;
        if (total_error == std::errc() && next == word_end && bucket.runs > 0 && ascending) {
          runtimes.buckets.push_back(bucket);
        }
      }
    }
    at = word_end == end ? end : word_end + 1;
  }
  return runtimes;
}

}  // namespace

absl::StatusOr<RuntimeHistogram> Store::LoadRuntimes(Grouping by, std::string_view key,
                                                     std::string_view project) {
  static constexpr const char* kSql =
      "SELECT buckets, last_seen_ms FROM runtimes WHERE grouping = ?1 AND key = ?2"
      " AND project = ?3";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, GroupingName(by)).BindText(2, key).BindText(3, project);
  const int rc = statement->Step();
  if (rc == SQLITE_ROW) return ParseBuckets(statement->Text(0), statement->Int(1));
  if (rc != SQLITE_DONE) return Error("load runtimes");
  return RuntimeHistogram{};
}

absl::Status Store::SaveRuntimes(Grouping by, std::string_view key, std::string_view project,
                                 const RuntimeHistogram& runtimes) {
  static constexpr const char* kSql =
      "INSERT OR REPLACE INTO runtimes(grouping, key, project, last_seen_ms, buckets)"
      " VALUES(?1, ?2, ?3, ?4, ?5)";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, GroupingName(by))
      .BindText(2, key)
      .BindText(3, project)
      .BindInt(4, runtimes.last_seen_ms)
      .BindText(5, BucketsText(runtimes));
  if (statement->Step() != SQLITE_DONE) return Error("save runtimes");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<KeyedRuntimes>> Store::RuntimesOf(
    Grouping by, const std::optional<std::string>& project) {
  static constexpr const char* kSql =
      "SELECT key, buckets, last_seen_ms FROM runtimes WHERE grouping = ?1"
      " AND (?2 IS NULL OR project = ?2) ORDER BY key";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, GroupingName(by));
  if (project.has_value()) statement->BindText(2, *project);
  std::vector<KeyedRuntimes> found;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) {
    std::string key = statement->Text(0);
    RuntimeHistogram runtimes = ParseBuckets(statement->Text(1), statement->Int(2));
    // Rows come by key: the projects of one key follow each other.
    if (!found.empty() && found.back().key == key) {
      Merge(found.back().runtimes, runtimes);
    } else {
      found.push_back(KeyedRuntimes{.key = std::move(key), .runtimes = std::move(runtimes)});
    }
  }
  if (rc != SQLITE_DONE) return Error("read runtimes");
  return found;
}

absl::Status Store::FillRuntimesFromSamples() {
  static constexpr const char* kSql =
      "SELECT family, signature, project, duration_ms, at_ms FROM samples"
      " WHERE duration_ms IS NOT NULL AND outcome IN ('ok', 'failed')";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  std::map<std::tuple<Grouping, std::string, std::string>, RuntimeHistogram> filled;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) {
    const std::string project = statement->Text(2);
    AddRun(filled[{Grouping::kFamily, statement->Text(0), project}], statement->Int(3),
           statement->Int(4));
    AddRun(filled[{Grouping::kCommand, statement->Text(1), project}], statement->Int(3),
           statement->Int(4));
  }
  if (rc != SQLITE_DONE) return Error("read samples for runtimes");
  for (const auto& [where, runtimes] : filled) {
    const auto& [by, key, project] = where;
    if (absl::Status status = SaveRuntimes(by, key, project, runtimes); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace bgprof
