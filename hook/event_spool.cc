#include "hook/event_spool.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "db/location.h"
#include "hook/handlers.h"
#include "hook/pre_tool_use.h"
#include "profiler/base/error_log.h"

namespace bgprof {
namespace {

void LogSkipped(const HookEnvironment& environment, std::string_view why) {
  AppendErrorLog(LogPathFor(environment.database_path),
                 "bgprof: spooled event skipped: " + std::string(why), environment.now_ms);
}

// A PreToolUse recorded already (a merge replayed again) left its start, or its run's sample.
absl::StatusOr<bool> AlreadyRecorded(Store& store, const HookEvent& event) {
  if (event.tool_use_id.empty()) return false;
  absl::StatusOr<bool> started = store.HasStart(event.tool_use_id);
  if (!started.ok() || *started) return started;
  return store.HookRecordedCall(event.session_id, event.tool_use_id);
}

// Replays one record in a savepoint of its own: a record that fails is logged and skipped, and
// the others are merged.
void ReplayRecord(Store& store, const std::string& record, const HookEnvironment& environment) {
  absl::StatusOr<SpooledEvent> spooled = DecodeSpooledEvent(record);
  if (!spooled.ok()) {
    LogSkipped(environment, spooled.status().ToString());
    return;
  }
  absl::Status status =
      store.InSavepoint([&] { return ReplaySpooledEvent(store, *spooled, environment); });
  if (!status.ok()) {
    LogSkipped(environment, absl::StrCat(spooled->event.event_name, " ", spooled->event.tool_use_id,
                                         ": ", status.ToString()));
  }
}

}  // namespace

absl::Status SpoolEvent(const HookEnvironment& environment, const SpooledEvent& spooled) {
  return AppendToSpool(SpoolPathFor(environment.database_path), EncodeSpooledEvent(spooled));
}

absl::Status ReplaySpooledEvent(Store& store, const SpooledEvent& spooled,
                                const HookEnvironment& environment) {
  HookEnvironment then = environment;
  then.now_ms = spooled.at_ms;
  then.project_dir = spooled.project_dir;
  then.replaying = true;
  const HookEvent& event = spooled.event;
  if (event.kind == EventKind::kPreToolUse) {
    if (!event.bash.has_value()) return absl::OkStatus();
    absl::StatusOr<bool> recorded = AlreadyRecorded(store, event);
    if (!recorded.ok() || *recorded) return recorded.status();
    return RecordPreToolUse(store, event, then, spooled.decision.value_or(PreToolUseDecision{}));
  }
  const Handler handler = HandlerOf(event);
  if (handler == nullptr) return absl::OkStatus();
  return handler(store, event, then).status();
}

absl::StatusOr<ClaimedSpool> MergeSpool(Store& store, const HookEnvironment& environment) {
  const std::string spool_path = SpoolPathFor(environment.database_path);
  if (!SpoolWaiting(spool_path)) return ClaimedSpool();
  absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_path);
  if (!claimed.ok()) return claimed.status();
  for (const ClaimedSpool::Claim& claim : claimed->claims()) {
    absl::StatusOr<bool> merged = store.SpoolClaimMerged(claim.name);
    if (!merged.ok()) return merged.status();
    if (*merged) continue;  // its merger committed, then died before it unlinked the file
    for (const std::string& record : claim.records) ReplayRecord(store, record, environment);
    if (absl::Status status = store.NoteSpoolClaimMerged(claim.name, environment.now_ms);
        !status.ok()) {
      return status;
    }
  }
  return claimed;
}

absl::Status MergeWaitingSpool(Store& store, const HookEnvironment& environment) {
  if (!SpoolWaiting(SpoolPathFor(environment.database_path))) return absl::OkStatus();
  if (absl::Status status = store.Begin(); !status.ok()) return status;
  absl::StatusOr<ClaimedSpool> claimed = MergeSpool(store, environment);
  absl::Status status = claimed.status();
  if (status.ok()) status = store.Commit();
  if (!status.ok()) {
    store.Rollback();
    return status;
  }
  claimed->Release();
  return absl::OkStatus();
}

}  // namespace bgprof
