// How much slower than a Release build the tests' build runs, for the few tests that hold the
// binary to a time budget. An ASan + UBSan build (BGPROF_SANITIZE) checks the same behaviour
// two to four times slower: its budgets stretch by this factor, and the budgets themselves are
// held by the Release build, which CI runs first.
#ifndef BGPROF_TESTS_SUPPORT_BUILD_SPEED_H_
#define BGPROF_TESTS_SUPPORT_BUILD_SPEED_H_

namespace bgprof::testing {

#ifdef BGPROF_SANITIZED
inline constexpr double kBuildSlowdown = 4.0;
#else
inline constexpr double kBuildSlowdown = 1.0;
#endif

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_BUILD_SPEED_H_
