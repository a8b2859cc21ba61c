#include "profiler/learning/changes.h"

#include "profiler/command/file_changes.h"
#include "profiler/learning/history.h"

namespace bgprof {

absl::StatusOr<ChangeState> ChangeStateOf(Store& store, const CommandLine& line, size_t index,
                                          std::string_view project) {
  if (index >= line.parts.size()) return ChangeState::kUnknown;
  absl::StatusOr<RunStats> here =
      store.LoadStats(FamilyKeyHere(line.parts[index].signature, project));
  if (!here.ok()) return here.status();
  absl::StatusOr<ChangesAfter> changes = store.ChangesSince(project, here->last_seen_ms);
  if (!changes.ok()) return changes.status();
  if (here->runs == 0 || changes->build_reset || ResetsBuildBefore(line, index)) {
    return ChangeState::kFresh;
  }
  if (!changes->edits_followed) return ChangeState::kUnknown;
  if (changes->changed || ChangesFilesBefore(line, index)) return ChangeState::kChanged;
  return ChangeState::kUnchanged;
}

absl::Status RecordRun(Store& store, Sample sample) {
  const CommandLine line = AnalyzeCommandLine(sample.command);
  absl::StatusOr<ChangeState> state = ChangeStateOf(store, line, line.dominant, sample.project);
  if (!state.ok()) return state.status();
  sample.state = *state;
  if (absl::Status status = RecordSample(store, sample); !status.ok()) return status;
  for (const CommandPart& part : line.parts) {
    if (part.setup || !ChangesFiles(part.signature)) continue;
    absl::Status status =
        store.RecordChange(FileChange{.at_ms = sample.at_ms,
                                      .session = sample.session,
                                      .project = sample.project,
                                      .path = std::string(part.own_command()),
                                      .tool = "Bash",
                                      .resets_build = ResetsBuild(part.signature)});
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace bgprof
