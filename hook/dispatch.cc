#include "hook/dispatch.h"

#include <unistd.h>

#include <csignal>
#include <exception>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/location.h"
#include "db/store.h"
#include "hook/deadline.h"
#include "hook/event_input.h"
#include "hook/event_spool.h"
#include "hook/handlers.h"
#include "hook/pre_tool_use.h"
#include "hook/protocol/event.h"
#include "profiler/base/error_log.h"

namespace bgprof {
namespace {

void LogFailure(const HookEnvironment& environment, std::string_view message) {
  const std::string where =
      environment.database_path.empty() ? std::string() : LogPathFor(environment.database_path);
  AppendErrorLog(where.empty() ? "/dev/stderr" : where, "bgprof hook: " + std::string(message),
                 environment.now_ms);
}

// Where LogFailure logs, for the deadline, armed before the environment is read.
std::string DeadlineLogPath() {
  absl::StatusOr<std::string> database_path = DatabasePath();
  const std::string where = database_path.ok() ? LogPathFor(*database_path) : std::string();
  return where.empty() ? "/dev/stderr" : where;
}

absl::StatusOr<Store> OpenForHook(const HookEnvironment& environment) {
  absl::StatusOr<Store> store =
      Store::Open(environment.database_path, {.user = StoreUser::kHook, .heal = true});
  if (store.ok()) store->SetBusyTimeout(kHookWriteBudgetMs);
  return store;
}

// A damaged page found mid-statement: the file is set aside and a new, empty database opened in
// its place, where the event is handled again, as after a damaged file found at open.
bool HealedAfter(absl::StatusOr<Store>& store, const absl::Status& status) {
  return absl::IsDataLoss(status) && store.ok() && store->HealCorruption().ok();
}

// Runs `writes` in one write transaction, after merging whatever waits in the spool; when the
// lock stays busy past the budget (or the store could not even be opened for it), appends
// `spooled` to the spool instead. A spool that cannot be written (a full disk) loses the event,
// which is logged: the hook still exits 0.
absl::Status WriteOrSpool(absl::StatusOr<Store>& store, const HookEnvironment& environment,
                          const SpooledEvent& spooled,
                          absl::FunctionRef<absl::Status(Store&)> writes) {
  absl::Status status = store.ok() ? store->Begin() : store.status();
  if (absl::IsUnavailable(status)) return SpoolEvent(environment, spooled);
  if (!status.ok()) return status;
  absl::StatusOr<ClaimedSpool> merged = MergeSpool(*store, environment);
  if (!merged.ok()) LogFailure(environment, "spool not merged: " + merged.status().ToString());
  // A savepoint: when the event's writes fail, the merge before them still commits.
  const absl::Status wrote = store->InSavepoint([&] { return writes(*store); });
  if (absl::Status committed = store->Commit(); !committed.ok()) {
    store->Rollback();
    return committed;
  }
  if (merged.ok()) merged->Release();
  return wrote;
}

SpooledEvent ToSpool(const HookEvent& event, const HookEnvironment& environment,
                     std::optional<PreToolUseDecision> decision = std::nullopt) {
  return SpooledEvent{.event = event,
                      .at_ms = environment.now_ms,
                      .project_dir = environment.project_dir,
                      .decision = std::move(decision)};
}

// A PreToolUse answers first, from reads alone, and records the call afterwards: a busy write
// lock never keeps its advice from the agent.
absl::Status HandlePreToolUse(const HookEvent& event, const HookEnvironment& environment,
                              absl::FunctionRef<void(std::string_view)> print) {
  absl::StatusOr<Store> store = OpenForHook(environment);
  absl::Status judged = store.status();
  PreToolUseDecision decision;
  if (store.ok()) {
    absl::StatusOr<PreToolUseAnswer> answer = JudgePreToolUse(*store, event, environment);
    if (HealedAfter(store, answer.status())) answer = JudgePreToolUse(*store, event, environment);
    judged = answer.status();
    if (answer.ok()) {
      print(answer->output);
      decision = answer->decision;
    }
  }
  // The start is recorded whatever happened: the run's duration may depend on it.
  const auto record = [&](Store& open) {
    return RecordPreToolUse(open, event, environment, decision);
  };
  absl::Status recorded =
      WriteOrSpool(store, environment, ToSpool(event, environment, decision), record);
  if (HealedAfter(store, recorded)) {
    recorded = WriteOrSpool(store, environment, ToSpool(event, environment, decision), record);
  }
  return judged.ok() ? recorded : judged;
}

absl::Status Handle(std::string_view input, const HookEnvironment& environment,
                    absl::FunctionRef<void(std::string_view)> print) {
  absl::StatusOr<HookEvent> event = ParseHookEvent(input);
  if (!event.ok()) return event.status();
  const Handler handler = HandlerOf(*event);
  if (handler == nullptr) return absl::OkStatus();
  if (environment.database_path.empty()) {
    return absl::FailedPreconditionError("no database path: set BGPROF_DB or HOME");
  }
  if (event->kind == EventKind::kPreToolUse) return HandlePreToolUse(*event, environment, print);
  absl::StatusOr<Store> store = OpenForHook(environment);
  if (!HandlerWrites(*event)) {
    if (!store.ok()) return store.status();
    absl::StatusOr<std::string> output = handler(*store, *event, environment);
    if (HealedAfter(store, output.status())) output = handler(*store, *event, environment);
    if (!output.ok()) return output.status();
    print(*output);
    return absl::OkStatus();
  }
  // Every write of the event commits together, or none does. Spooled, it prints nothing: what
  // it would have said comes from the writes it could not make.
  std::string output;
  const auto writes = [&](Store& open) -> absl::Status {
    absl::StatusOr<std::string> said = handler(open, *event, environment);
    if (!said.ok()) return said.status();
    output = *std::move(said);
    return absl::OkStatus();
  };
  absl::Status status = WriteOrSpool(store, environment, ToSpool(*event, environment), writes);
  if (HealedAfter(store, status)) {
    status = WriteOrSpool(store, environment, ToSpool(*event, environment), writes);
  }
  if (status.ok()) print(output);
  return status;
}

}  // namespace

void HandleHookEvent(std::string_view input, const HookEnvironment& environment,
                     absl::FunctionRef<void(std::string_view)> print) {
  try {
    if (!environment.config_error.empty()) {
      LogFailure(environment, "config ignored: " + environment.config_error);
    }
    if (absl::Status status = Handle(input, environment, print); !status.ok()) {
      LogFailure(environment, status.ToString());
    }
  } catch (const std::exception& error) {
    LogFailure(environment, absl::StrCat("exception: ", error.what()));
  } catch (...) {
    LogFailure(environment, "unknown exception");
  }
}

std::string HandleHookEvent(std::string_view input, const HookEnvironment& environment) {
  std::string printed;
  HandleHookEvent(input, environment, [&](std::string_view output) { printed = output; });
  return printed;
}

int RunHookCommand() {
  // Claude Code may stop reading once it has what it needs; a write to a closed pipe must not
  // kill the hook with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  // Past a file-size limit (ulimit -f) a write must fail with EFBIG, a full disk the hook fails
  // open on, rather than kill the hook with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  // Armed first, so that it covers everything, reading the config and the event included.
  const HookDeadline deadline(kHookDeadline, DeadlineLogPath());
  HookEnvironment environment;
  try {
    environment = HookEnvironmentFromProcess();
    absl::StatusOr<EventInput> input = ReadEventInput(STDIN_FILENO);
    if (!input.ok()) {
      LogFailure(environment, input.status().ToString());
    } else if (input->over_cap) {
      LogFailure(environment, absl::StrCat("event of ", input->size, " bytes dropped unread: over ",
                                           kMaxEventBytes, " bytes"));
    } else {
      // Written as soon as it is known (a PreToolUse answers before it writes), whole or not
      // at all when the deadline strikes.
      HandleHookEvent(input->text, environment, [](std::string_view output) {
        if (!output.empty()) WriteHookAnswer(output);
      });
    }
  } catch (...) {
    // Nothing useful can be done, and nothing may reach stdout.
  }
  return 0;
}

}  // namespace bgprof
