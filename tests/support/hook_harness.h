// `bgprof hook` in-process: HandleHookEvent against a real SQLite file in a scratch folder, with
// a clock and settings the test sets. The round trips through the real binary are in
// tests/hook/hook_roundtrip_test.cc; these are for what needs time or many events.
#ifndef BGPROF_TESTS_SUPPORT_HOOK_HARNESS_H_
#define BGPROF_TESTS_SUPPORT_HOOK_HARNESS_H_

#include <string>

#include <nlohmann/json.hpp>

#include "hook/environment.h"
#include "tests/support/scratch_folder.h"

namespace bgprof::testing {

class HookHarness {
 public:
  HookHarness();

  // A project folder (it holds .git) inside the scratch folder.
  const std::string& project() const { return project_; }
  const std::string& root() const { return scratch_.path(); }

  // What the hook prints for `event`.
  std::string Send(const std::string& event);
  // The same, parsed; null when the hook printed nothing.
  nlohmann::json SendJson(const std::string& event);

  // A foreground call of `command` in the project that took `ms`: its PreToolUse, then its
  // PostToolUse `ms` later. The clock moves on by `ms`.
  void Run(const std::string& command, int ms);

  // Writes `text` as the session's transcript; returns `event` pointing at it.
  std::string WithTranscript(const std::string& event, const std::string& text);

  HookEnvironment environment;

 private:
  ScratchFolder scratch_{"bgprof-hook"};
  std::string project_;
  int calls_ = 0;
};

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_HOOK_HARNESS_H_
