#include "profiler/calibrate/history_run.h"

namespace bgprof {

std::string HistoryKey(std::string_view where, std::string_view command) {
  uint64_t digest = 14695981039346656037ull;
  for (const char c : command) {
    digest = (digest ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  // "<where>:<digest as 16 hex digits>", written by hand: calibrate keys every line of a history,
  // and StrFormat took as long as the digest.
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string key(where.size() + 17, ':');
  where.copy(key.data(), where.size());
  for (size_t i = 0; i < 16; ++i) {
    key[where.size() + 1 + i] = kHexDigits[(digest >> (60 - 4 * i)) & 0xf];
  }
  return key;
}

}  // namespace bgprof
