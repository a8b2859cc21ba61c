// The one assertion the fuzz targets share: a property that fails is a crash libFuzzer keeps,
// with the reason on stderr. assert() would vanish under NDEBUG, and a plain abort says nothing.
#ifndef BGPROF_TESTS_FUZZ_FUZZ_CHECK_H_
#define BGPROF_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#define FUZZ_CHECK(condition)                                                               \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)

namespace bgprof::fuzz {

// Every history reader promises that each entry either gives a run or is counted skipped.
inline int64_t SkippedTotal(const std::map<std::string, int64_t>& skipped) {
  int64_t total = 0;
  for (const auto& [reason, count] : skipped) {
    FUZZ_CHECK(count > 0);
    total += count;
  }
  return total;
}

}  // namespace bgprof::fuzz

#endif  // BGPROF_TESTS_FUZZ_FUZZ_CHECK_H_
