// What bgprof knows about particular programs when it signs a command: which take subcommands
// (`git status`), how deep (`docker compose up`), which options take a separate value (so that
// `git -C dir status` finds `status`), and whose options may be reordered without changing the
// work. Programs without a rule are signed by their name alone, arguments kept in order.
#ifndef BGPROF_PROFILER_COMMAND_PROGRAM_RULES_H_
#define BGPROF_PROFILER_COMMAND_PROGRAM_RULES_H_

#include <span>
#include <string_view>

#include "profiler/command/name_hash.h"
#include "profiler/command/word_list.h"

namespace bgprof {

struct ProgramRule {
  std::string_view program;
  // How many leading operands name the work: 0 for `pytest`, 1 for `git status`, 2 for
  // `gh pr list`. `kTargets` (make, just, ...): the first operand, when there is one.
  int subcommand_words = 0;
  // Options that take the next word as their value, space separated: "-C -c --git-dir".
  std::string_view value_options;
  // Subcommands that go one word deeper, space separated: docker's "compose buildx ...".
  std::string_view nested = "";
};

inline constexpr int kTargets = -1;

// The rule for a (version-folded) program name, or nullptr.
const ProgramRule* RuleFor(std::string_view program);

// Every rule, one per program: what RuleFor returns points into these.
std::span<const ProgramRule> ProgramRules();

// Whether `option` takes the next word as its value: a value option of `rule` (from RuleFor, or
// nullptr), or one of the few options that do so for nearly every program (`--output FILE`, ...).
bool TakesValue(const ProgramRule* rule, std::string_view option);

// Subcommand aliases that do the same work: `npm i` is `npm install`, `rails s` `rails server`.
std::string_view CanonicalSubcommand(std::string_view program, std::string_view subcommand);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_PROGRAM_RULES_H_
