// A prepared statement of the store in use, shared by the files that implement Store (store.cc,
// store_tasks.cc, store_telemetry.cc); not part of the db/ interface.
#ifndef BGPROF_DB_STATEMENT_H_
#define BGPROF_DB_STATEMENT_H_

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/store.h"
#include "estimator/run_stats.h"

namespace bgprof {

// What Statement::Stats reads, in its order.
inline constexpr const char* kStatsColumns =
    "runs, mean_log_ms, var_log, last_ms, last_seen_ms, outlier_side, lower_bounds, recent";

// Every value of each enum the store writes as its name, for FromName.
inline constexpr Outcome kOutcomes[] = {Outcome::kOk, Outcome::kFailed, Outcome::kInterrupted,
                                        Outcome::kBackground, Outcome::kCensored};
inline constexpr RuntimeBound kBounds[] = {RuntimeBound::kNone, RuntimeBound::kExact,
                                           RuntimeBound::kUpper, RuntimeBound::kLower};
inline constexpr ChangeState kChangeStates[] = {ChangeState::kUnknown, ChangeState::kFresh,
                                                ChangeState::kChanged, ChangeState::kUnchanged};
inline constexpr CallAction kActions[] = {CallAction::kNone, CallAction::kSuggested,
                                          CallAction::kMoved, CallAction::kDenied};
inline constexpr TaskOrigin kOrigins[] = {TaskOrigin::kAsked, TaskOrigin::kMoved, TaskOrigin::kUser,
                                          TaskOrigin::kTimeout};
inline constexpr TaskEnd kEnds[] = {TaskEnd::kRunning,  TaskEnd::kNotified, TaskEnd::kPolled,
                                    TaskEnd::kStopped,  TaskEnd::kVanished, TaskEnd::kSessionEnded,
                                    TaskEnd::kAbandoned};
inline constexpr TelemetryKind kTelemetryKinds[] = {
    TelemetryKind::kSuggested,    TelemetryKind::kMoved,     TelemetryKind::kDenied,
    TelemetryKind::kCapped,       TelemetryKind::kWaitsFor,  TelemetryKind::kFollowed,
    TelemetryKind::kIgnored,      TelemetryKind::kEarlyPoll, TelemetryKind::kUnread,
    TelemetryKind::kRunningAtStop};

// The value among `values` that `name_of` names `name`; nullopt for a name this bgprof does not
// know (a newer one wrote it).
template <typename Enum, size_t N>
std::optional<Enum> FromName(std::string_view name, const Enum (&values)[N],
                             std::string_view (*name_of)(Enum)) {
  for (Enum value : values) {
    if (name == name_of(value)) return value;
  }
  return std::nullopt;
}

// The `recent` column, written by SaveStats; anything unreadable in it is skipped.
inline std::vector<int64_t> ParseRecentRuns(std::string_view text) {
  // from_chars, not a split: this runs for every level of every prediction.
  std::vector<int64_t> runs;
  runs.reserve(kRecentRuns);
  const char* at = text.data();
  const char* const end = text.data() + text.size();
  while (at < end) {
    if (*at == ' ') {
      ++at;
      continue;
    }
    int64_t duration_ms = 0;
    const auto [next, error] = std::from_chars(at, end, duration_ms);
    if (error == std::errc() && duration_ms >= 0 && (next == end || *next == ' ')) {
      runs.push_back(duration_ms);
    }
    at = std::find(next, end, ' ');  // past a word that is not a number
  }
  return runs;
}

// A cached prepared statement in use. It binds by position and is reset when it goes out of
// scope: a statement left mid-result would keep its read transaction, an old snapshot, open.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}
  Statement(Statement&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (statement_ != nullptr) sqlite3_reset(statement_);
  }

  Statement& BindText(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindInt(int index, int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  Statement& BindInt(int index, std::optional<int64_t> value) {
    if (!value.has_value()) {
      sqlite3_bind_null(statement_, index);
      return *this;
    }
    return BindInt(index, *value);
  }
  Statement& BindDouble(int index, double value) {
    sqlite3_bind_double(statement_, index, value);
    return *this;
  }
  // Binds a StatsKey to ?first, ?first+1 and ?first+2.
  Statement& BindKey(int first, const StatsKey& key) {
    return BindText(first, key.level).BindText(first + 1, key.key).BindText(first + 2, key.project);
  }

  int Step() { return sqlite3_step(statement_); }
  int64_t Int(int column) { return sqlite3_column_int64(statement_, column); }
  std::optional<int64_t> OptionalInt(int column) {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return Int(column);
  }
  double Double(int column) { return sqlite3_column_double(statement_, column); }
  std::string Text(int column) {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
  }
  // The stats columns, in the order of kStatsColumns, from `first` on.
  RunStats Stats(int first) {
    return RunStats{.runs = Int(first),
                    .mean_log_ms = Double(first + 1),
                    .var_log = Double(first + 2),
                    .last_ms = Int(first + 3),
                    .last_seen_ms = Int(first + 4),
                    .outlier_side = static_cast<int>(Int(first + 5)),
                    .lower_bounds = Int(first + 6),
                    .recent_ms = ParseRecentRuns(Text(first + 7))};
  }

 private:
  sqlite3_stmt* statement_;
};

}  // namespace bgprof

#endif  // BGPROF_DB_STATEMENT_H_
