#include "profiler/replay_command.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "db/store.h"
#include "profiler/history.h"
#include "profiler/redact.h"
#include "profiler/signature.h"

namespace bgprof {
namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* const kMethods[] = {"bgprof", "last value", "mean of last two", "EMA per command"};

double Ratio(int64_t part, int64_t whole) {
  return whole == 0 ? kNaN : static_cast<double>(part) / static_cast<double>(whole);
}

// The baselines keep their history per exact command string.
struct CommandHistory {
  std::vector<double> last_two;  // newest last
  std::optional<double> ema_log;
};

void Score(ReplayScore& score, std::optional<double> predicted_ms, bool suggest, double actual_ms,
           const Thresholds& thresholds) {
  ++score.n;
  const bool slow = actual_ms > thresholds.suggest_above_ms;
  const bool fast = actual_ms < thresholds.quiet_below_ms;
  score.slow += slow;
  score.fast += fast;
  score.suggested += suggest;
  score.slow_suggested += slow && suggest;
  score.fast_suggested += fast && suggest;
  if (predicted_ms.has_value()) {
    ++score.predicted;
    score.abs_log2_errors.push_back(
        std::abs(std::log2(std::max(*predicted_ms, 1.0) / std::max(actual_ms, 1.0))));
  }
}

// Scores one prediction for a method, overall and for the record's source.
void ScoreEverywhere(ReplayReport& report, const std::string& method, const std::string& source,
                     std::optional<double> predicted_ms, bool suggest, double actual_ms,
                     const Thresholds& thresholds) {
  Score(report.overall[method], predicted_ms, suggest, actual_ms, thresholds);
  Score(report.by_source[source][method], predicted_ms, suggest, actual_ms, thresholds);
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
          {"coverage", number(score.Coverage())},
          {"median_abs_log2_error", number(score.MedianAbsLog2Error())}};
}

void PrintTable(const std::map<std::string, ReplayScore>& scores) {
  std::cout << absl::StrFormat("%-18s %6s %7s %9s %7s %6s %8s %11s\n", "method", "n", "recall",
                               "precision", "noise", "F1", "coverage", "|log2 err|");
  for (const char* method : kMethods) {
    auto it = scores.find(method);
    if (it == scores.end()) continue;
    const ReplayScore& s = it->second;
    std::cout << absl::StrFormat("%-18s %6d %7s %9s %7s %6s %8s %11s\n", method, s.n,
                                 Cell(s.Recall(), "%.3f"), Cell(s.Precision(), "%.3f"),
                                 Cell(s.NoiseRate() * 100, "%.2f%%"), Cell(s.F1(), "%.3f"),
                                 Cell(s.Coverage(), "%.3f"), Cell(s.MedianAbsLog2Error(), "%.3f"));
  }
}

}  // namespace

double ReplayScore::Recall() const { return Ratio(slow_suggested, slow); }
double ReplayScore::Precision() const { return Ratio(slow_suggested, suggested); }
double ReplayScore::NoiseRate() const { return Ratio(fast_suggested, fast); }
double ReplayScore::Coverage() const { return Ratio(predicted, n); }

double ReplayScore::F1() const {
  const double p = Precision(), r = Recall();
  if (std::isnan(p) || std::isnan(r) || p + r == 0) return kNaN;
  return 2 * p * r / (p + r);
}

double ReplayScore::MedianAbsLog2Error() const {
  if (abs_log2_errors.empty()) return kNaN;
  std::vector<double> sorted = abs_log2_errors;
  std::sort(sorted.begin(), sorted.end());
  const size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

absl::StatusOr<ReplayReport> ReplayTrace(const std::string& trace_path,
                                         const Thresholds& thresholds, std::ostream* events) {
  std::ifstream in(trace_path);
  if (!in) return absl::NotFoundError("cannot read " + trace_path);
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

  ReplayReport report;
  absl::flat_hash_map<std::string, CommandHistory> histories;
  int64_t index = 0;
  for (std::string line; std::getline(in, line); ++index) {
    json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto duration = record.is_object() ? record.find("duration_ms") : record.end();
    if (!record.is_object() || duration == record.end() || !duration->is_number() ||
        Text(record, "command").empty()) {
      ++report.skipped;
      continue;
    }
    // Launches and waits on a person are not runtimes: neither scored nor learned.
    if (Flag(record, "background") || Flag(record, "suspect_wait")) {
      ++report.skipped;
      continue;
    }
    const double actual_ms = std::max(0.0, duration->get<double>());
    const std::string command = Text(record, "command");
    std::string project = Text(record, "project");
    if (project.empty()) project = Text(record, "cwd");
    const bool cut_short = Flag(record, "timed_out") || Flag(record, "interrupted");
    const std::string source = SourceOf(record);

    const std::string redacted = RedactSecrets(command);
    const CommandLine analyzed = AnalyzeCommandLine(redacted);
    if (analyzed.parts.empty()) {
      ++report.skipped;
      continue;
    }
    if (!cut_short) {
      std::optional<int64_t> requested_timeout;
      if (auto it = record.find("timeout_ms"); it != record.end() && it->is_number()) {
        requested_timeout = it->get<int64_t>();
      }
      absl::StatusOr<Estimate> estimate = PredictCommandLine(
          *store, analyzed, project, CallHints{.requested_timeout_ms = requested_timeout});
      if (!estimate.ok()) return estimate.status();
      const Decision decision = Decide(*estimate, thresholds);
      ScoreEverywhere(report, "bgprof", source, estimate->median_ms, decision == Decision::kSuggest,
                      actual_ms, thresholds);
      if (events != nullptr) {
        json event = {{"command", command},
                      {"family", analyzed.signature().family},
                      {"source", source},
                      {"actual_ms", actual_ms},
                      {"predicted_ms", estimate->median_ms.has_value()
                                           ? json(std::llround(*estimate->median_ms))
                                           : json(nullptr)},
                      {"decision", DecisionName(decision)},
                      {"evidence", SourceName(estimate->source)},
                      {"runs", estimate->runs}};
        *events << event.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
      }
      const CommandHistory& seen = histories[command];
      std::optional<double> last, mean_two, ema;
      if (!seen.last_two.empty()) {
        last = seen.last_two.back();
        mean_two = seen.last_two.size() == 2 ? (seen.last_two[0] + seen.last_two[1]) / 2 : *last;
      }
      if (seen.ema_log.has_value()) ema = std::exp(*seen.ema_log);
      for (auto [method, value] :
           {std::pair{"last value", last}, std::pair{"mean of last two", mean_two},
            std::pair{"EMA per command", ema}}) {
        const bool suggest = value.has_value() && *value > thresholds.suggest_above_ms;
        ScoreEverywhere(report, method, source, value, suggest, actual_ms, thresholds);
      }
    }

    // Learn, as the hook would have.
    const Signature& signature = analyzed.signature();
    Sample sample{.at_ms = index * 1000,
                  .project = project,
                  .cwd = Text(record, "cwd"),
                  .command = redacted,
                  .program = signature.program,
                  .family = signature.family,
                  .signature = signature.command,
                  .duration_ms = static_cast<int64_t>(actual_ms),
                  .outcome = cut_short                  ? Outcome::kCensored
                             : Flag(record, "is_error") ? Outcome::kFailed
                                                        : Outcome::kOk};
    if (absl::Status status = RecordSample(*store, sample); !status.ok()) return status;
    if (!cut_short) {
      CommandHistory& history = histories[command];
      history.last_two.push_back(actual_ms);
      if (history.last_two.size() > 2) history.last_two.erase(history.last_two.begin());
      const double x = std::log(std::max(actual_ms, 1.0));
      history.ema_log =
          history.ema_log.has_value() ? *history.ema_log + kEmaAlpha * (x - *history.ema_log) : x;
    }
  }
  return report;
}

int RunReplayCommand(const ReplayOptions& options) {
  std::ofstream events;
  if (!options.events_path.empty()) {
    events.open(options.events_path);
    if (!events) {
      std::cerr << "bgprof: cannot write " << options.events_path << "\n";
      return 1;
    }
  }
  absl::StatusOr<ReplayReport> report =
      ReplayTrace(options.trace_path, Thresholds{}, events.is_open() ? &events : nullptr);
  if (!report.ok()) {
    std::cerr << "bgprof: " << report.status().message() << "\n";
    return 1;
  }
  if (options.json) {
    json out = {
        {"overall", json::object()}, {"by_source", json::object()}, {"skipped", report->skipped}};
    for (const auto& [method, score] : report->overall) out["overall"][method] = ScoreJson(score);
    for (const auto& [source, scores] : report->by_source) {
      for (const auto& [method, score] : scores)
        out["by_source"][source][method] = ScoreJson(score);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "All sources (" << report->skipped
            << " records skipped: background launches, suspected waits, unreadable)\n";
  PrintTable(report->overall);
  for (const auto& [source, scores] : report->by_source) {
    std::cout << "\n" << source << "\n";
    PrintTable(scores);
  }
  return 0;
}

}  // namespace bgprof
