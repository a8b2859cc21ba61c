// Durations as people read them: "450 ms", "8.0 s", "42 s", "3.5 min", "1.2 h".
#ifndef BGPROF_PROFILER_BASE_DURATION_TEXT_H_
#define BGPROF_PROFILER_BASE_DURATION_TEXT_H_

#include <string>

namespace bgprof {

std::string DurationText(double ms);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_DURATION_TEXT_H_
