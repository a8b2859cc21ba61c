// A hash for the short, fixed names of bgprof's lookup tables: priors here, and the programs,
// subcommands and options of profiler/program_rules. It lives in the estimator, the lower of
// the two libraries that use it.
#ifndef BGPROF_PROFILER_COMMAND_NAME_HASH_H_
#define BGPROF_PROFILER_COMMAND_NAME_HASH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
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

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_NAME_HASH_H_
