#include "profiler/learning/advice.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "profiler/base/duration_text.h"

namespace bgprof {
namespace {

constexpr double kZ90 = 1.2815515655446004;  // z-scores of the 90th and 75th percentiles
constexpr double kZ75 = 0.6744897501960817;

constexpr char kNotification[] =
    "A notification arrives when it ends; reading its output before then shows a partial "
    "result.";

std::string Runs(int64_t runs) { return runs == 1 ? "1 run" : absl::StrCat(runs, " runs"); }

std::string Quoted(std::string_view text) {
  std::string quoted = "`";  // appended: GCC 12 -O3 warns of a false overlap in `"`" + ...`
  quoted.append(text).append("`");
  return quoted;
}

std::string Subject(const Signature& signature, bool several_parts) {
  return several_parts ? absl::StrCat("this command line (mostly ", Quoted(signature.family), ")")
                       : Quoted(signature.family);
}

// " here" for a time measured here; a default measured nowhere is no "here".
const char* Here(const Estimate& estimate) {
  return estimate.source == Source::kPrior || estimate.source == Source::kNone ? "" : " here";
}

// "takes about 48 s here (typical of 12 runs of this command in this project)", or what a
// server is.
std::string TimeClause(const Signature& signature, const Estimate& estimate) {
  if (estimate.never_ends) return "runs until it is stopped (a server or watcher)";
  return absl::StrCat("takes about ", DurationText(estimate.median_ms.value_or(0)), Here(estimate),
                      " (", EvidenceText(signature, estimate), ")");
}

// For a notice: `lead` and the time ("usually takes 48 s here"), or "runs until stopped".
std::string ShortTime(const Estimate& estimate, std::string_view lead = "usually ") {
  if (estimate.never_ends) return "runs until stopped";
  return absl::StrCat(absl::string_view(lead.data(), lead.size()),
                      DurationText(estimate.median_ms.value_or(0)), Here(estimate));
}

// "`npm test` (about 48 s, 12 runs)".
std::string FamilyWithTime(const FamilyEstimate& entry) {
  if (entry.estimate.never_ends) return absl::StrCat(Quoted(entry.family), " (runs until stopped)");
  return absl::StrCat(Quoted(entry.family), " (", UsualDurationText(entry.estimate),
                      entry.estimate.runs > 0 ? absl::StrCat(", ", Runs(entry.estimate.runs)) : "",
                      ")");
}

std::string FamiliesWithTimes(std::span<const FamilyEstimate> families) {
  std::vector<std::string> named;
  for (const FamilyEstimate& entry : families) named.push_back(FamilyWithTime(entry));
  if (named.size() <= 1) return absl::StrJoin(named, "");
  const std::string last = named.back();
  named.pop_back();
  return absl::StrCat(absl::StrJoin(named, ", "), " and ", last);
}

// "`make test`", "`make test` and `npm run build`", "`make test` (2 tasks)", "`a`, `b` and `c`".
std::string FamilyList(std::span<const std::string> families) {
  std::vector<std::pair<std::string, int>> counted;  // in order of first appearance
  for (const std::string& family : families) {
    auto same = std::find_if(counted.begin(), counted.end(),
                             [&](const auto& entry) { return entry.first == family; });
    if (same == counted.end()) {
      counted.emplace_back(family, 1);
    } else {
      ++same->second;
    }
  }
  std::vector<std::string> quoted;
  for (const auto& [family, count] : counted) {
    quoted.push_back(count == 1 ? Quoted(family)
                                : absl::StrCat(Quoted(family), " (", count, " tasks)"));
  }
  if (quoted.size() <= 2) return absl::StrJoin(quoted, " and ");
  return absl::StrCat(absl::StrJoin(quoted.begin(), quoted.end() - 1, ", "), " and ",
                      quoted.back());
}

}  // namespace

std::string EvidenceText(const Signature& signature, const Estimate& estimate) {
  const std::string where = estimate.this_project ? "in this project" : "across projects";
  // Runs of selected tests are learned apart from the family's full runs (profiler/history).
  const char* selected = signature.facts.selects_tests ? " on selected tests" : "";
  switch (estimate.source) {
    case Source::kCommand:
      return absl::StrCat("typical of ", Runs(estimate.runs), " of this command ", where);
    case Source::kFamily:
      return absl::StrCat("typical of ", Runs(estimate.runs), " of `", signature.family, "`",
                          selected, " ", where);
    case Source::kProgram:
      return absl::StrCat("typical of ", Runs(estimate.runs), " of `", signature.program,
                          "` commands ", where);
    case Source::kPrior:
      return absl::StrCat("bgprof's default for `", signature.family, "`", selected,
                          "; no runs measured yet");
    case Source::kNone:
      break;
  }
  return "nothing measured yet";
}

std::string UsualDurationText(const Estimate& estimate) {
  const double median = estimate.median_ms.value_or(0);
  const double p90 = estimate.p90_ms.value_or(median);
  if (median <= 0 || p90 <= median) return absl::StrCat("about ", DurationText(median));
  // The fitted log-normal's quartiles: as far below and above the median in log space.
  const double sigma = std::log(p90 / median) / kZ90;
  const std::string low = DurationText(median * std::exp(-kZ75 * sigma));
  const std::string high = DurationText(median * std::exp(kZ75 * sigma));
  if (low == high) return absl::StrCat("about ", low);
  return absl::StrCat(low, " to ", high);
}

std::string BackgroundAdvice(const Signature& signature, const Estimate& estimate,
                             bool several_parts) {
  if (estimate.never_ends) {
    return absl::StrCat("bgprof: ", Quoted(signature.family),
                        " runs until it is stopped (a server or watcher). Starting it with "
                        "run_in_background: true keeps the session free; its output can be read "
                        "while it runs.");
  }
  return absl::StrCat("bgprof: ", Subject(signature, several_parts), " ",
                      TimeClause(signature, estimate),
                      ". Starting such a command with run_in_background: true avoids blocking "
                      "on it; its output can be read when it finishes.");
}

std::string SlowCallNotice(const Signature& signature, const Estimate& estimate) {
  return absl::StrCat("bgprof: ", Quoted(signature.family), " ",
                      ShortTime(estimate, "usually takes "), "; it could run in the background.");
}

std::string MovedContext(const Signature& signature, const Estimate& estimate, bool several_parts) {
  return absl::StrCat(
      "bgprof moved this call to the background (run_in_background: true), because ",
      Subject(signature, several_parts), " ", TimeClause(signature, estimate), ". ", kNotification,
      " The command is already running: running it again would start a second copy.");
}

std::string MovedNotice(const Signature& signature, const Estimate& estimate) {
  return absl::StrCat("bgprof: moved ", Quoted(signature.family), " to the background (",
                      ShortTime(estimate), ").");
}

std::string DenyReason(const Signature& signature, const Estimate& estimate, bool several_parts) {
  return absl::StrCat(
      "bgprof: ", Subject(signature, several_parts), " ", TimeClause(signature, estimate),
      ". It did not run: started again with run_in_background: true it runs without blocking "
      "the session, and a notification arrives when it ends. If it must run in the foreground, "
      "the same command issued again within 10 minutes runs as it is.");
}

std::string DeniedNotice(const Signature& signature, const Estimate& estimate) {
  return absl::StrCat("bgprof: asked the agent to run ", Quoted(signature.family),
                      " in the background (", ShortTime(estimate), ").");
}

std::string LaunchEta(const Signature& signature, const Estimate& estimate) {
  if (estimate.never_ends) {
    return absl::StrCat("bgprof: ", Quoted(signature.family),
                        " runs until it is stopped; its output can be read while it runs.");
  }
  return absl::StrCat("bgprof: ", Quoted(signature.family), " usually takes ",
                      UsualDurationText(estimate), " (", EvidenceText(signature, estimate), "). ",
                      kNotification);
}

std::string PollEta(std::string_view family, int64_t elapsed_ms, const Estimate& estimate) {
  if (estimate.never_ends || !estimate.median_ms.has_value()) return std::string();
  const double median = *estimate.median_ms;
  const double p90 = std::max(estimate.p90_ms.value_or(median), median);
  const double elapsed = static_cast<double>(elapsed_ms);
  if (elapsed >= p90) return std::string();
  const std::string ran = absl::StrCat("bgprof: ", Quoted(family), " has run ",
                                       DurationText(elapsed), "; it usually takes ",
                                       DurationText(median), " here (", Runs(estimate.runs), ")");
  if (elapsed < median) {
    return absl::StrCat(ran, ", so about ", DurationText(median - elapsed),
                        " more. A notification arrives when it ends.");
  }
  return absl::StrCat(ran, " and most runs end within ", DurationText(p90),
                      ". A notification arrives when it ends.");
}

std::string SlowRunNote(std::string_view family, int64_t duration_ms) {
  return absl::StrCat("bgprof: this call (", Quoted(family), ") ran ",
                      DurationText(static_cast<double>(duration_ms)),
                      " in the foreground, which bgprof had not foreseen. Commands like it can "
                      "be started with run_in_background: true so the session keeps working; a "
                      "notification arrives when they end.");
}

std::string KnownSlowContext(std::span<const FamilyEstimate> families) {
  if (families.empty()) return std::string();
  return absl::StrCat(
      "bgprof measured these slow commands in this project: ", FamiliesWithTimes(families),
      ". Starting such a command with the Bash tool's run_in_background: true keeps the session "
      "free for other work, and a notification arrives when it ends.");
}

std::string PromptContext(std::span<const FamilyEstimate> families) {
  if (families.empty()) return std::string();
  return absl::StrCat("bgprof: in this project ", FamiliesWithTimes(families),
                      families.size() == 1 ? " is slow" : " are slow",
                      ". With run_in_background: true such a command runs without blocking the "
                      "session; a notification arrives when it ends.");
}

std::string ClaudeMdSection(std::span<const FamilyEstimate> families, int64_t max_background) {
  std::string text = absl::StrCat(
      "## Slow commands\n\n"
      "- Start a command expected to take more than a few seconds (a build, a test suite, an "
      "install) with the Bash tool's `run_in_background: true`, and go on with other work.\n"
      "- A notification arrives when it ends; then read its output file. Read earlier, the output "
      "is partial: do not poll it before it is expected to end.\n"
      "- Keep at most ",
      max_background, " such commands running at once.\n");
  if (families.empty()) {
    absl::StrAppend(&text, "- bgprof has measured no slow command in this project yet.\n");
  } else {
    absl::StrAppend(&text, "- Measured by bgprof in this project: ", FamiliesWithTimes(families),
                    ".\n");
  }
  return text;
}

std::string IndependentCallsContext(std::span<const FamilyEstimate> slow, double total_ms) {
  return absl::StrCat(
      "bgprof: the Bash calls of this message run one after another, about ",
      DurationText(total_ms), " in all; the slow ones are ", FamiliesWithTimes(slow),
      ". They do not depend on each other: started with run_in_background: true they would run "
      "at the same time while the session goes on.");
}

std::string DependentCallsContext(std::span<const FamilyEstimate> calls, std::string_view chain) {
  return absl::StrCat("bgprof: in this message ", FamiliesWithTimes(calls),
                      " depend on each other and run one after another. As one background "
                      "command (",
                      Quoted(chain),
                      " with run_in_background: true) they keep their order and the session "
                      "stays free.");
}

std::string TooManyTasksContext(std::string_view family, int64_t running, int64_t max_background) {
  return absl::StrCat("bgprof: ", Quoted(family), " is usually slow, but ", running,
                      " background tasks of this session are already running (bgprof's limit is ",
                      max_background,
                      "), so bgprof does not move more work to the background; results of the "
                      "running tasks arrive as notifications.");
}

std::string WaitsForTaskContext(std::string_view family, const RunningDependency& dependency) {
  std::string expected;
  if (dependency.predicted_ms.has_value()) {
    expected =
        absl::StrCat(", usually ", DurationText(static_cast<double>(*dependency.predicted_ms)));
  }
  return absl::StrCat(
      "bgprof: ", Quoted(dependency.task_family), " is still running in the background (for ",
      DurationText(static_cast<double>(dependency.elapsed_ms)), expected, "), and ", Quoted(family),
      " depends on its result: until its notification arrives, this run may see "
      "a half-finished state.");
}

std::string StopReminder(std::span<const std::string> running_families,
                         std::span<const std::string> unread_families) {
  std::vector<std::string> parts;
  if (!running_families.empty()) {
    parts.push_back(absl::StrCat(FamilyList(running_families),
                                 running_families.size() == 1 ? " is" : " are",
                                 " still running in the background"));
  }
  if (!unread_families.empty()) {
    parts.push_back(absl::StrCat(FamilyList(unread_families),
                                 " finished in the background, and the agent never read ",
                                 unread_families.size() == 1 ? "its result" : "their results"));
  }
  if (parts.empty()) return std::string();
  return absl::StrCat("bgprof: ", absl::StrJoin(parts, "; "), ".");
}

}  // namespace bgprof
