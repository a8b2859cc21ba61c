#include "profiler/cli/replay_command.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/store.h"
#include "hook/dispatch.h"
#include "hook/protocol/json_fields.h"
#include "profiler/cli/cli.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/learning/changes.h"
#include "profiler/learning/history.h"

namespace bgprof {
namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr const char* kHindsight = "hindsight median";
// The calls the opt-in auto and block modes act on (ConfidentlySlow): their precision is what
// a fast command sent to the background costs.
constexpr const char* kActing = "bgprof, acting";
const char* const kMethods[] = {"bgprof",           kActing,           "last value",
                                "mean of last two", "EMA per command", kHindsight};

double Ratio(int64_t part, int64_t whole) {
  return whole == 0 ? kNaN : static_cast<double>(part) / static_cast<double>(whole);
}

// The baselines keep their history per exact command string.
struct CommandHistory {
  std::vector<double> last_two;  // newest last
  std::optional<double> ema_log;
};

void Score(ReplayScore& score, std::optional<double> predicted_ms, bool suggest, double actual_ms,
           bool repeated, const Thresholds& thresholds) {
  ++score.n;
  const bool slow = actual_ms > thresholds.suggest_above_ms;
  const bool fast = actual_ms < thresholds.quiet_below_ms;
  score.slow += slow;
  score.fast += fast;
  score.suggested += suggest;
  score.slow_suggested += slow && suggest;
  if (slow) {
    score.slow_ms += actual_ms;
    if (suggest) score.slow_ms_suggested += actual_ms;
  }
  score.fast_suggested += fast && suggest;
  if (predicted_ms.has_value()) {
    ++score.predicted;
    const double error =
        std::abs(std::log2(std::max(*predicted_ms, 1.0) / std::max(actual_ms, 1.0)));
    score.abs_log2_errors.push_back(error);
    if (repeated) score.repeated_abs_log2_errors.push_back(error);
  }
}

// Scores one prediction for a method, overall and for the record's project.
void ScoreEverywhere(ReplayReport& report, const std::string& method, const std::string& project,
                     std::optional<double> predicted_ms, bool suggest, double actual_ms,
                     bool repeated, const Thresholds& thresholds) {
  Score(report.overall[method], predicted_ms, suggest, actual_ms, repeated, thresholds);
  Score(report.by_project[project][method], predicted_ms, suggest, actual_ms, repeated, thresholds);
  if (repeated) Score(report.repeated[method], predicted_ms, suggest, actual_ms, true, thresholds);
}

std::string SourceOf(const json& record) {
  auto it = record.find("source");
  if (it == record.end() || !it->is_string()) return "unknown";
  const std::string source = it->get<std::string>();
  return source.substr(0, source.find(':'));
}

bool Flag(const json& record, const char* name) {
  auto it = record.find(name);
  return it != record.end() && it->is_boolean() && it->get<bool>();
}

std::string Text(const json& record, const char* name) {
  auto it = record.find(name);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

absl::StatusOr<std::string> ScratchDatabase() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bgprof-replay-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("cannot create a temporary folder for the replay database");
  }
  return pattern + "/replay.db";
}

std::string Cell(double value, const char* format) {
  return std::isnan(value) ? std::string("-") : absl::StrFormat(format, value);
}

json ScoreJson(const ReplayScore& score) {
  auto number = [](double value) { return std::isnan(value) ? json(nullptr) : json(value); };
  return {{"n", score.n},
          {"slow", score.slow},
          {"fast", score.fast},
          {"suggested", score.suggested},
          {"slow_recall", number(score.Recall())},
          {"precision", number(score.Precision())},
          {"noise_rate", number(score.NoiseRate())},
          {"f1", number(score.F1())},
          {"slow_seconds_caught", number(score.SlowSecondsCaught())},
          {"coverage", number(score.Coverage())},
          {"median_abs_log2_error", number(score.MedianAbsLog2Error())},
          {"median_abs_log2_error_repeated", number(score.RepeatedMedianAbsLog2Error())}};
}

void PrintTable(const std::map<std::string, ReplayScore>& scores) {
  std::cout << absl::StrFormat("%-18s %6s %7s %9s %7s %6s %7s %8s %11s %10s\n", "method", "n",
                               "recall", "precision", "noise", "F1", "slow s", "coverage",
                               "|log2 err|", "repeated");
  for (const char* method : kMethods) {
    auto it = scores.find(method);
    if (it == scores.end()) continue;
    const ReplayScore& s = it->second;
    std::cout << absl::StrFormat(
        "%-18s %6d %7s %9s %7s %6s %7s %8s %11s %10s\n", method, s.n, Cell(s.Recall(), "%.3f"),
        Cell(s.Precision(), "%.3f"), Cell(s.NoiseRate() * 100, "%.2f%%"), Cell(s.F1(), "%.3f"),
        Cell(s.SlowSecondsCaught(), "%.3f"), Cell(s.Coverage(), "%.3f"),
        Cell(s.MedianAbsLog2Error(), "%.3f"), Cell(s.RepeatedMedianAbsLog2Error(), "%.3f"));
  }
}

// One record of a trace that replay uses: a command, read and signed, or an edit.
struct TraceRecord {
  std::string command;   // as in the trace: the baselines key on it; empty for an edit
  std::string redacted;  // as bgprof would store it
  CommandLine line;
  std::string project;
  std::string cwd;
  std::string group;    // the per-project table it is scored in
  std::string session;  // a change of session is a SessionStart
  double actual_ms = 0;
  bool cut_short = false;  // timed out or interrupted: learned as a lower bound, not scored
  bool failed = false;
  std::optional<int64_t> requested_timeout_ms;
  std::string edited_file;  // an edit record: the file and the tool that changed it
  std::string edit_tool;
};

// The project of a record: its `project` field (a trace of several checkouts), else its cwd.
std::string ProjectOf(const json& record) {
  std::string project = Text(record, "project");
  return project.empty() ? Text(record, "cwd") : project;
}

TraceRecord ReadEdit(const json& record) {
  TraceRecord edit;
  edit.edited_file = Text(record, "edit");
  edit.edit_tool = Text(record, "tool");
  if (edit.edit_tool.empty()) edit.edit_tool = "Edit";
  edit.project = ProjectOf(record);
  edit.session = Text(record, "session");
  return edit;
}

// Reads the records replay can use, in order, counting the others in `skipped`.
absl::StatusOr<std::vector<TraceRecord>> ReadTrace(const std::string& trace_path,
                                                   int64_t& skipped) {
  std::ifstream in(trace_path);
  if (!in) return absl::NotFoundError("cannot read " + trace_path);
  std::vector<TraceRecord> records;
  for (std::string text; std::getline(in, text);) {
    json record = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (record.is_object() && !Text(record, "edit").empty()) {
      records.push_back(ReadEdit(record));
      continue;
    }
    // A duration past MillisField's bound (centuries; a JSON number up to 1.8e308) would
    // overflow the replay's clock and the integer it is stored as: such a record is unreadable.
    const std::optional<int64_t> duration_ms = MillisField(record, "duration_ms");
    if (!record.is_object() || !duration_ms.has_value() || Text(record, "command").empty()) {
      ++skipped;
      continue;
    }
    // Launches and waits on a person are not runtimes: neither scored nor learned.
    if (Flag(record, "background") || Flag(record, "suspect_wait")) {
      ++skipped;
      continue;
    }
    // Field by field: GCC 12 mistakes a designated initializer's InlinedVector for uninitialized.
    TraceRecord read;
    read.command = Text(record, "command");
    read.cwd = Text(record, "cwd");
    read.actual_ms = static_cast<double>(*duration_ms);
    read.cut_short = Flag(record, "timed_out") || Flag(record, "interrupted");
    read.failed = Flag(record, "is_error");
    if (auto code = record.find("exit_code"); code != record.end() && code->is_number()) {
      read.failed = read.failed || code->get<double>() != 0;
    }
    read.redacted = RedactSecrets(read.command);
    read.line = AnalyzeCommandLine(read.redacted);
    if (read.line.parts.empty()) {
      ++skipped;
      continue;
    }
    read.project = ProjectOf(record);
    read.group = Text(record, "project");
    if (read.group.empty()) read.group = SourceOf(record);
    read.session = Text(record, "session");
    if (read.session.empty()) read.session = Text(record, "source");
    read.requested_timeout_ms = MillisField(record, "timeout_ms");
    records.push_back(std::move(read));
  }
  return records;
}

// A hook event as Claude Code would send it for a record, handed to the hook itself.
void SendToHook(const json& event, const std::string& database, const std::string& project,
                int64_t now_ms) {
  HookEnvironment environment;
  environment.database_path = database;
  environment.project_dir = project;
  environment.now_ms = now_ms;
  (void)HandleHookEvent(event.dump(), environment);
}

// What could be known of each command only after the whole trace: a ceiling for any method that
// gives one answer per command. Each scored run is predicted by the median of the command's other
// runs, before and after it; a command run once has no prediction.
class Hindsight {
 public:
  void Add(const std::string& command, double ms) { runs_[command].push_back(ms); }
  void Sort() {
    for (auto& [command, runs] : runs_) std::sort(runs.begin(), runs.end());
  }

  std::optional<double> MedianOfOtherRuns(const std::string& command, double ms) const {
    auto it = runs_.find(command);
    if (it == runs_.end() || it->second.size() < 2) return std::nullopt;
    const std::vector<double>& runs = it->second;
    // The sorted runs without one run of `ms`: the i-th of the others is runs[i] before that
    // run's place and runs[i + 1] from it on.
    const size_t skip =
        static_cast<size_t>(std::lower_bound(runs.begin(), runs.end(), ms) - runs.begin());
    auto other = [&](size_t i) { return i < skip ? runs[i] : runs[i + 1]; };
    const size_t n = runs.size() - 1;
    return n % 2 == 1 ? other(n / 2) : (other(n / 2 - 1) + other(n / 2)) / 2;
  }

 private:
  absl::flat_hash_map<std::string, std::vector<double>> runs_;
};

Hindsight HindsightOf(const std::vector<TraceRecord>& records) {
  Hindsight hindsight;
  for (const TraceRecord& record : records) {
    if (!record.cut_short && !record.command.empty())
      hindsight.Add(record.command, record.actual_ms);
  }
  hindsight.Sort();
  return hindsight;
}

}  // namespace

double ReplayScore::Recall() const { return Ratio(slow_suggested, slow); }
double ReplayScore::Precision() const { return Ratio(slow_suggested, suggested); }
double ReplayScore::NoiseRate() const { return Ratio(fast_suggested, fast); }
double ReplayScore::Coverage() const { return Ratio(predicted, n); }

double ReplayScore::SlowSecondsCaught() const {
  return slow_ms == 0 ? kNaN : slow_ms_suggested / slow_ms;
}

double ReplayScore::F1() const {
  const double p = Precision(), r = Recall();
  if (std::isnan(p) || std::isnan(r) || p + r == 0) return kNaN;
  return 2 * p * r / (p + r);
}

double ReplayScore::MedianAbsLog2Error() const { return MedianOf(abs_log2_errors); }

double ReplayScore::RepeatedMedianAbsLog2Error() const {
  return MedianOf(repeated_abs_log2_errors);
}

double ReplayScore::MedianOf(const std::vector<double>& errors) {
  if (errors.empty()) return kNaN;
  std::vector<double> sorted = errors;
  std::sort(sorted.begin(), sorted.end());
  const size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

absl::StatusOr<ReplayReport> ReplayTrace(const std::string& trace_path,
                                         const Thresholds& thresholds, std::ostream* events) {
  ReplayReport report;
  absl::StatusOr<std::vector<TraceRecord>> records = ReadTrace(trace_path, report.skipped);
  if (!records.ok()) return records.status();
  absl::StatusOr<std::string> database = ScratchDatabase();
  if (!database.ok()) return database.status();
  struct RemoveFolder {
    std::string folder;
    ~RemoveFolder() {
      std::error_code error;
      std::filesystem::remove_all(folder, error);
    }
  } cleanup{std::filesystem::path(*database).parent_path().string()};
  absl::StatusOr<Store> store = Store::Open(*database);
  if (!store.ok()) return store.status();

  const Hindsight hindsight = HindsightOf(*records);
  absl::flat_hash_map<std::string, CommandHistory> histories;
  // A clock for the replayed session: each command takes its runtime, and a second passes
  // between records.
  int64_t now_ms = 1'700'000'000'000;
  std::string session;
  int64_t index = 0;
  for (const TraceRecord& record : *records) {
    const std::string tool_use_id = absl::StrCat("replay-", index++);
    if (record.session != session) {
      session = record.session;
      ++report.sessions;
      SendToHook({{"hook_event_name", "SessionStart"},
                  {"session_id", session},
                  {"cwd", record.project},
                  {"source", "startup"}},
                 *database, record.project, now_ms);
    }
    if (!record.edited_file.empty()) {
      ++report.edits;
      SendToHook({{"hook_event_name", "PostToolUse"},
                  {"session_id", session},
                  {"cwd", record.project},
                  {"tool_name", record.edit_tool},
                  {"tool_use_id", tool_use_id},
                  {"tool_input", {{"file_path", record.edited_file}}}},
                 *database, record.project, now_ms);
      now_ms += 1000;
      continue;
    }
    const std::string& command = record.command;
    if (!record.cut_short) {
      absl::StatusOr<Estimate> estimate =
          PredictCommandLine(*store, record.line, record.project,
                             CallHints{.requested_timeout_ms = record.requested_timeout_ms});
      if (!estimate.ok()) return estimate.status();
      const Decision decision = Decide(*estimate, thresholds);
      CommandHistory& seen = histories[command];
      const bool repeated = !seen.last_two.empty();
      ScoreEverywhere(report, "bgprof", record.group, estimate->median_ms,
                      decision == Decision::kSuggest, record.actual_ms, repeated, thresholds);
      const bool acts = decision == Decision::kSuggest && ConfidentlySlow(*estimate, thresholds);
      ScoreEverywhere(report, kActing, record.group, estimate->median_ms, acts, record.actual_ms,
                      repeated, thresholds);
      if (events != nullptr) {
        json event = {
            {"command", command},
            {"family", record.line.signature().family},
            {"project", record.group},
            {"state", ChangeStateName(estimate->state)},
            {"p_slow", ProbabilityOver(*estimate, thresholds.suggest_above_ms)},
            {"p_fast", 1 - ProbabilityOver(*estimate, thresholds.quiet_below_ms)},
            {"actual_ms", record.actual_ms},
            {"predicted_ms", estimate->median_ms.has_value()
                                 ? json(std::llround(*estimate->median_ms))
                                 : json(nullptr)},
            {"decision", DecisionName(decision)},
            {"acts", acts},
            {"evidence", SourceName(estimate->source)},
            {"p90_ms",
             estimate->p90_ms.has_value() ? json(std::llround(*estimate->p90_ms)) : json(nullptr)},
            {"runs", estimate->runs},
            {"repeated", repeated}};
        *events << event.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
      }
      std::optional<double> last, mean_two, ema;
      if (repeated) {
        last = seen.last_two.back();
        mean_two = seen.last_two.size() == 2 ? (seen.last_two[0] + seen.last_two[1]) / 2 : *last;
      }
      if (seen.ema_log.has_value()) ema = std::exp(*seen.ema_log);
      const std::optional<double> other_runs =
          hindsight.MedianOfOtherRuns(command, record.actual_ms);
      for (auto [method, value] :
           {std::pair{"last value", last}, std::pair{"mean of last two", mean_two},
            std::pair{"EMA per command", ema}, std::pair{kHindsight, other_runs}}) {
        const bool suggest = value.has_value() && *value > thresholds.suggest_above_ms;
        ScoreEverywhere(report, method, record.group, value, suggest, record.actual_ms, repeated,
                        thresholds);
      }
      seen.last_two.push_back(record.actual_ms);
      if (seen.last_two.size() > 2) seen.last_two.erase(seen.last_two.begin());
      const double x = std::log(std::max(record.actual_ms, 1.0));
      seen.ema_log = seen.ema_log.has_value() ? *seen.ema_log + kEmaAlpha * (x - *seen.ema_log) : x;
    }

    // Learn, as the hook would have.
    const Signature& signature = record.line.signature();
    now_ms += std::llround(record.actual_ms);
    Sample sample{.at_ms = now_ms,
                  .session = session,
                  .project = record.project,
                  .cwd = record.cwd,
                  .command = record.redacted,
                  .program = signature.program,
                  .family = signature.family,
                  .signature = signature.command,
                  .facts = signature.facts,
                  .tool_use_id = tool_use_id,
                  .duration_ms = static_cast<int64_t>(record.actual_ms),
                  .outcome = record.cut_short ? Outcome::kCensored
                             : record.failed  ? Outcome::kFailed
                                              : Outcome::kOk};
    if (absl::Status status = store->InTransaction([&] { return RecordRun(*store, sample); });
        !status.ok()) {
      return status;
    }
    now_ms += 1000;
  }
  return report;
}

int RunReplayCommand(const ReplayOptions& options) {
  std::ofstream events;
  if (!options.events_path.empty()) {
    events.open(options.events_path);
    if (!events) return CommandFailure("cannot write " + options.events_path);
  }
  absl::StatusOr<ReplayReport> report =
      ReplayTrace(options.trace_path, Thresholds{}, events.is_open() ? &events : nullptr);
  if (!report.ok()) return CommandFailure(report.status());
  if (options.json) {
    json out = {{"overall", json::object()},    {"repeated", json::object()},
                {"by_project", json::object()}, {"skipped", report->skipped},
                {"edits", report->edits},       {"sessions", report->sessions}};
    for (const auto& [method, score] : report->overall) out["overall"][method] = ScoreJson(score);
    for (const auto& [method, score] : report->repeated) out["repeated"][method] = ScoreJson(score);
    for (const auto& [project, scores] : report->by_project) {
      for (const auto& [method, score] : scores)
        out["by_project"][project][method] = ScoreJson(score);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "All projects (" << report->edits << " edits and " << report->sessions
            << " session starts replayed through the hook; " << report->skipped
            << " records skipped: background launches, suspected waits, unreadable)\n";
  PrintTable(report->overall);
  std::cout << "\nRecords whose exact command ran before (where the baselines predict)\n";
  PrintTable(report->repeated);
  for (const auto& [project, scores] : report->by_project) {
    std::cout << "\n" << project << "\n";
    PrintTable(scores);
  }
  return 0;
}

}  // namespace bgprof
