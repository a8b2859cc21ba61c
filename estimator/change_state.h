// What changed in a project since a command's family last ran there. A build costs a full build
// in a fresh checkout, a fraction of it after an edit and almost nothing when nothing changed, so
// runs in each state are also learned apart. Found by profiler/learning from the agent's edits and
// the Bash commands that change files, and handed to the model as plain data.
#ifndef BGPROF_ESTIMATOR_CHANGE_STATE_H_
#define BGPROF_ESTIMATOR_CHANGE_STATE_H_

#include <string_view>

namespace bgprof {

enum class ChangeState {
  kUnknown,  // not looked at: the state levels are skipped
  // The family never ran in this project, or its outputs were thrown away since (a clean, a
  // reconfigure): a full run.
  kFresh,
  kChanged,    // files changed since it last ran there (an edit, `git pull`, a new session, ...)
  kUnchanged,  // nothing changed since it last ran there
};

// "", "fresh", "changed", "unchanged": part of stats keys, `samples.state` and `estimate --json`.
std::string_view ChangeStateName(ChangeState state);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_CHANGE_STATE_H_
