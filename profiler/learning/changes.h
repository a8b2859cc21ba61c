// What changed in a project between runs: the agent's edits (PostToolUse of Edit, Write,
// MultiEdit, NotebookEdit), Bash lines that change files (profiler/command/file_changes) and new
// sessions, after which anything may have changed. A command's family then finds its project
// unchanged since it last ran there, changed, or never run there (estimator/change_state).
#ifndef BGPROF_PROFILER_LEARNING_CHANGES_H_
#define BGPROF_PROFILER_LEARNING_CHANGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/store.h"
#include "estimator/change_state.h"
#include "profiler/command/signature.h"

namespace bgprof {

// The state part `index` of `line` finds in `project`, the parts before it in its line included
// (`make clean && make` finds its outputs thrown away). A first run or one after a reset is fresh
// wherever it runs; otherwise kUnknown in a project where bgprof has seen no edit, as it cannot
// tell that nothing changed there.
absl::StatusOr<ChangeState> ChangeStateOf(Store& store, const CommandLine& line, size_t index,
                                          std::string_view project);

// What the parts of a line before one part do that its state depends on.
struct PartsBefore {
  bool change_files = false;  // ChangesFilesBefore
  bool reset_build = false;   // ResetsBuildBefore

  bool operator==(const PartsBefore&) const = default;
};

// PartsBefore of every part of `line`, in one pass: asking for each part apart would read the
// line once per part.
std::vector<PartsBefore> PartsBeforeEach(const CommandLine& line);

// As above, for a part with `signature` that `before` tells the parts before of.
absl::StatusOr<ChangeState> ChangeStateOf(Store& store, const Signature& signature,
                                          PartsBefore before, std::string_view project);

// Records a finished Bash call as the hook does: the state its line found, then the sample
// (history's RecordSample), then the changes the line made, if its parts change files (each such
// part's command stands for the paths it touched). The sample's command is its redacted line. In
// the caller's write transaction, like RecordSample.
absl::Status RecordRun(Store& store, Sample sample);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_CHANGES_H_
