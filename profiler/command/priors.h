// Pattern priors: what bgprof assumes about a command it has never seen run. They keep a fresh
// install quiet on `git status` and let it speak up on the first `cargo build`.
#ifndef BGPROF_PROFILER_COMMAND_PRIORS_H_
#define BGPROF_PROFILER_COMMAND_PRIORS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "estimator/prior.h"

namespace bgprof {

// The prior of a command family (e.g. "cargo build"), else of its program (e.g. "ls"), from the
// rules of profiler/command/priors.txt.
std::optional<Prior> PriorFor(std::string_view family, std::string_view program);

struct PriorRule {
  std::string name;  // a family ("npm install") or a bare program ("ls")
  Prior prior;
};

// Reads rules in the format of profiler/command/priors.txt: `name  median  p90` a line, durations
// with a unit (ms, s, min, h), `#` comments and blank lines ignored. Fails naming the line at
// fault.
absl::StatusOr<std::vector<PriorRule>> ParsePriors(std::string_view text);

// profiler/command/priors.txt, compiled in.
std::string_view BuiltInPriorsText();

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_PRIORS_H_
