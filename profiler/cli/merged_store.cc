#include "profiler/cli/merged_store.h"

#include "db/location.h"
#include "hook/environment.h"
#include "hook/event_spool.h"
#include "profiler/base/error_log.h"

namespace bgprof {

absl::StatusOr<Store> OpenStoreWithSpoolMerged() {
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return store;
  // The events replay as the hooks would have handled them: the same settings and folders.
  const HookEnvironment environment = HookEnvironmentFromProcess();
  if (environment.database_path.empty()) return store;
  if (absl::Status merged = MergeWaitingSpool(*store, environment); !merged.ok()) {
    AppendErrorLog(LogPathFor(environment.database_path),
                   "bgprof: spool not merged: " + merged.ToString(), environment.now_ms);
  }
  return store;
}

}  // namespace bgprof
