#include "profiler/learning/changes.h"

#include "profiler/command/file_changes.h"
#include "profiler/learning/history.h"

namespace bgprof {

absl::StatusOr<ChangeState> ChangeStateOf(Store& store, const CommandLine& line, size_t index,
                                          std::string_view project) {
  if (index >= line.parts.size()) return ChangeState::kUnknown;
  return ChangeStateOf(store, line.parts[index].signature,
                       PartsBefore{.change_files = ChangesFilesBefore(line, index),
                                   .reset_build = ResetsBuildBefore(line, index)},
                       project);
}

std::vector<PartsBefore> PartsBeforeEach(const CommandLine& line) {
  std::vector<PartsBefore> before;
  before.reserve(line.parts.size());
  PartsBefore so_far;
  for (const CommandPart& part : line.parts) {
    before.push_back(so_far);
    if (part.setup) continue;
    so_far.change_files = so_far.change_files || ChangesFiles(part.signature);
    so_far.reset_build = so_far.reset_build || ResetsBuild(part.signature);
  }
  return before;
}

absl::StatusOr<ChangeState> ChangeStateOf(Store& store, const Signature& signature,
                                          PartsBefore before, std::string_view project) {
  absl::StatusOr<RunStats> here = store.LoadStats(FamilyKeyHere(signature, project));
  if (!here.ok()) return here.status();
  absl::StatusOr<ChangesAfter> changes = store.ChangesSince(project, here->last_seen_ms);
  if (!changes.ok()) return changes.status();
  if (here->runs == 0 || changes->build_reset || before.reset_build) return ChangeState::kFresh;
  if (!changes->edits_followed) return ChangeState::kUnknown;
  if (changes->changed || before.change_files) return ChangeState::kChanged;
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
