#include "hook/dispatch.h"

#include <csignal>
#include <exception>
#include <iostream>
#include <iterator>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/location.h"
#include "db/store.h"
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

absl::StatusOr<Store> OpenForHook(const HookEnvironment& environment) {
  absl::StatusOr<Store> store = Store::Open(environment.database_path);
  if (store.ok()) store->SetBusyTimeout(kHookWriteBudgetMs);
  return store;
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
    judged = answer.status();
    if (answer.ok()) {
      print(answer->output);
      decision = answer->decision;
    }
  }
  // The start is recorded whatever happened: the run's duration may depend on it.
  absl::Status recorded = WriteOrSpool(
      store, environment, ToSpool(event, environment, decision),
      [&](Store& open) { return RecordPreToolUse(open, event, environment, decision); });
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
    if (!output.ok()) return output.status();
    print(*output);
    return absl::OkStatus();
  }
  // Every write of the event commits together, or none does. Spooled, it prints nothing: what
  // it would have said comes from the writes it could not make.
  std::string output;
  absl::Status status = WriteOrSpool(
      store, environment, ToSpool(*event, environment), [&](Store& open) -> absl::Status {
        absl::StatusOr<std::string> said = handler(open, *event, environment);
        if (!said.ok()) return said.status();
        output = *std::move(said);
        return absl::OkStatus();
      });
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
  HookEnvironment environment;
  try {
    environment = HookEnvironmentFromProcess();
    std::string input(std::istreambuf_iterator<char>(std::cin), {});
    HandleHookEvent(input, environment, [](std::string_view output) {
      if (output.empty()) return;
      std::cout << output;
      // Flushed now: the agent may go on while the hook still writes.
      std::cout.flush();
    });
  } catch (...) {
    // Nothing useful can be done, and nothing may reach stdout.
  }
  return 0;
}

}  // namespace bgprof
