#include "profiler/learning/advice.h"

#include "absl/strings/str_cat.h"
#include "profiler/base/duration_text.h"

namespace bgprof {
namespace {

std::string Runs(int64_t runs) { return runs == 1 ? "1 run" : absl::StrCat(runs, " runs"); }

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

std::string BackgroundAdvice(const Signature& signature, const Estimate& estimate,
                             bool several_parts) {
  if (estimate.never_ends) {
    return absl::StrCat("bgprof: `", signature.family,
                        "` runs until it is stopped (a server or watcher). Starting it with "
                        "run_in_background: true keeps the session free; its output can be read "
                        "while it runs.");
  }
  const std::string subject =
      several_parts ? absl::StrCat("this command line (mostly `", signature.family, "`)")
                    : absl::StrCat("`", signature.family, "`");
  return absl::StrCat("bgprof: ", subject, " takes about ",
                      DurationText(estimate.median_ms.value_or(0)), " here (",
                      EvidenceText(signature, estimate),
                      "). Starting such a command with run_in_background: true avoids blocking "
                      "on it; its output can be read when it finishes.");
}

}  // namespace bgprof
