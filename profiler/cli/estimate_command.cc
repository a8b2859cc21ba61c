#include "profiler/cli/estimate_command.h"

#include <iostream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/store.h"
#include "profiler/base/config.h"
#include "profiler/base/duration_text.h"
#include "profiler/cli/cli.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

nlohmann::json MillisOrNull(const std::optional<double>& ms) {
  if (std::optional<int64_t> whole = WholeMs(ms)) return *whole;
  return nullptr;
}

nlohmann::json PartsJson(const CommandLine& line) {
  nlohmann::json parts = nlohmann::json::array();
  for (size_t i = 0; i < line.parts.size(); ++i) {
    const CommandPart& part = line.parts[i];
    parts.push_back({{"command", part.signature.command},
                     {"family", part.signature.family},
                     {"program", part.signature.program},
                     {"next", ConnectorName(part.next)},
                     {"cwd", part.cwd},
                     {"timeout_ms", part.signature.facts.timeout_ms.has_value()
                                        ? nlohmann::json(*part.signature.facts.timeout_ms)
                                        : nlohmann::json(nullptr)},
                     {"setup", part.setup},
                     {"dominant", i == line.dominant}});
  }
  return parts;
}

// What the command finds changed in its project, in words.
std::string StateText(const Estimate& estimate, const std::string& family) {
  const std::string name(ChangeStateName(estimate.state));
  switch (estimate.state) {
    case ChangeState::kFresh:
      return absl::StrCat(name, ": `", family, "` never ran here, or its build was reset since");
    case ChangeState::kChanged:
      return absl::StrCat(name, ": files changed since `", family, "` last ran here");
    case ChangeState::kUnchanged:
      return absl::StrCat(name, ": nothing changed since `", family, "` last ran here");
    case ChangeState::kUnknown:
      break;
  }
  return name;
}

}  // namespace

int RunEstimateCommand(const EstimateOptions& options) {
  absl::StatusOr<std::string> project =
      options.cwd.empty() ? ProjectOfWorkingFolder() : ProjectOfFolder(options.cwd);
  if (!project.ok()) {
    return CommandFailure(std::string(project.status().message()) + ": name a folder with --cwd");
  }
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return CommandFailure(store.status());
  const CommandLine line = AnalyzeCommandLine(RedactSecrets(options.command));
  const Signature& signature = line.signature();
  absl::StatusOr<Estimate> estimate = PredictCommandLine(*store, line, *project);
  if (!estimate.ok()) return CommandFailure(estimate.status());
  absl::StatusOr<Config> config = LoadConfig();
  if (!config.ok()) return CommandFailure(config.status());
  const Decision decision = Decide(*estimate, config->thresholds);

  // Nothing known: no odds either (null), rather than a certainty of being quick.
  const bool known = estimate->median_ms.has_value() || estimate->never_ends;
  const Thresholds& thresholds = config->thresholds;
  const double p_slow = ProbabilityOver(*estimate, thresholds.suggest_above_ms);
  const double p_quick = 1 - ProbabilityOver(*estimate, thresholds.quiet_below_ms);
  if (options.json) {
    nlohmann::json out = {
        {"signature",
         {{"command", signature.command},
          {"family", signature.family},
          {"program", signature.program}}},
        {"predicted_ms", MillisOrNull(estimate->median_ms)},
        {"p90_ms", MillisOrNull(estimate->p90_ms)},
        {"samples", estimate->runs},
        {"source", SourceName(estimate->source)},
        {"decision", DecisionName(decision)},
        // The two probabilities the decision rests on, and the state the command found.
        {"p_over_suggest", known ? nlohmann::json(p_slow) : nlohmann::json(nullptr)},
        {"p_under_quiet", known ? nlohmann::json(p_quick) : nlohmann::json(nullptr)},
        {"state", ChangeStateName(estimate->state)},
        {"project", *project},
        {"parts", PartsJson(line)},
    };
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << absl::StrFormat("%-10s %s\n", "command", signature.command);
  if (estimate->median_ms.has_value()) {
    std::cout << absl::StrFormat("%-10s %s (p90 %s)\n", "predicted",
                                 DurationText(*estimate->median_ms),
                                 DurationText(estimate->p90_ms.value_or(*estimate->median_ms)));
  } else {
    std::cout << absl::StrFormat("%-10s %s\n", "predicted", "unknown");
  }
  std::cout << absl::StrFormat("%-10s %s\n", "based on", EvidenceText(signature, *estimate));
  std::string why;
  if (decision == Decision::kNeutral && estimate->median_ms.has_value() &&
      *estimate->median_ms > thresholds.suggest_above_ms) {
    // Over the line, held back by Decide's optimistic runtime: say so, or it reads as a bug.
    why = absl::StrCat(" (may well be quick: one run in ten under ",
                       DurationText(OptimisticMs(*estimate)), ")");
  }
  std::cout << absl::StrFormat("%-10s %s%s\n", "decision", DecisionName(decision), why);
  if (estimate->median_ms.has_value()) {
    std::cout << absl::StrFormat("%-10s %.0f %% over %s, %.0f %% under %s\n", "odds", 100 * p_slow,
                                 DurationText(thresholds.suggest_above_ms), 100 * p_quick,
                                 DurationText(thresholds.quiet_below_ms));
  }
  if (estimate->state != ChangeState::kUnknown) {
    std::cout << absl::StrFormat("%-10s %s\n", "state", StateText(*estimate, signature.family));
  }
  std::cout << absl::StrFormat("%-10s %s\n", "family", signature.family);
  if (line.parts.size() > 1) {
    for (size_t i = 0; i < line.parts.size(); ++i) {
      const CommandPart& part = line.parts[i];
      std::cout << absl::StrFormat(
          "%-10s %s%s%s\n", i == 0 ? "parts" : "", part.signature.command,
          part.next == Connector::kEnd ? "" : "  (" + std::string(ConnectorName(part.next)) + ")",
          i == line.dominant ? "  <- dominant" : "");
    }
  }
  std::cout << absl::StrFormat("%-10s %s\n", "project", *project);
  return 0;
}

}  // namespace bgprof
