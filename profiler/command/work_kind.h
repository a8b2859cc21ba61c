// What kind of work a command does (installs, builds, tests...), and the same kinds as a person
// names them. bgprof needs both: to tell which of several Bash calls issued together must wait for
// which (a test run must not start before the install it needs), and which of a project's slow
// commands a user's prompt asks for ("run the tests while I look at the docs"). One vocabulary, in
// one place, so that the two never drift apart.
#ifndef BGPROF_PROFILER_COMMAND_WORK_KIND_H_
#define BGPROF_PROFILER_COMMAND_WORK_KIND_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "profiler/command/signature.h"

namespace bgprof {

enum class WorkKind : uint8_t { kOther, kInstall, kBuild, kTest, kLint, kTypeCheck, kDeploy };

inline constexpr int kWorkKindCount = 7;

// "other", "install", "build", "test", "lint", "type check", "deploy".
std::string_view WorkKindName(WorkKind kind);

// A set of kinds (bit i is WorkKind i). A plain value.
class WorkKinds {
 public:
  WorkKinds() = default;

  void Add(WorkKind kind) { bits_ |= Bit(kind); }
  void Add(WorkKinds kinds) { bits_ |= kinds.bits_; }
  bool Has(WorkKind kind) const { return (bits_ & Bit(kind)) != 0; }
  bool empty() const { return bits_ == 0; }
  bool Intersects(WorkKinds other) const { return (bits_ & other.bits_) != 0; }

  bool operator==(const WorkKinds&) const = default;

 private:
  static uint8_t Bit(WorkKind kind) { return static_cast<uint8_t>(1u << static_cast<int>(kind)); }

  uint8_t bits_ = 0;
};

// The kinds' names in WorkKind order, joined by ", " ("install, test"), for logs and tests.
std::string WorkKindsText(WorkKinds kinds);

// The kind of one signed command, from its program and family words: `npm test` test,
// `cargo build` build, `npm ci` install, `ruff check` lint, `mypy` type check, `make check` test,
// `vercel deploy` deploy, `git fetch` other.
WorkKind WorkKindOf(const Signature& signature);

// The kinds of every part of `line` that does work (setup parts such as `cd` are skipped):
// `npm ci && npm test` is {install, test}, `ls` is {other}, `cd web` is empty.
WorkKinds WorkKindsOf(const CommandLine& line);

// Whether `later` must wait for `earlier` when an agent issues both in one message. In the same
// place (the cwd of their dominant parts), when `earlier` installs (whatever follows may need
// what it installs), or when `earlier` builds and `later` builds, tests or deploys (they share
// outputs). Whatever the place, when `later` works in a folder `earlier` names as an argument
// (`mkdir -p out`, `git clone URL web` then `cd web && make`). Two test runs, a test and a lint,
// or two unrelated commands do not wait for each other.
bool MustWaitFor(const CommandLine& earlier, const CommandLine& later);

// What a user's prompt asks for.
struct PromptWork {
  WorkKinds kinds;             // the kinds of work it names
  bool while_waiting = false;  // it asks to work on while something runs
};

// The kinds a prompt names in a person's words ("run the tests", "rebuild", "install the
// dependencies", "lint", "type check", "deploy") and whether it asks to go on meanwhile ("while
// that runs", "in the meantime", "in parallel", "in the background"). Case-insensitive, on word
// boundaries: "latest" names no test. Command names (`pytest`, `tsc`) are not words of a person.
PromptWork WorkNamedIn(std::string_view prompt);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_WORK_KIND_H_
