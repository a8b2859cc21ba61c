// What bgprof knows about particular programs when it signs a command: which take subcommands
// (`git status`), how deep (`docker compose up`), which options take a separate value (so that
// `git -C dir status` finds `status`), and whose options may be reordered without changing the
// work. Programs without a rule are signed by their name alone, arguments kept in order.
#ifndef BGPROF_PROFILER_PROGRAM_RULES_H_
#define BGPROF_PROFILER_PROGRAM_RULES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

namespace bgprof {

// Hashes the short names of bgprof's tables (programs, subcommands, options) for
// absl::flat_hash_map/set, inlined and without a loop over the bytes of names up to 16 bytes:
// they are read as two words that may overlap. Abseil's own hash guards against chosen keys and
// Debian's sends std::string_view through std::hash; these tables are fixed, their keys a few
// bytes, and they are looked up for most words of every command.
struct NameHash {
  size_t operator()(std::string_view name) const {
    const char* data = name.data();
    const size_t size = name.size();
    uint64_t first = 0;
    uint64_t last = 0;
    if (size >= 8) {
      for (size_t i = 8; i < size - 8; i += 8) first = Mix(first ^ Load<uint64_t>(data + i));
      first ^= Load<uint64_t>(data);
      last = Load<uint64_t>(data + size - 8);
    } else if (size >= 4) {
      first = Load<uint32_t>(data);
      last = Load<uint32_t>(data + size - 4);
    } else if (size > 0) {
      first = static_cast<unsigned char>(data[0]) | static_cast<unsigned char>(data[size / 2]) << 8;
      last = static_cast<unsigned char>(data[size - 1]);
    }
    return static_cast<size_t>(Mix(Mix(first ^ size) ^ last));
  }
  size_t operator()(std::pair<std::string_view, std::string_view> names) const {
    return static_cast<size_t>(Mix((*this)(names.first) ^ (*this)(names.second) * 31));
  }

 private:
  template <typename Word>
  static uint64_t Load(const char* at) {
    Word word;
    std::memcpy(&word, at, sizeof(word));
    return word;
  }
  // Spreads every input bit over the high and the low bits: the table's slot and tag use both.
  static uint64_t Mix(uint64_t value) {
    value *= 0x9e3779b97f4a7c15;
    return value ^ (value >> 32);
  }
};

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

// Whether `word` is in the space-separated `list`.
bool InList(std::string_view list, std::string_view word);

// Subcommand aliases that do the same work: `npm i` is `npm install`, `rails s` `rails server`.
std::string_view CanonicalSubcommand(std::string_view program, std::string_view subcommand);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_PROGRAM_RULES_H_
