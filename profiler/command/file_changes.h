// Which commands change a project's files, so that the build or test run after them is not
// predicted from the no-op run before them: `git pull`, `git stash`, `sed -i`, `patch`, `touch`,
// `make clean`, a reconfigure, `npm install`. A build writes files too, but what it writes is what
// the next build would otherwise redo, so builds and test runs are not changes.
#ifndef BGPROF_PROFILER_COMMAND_FILE_CHANGES_H_
#define BGPROF_PROFILER_COMMAND_FILE_CHANGES_H_

#include "profiler/command/signature.h"

namespace bgprof {

bool ChangesFiles(const Signature& signature);

// Whether it throws a build's outputs away (`make clean`, `cargo clean`) or reconfigures it
// (`./configure`, `cmake -S . -B build`, `meson setup`): the next build is a full one.
bool ResetsBuild(const Signature& signature);

// Whether a part of `line` before part `index` changes files: `make clean && make` does a full
// build whatever happened before the line.
bool ChangesFilesBefore(const CommandLine& line, size_t index);

// Whether a part of `line` before part `index` throws build outputs away or reconfigures:
// `make clean && make`.
bool ResetsBuildBefore(const CommandLine& line, size_t index);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_FILE_CHANGES_H_
