#include "profiler/base/duration_text.h"

#include "absl/strings/str_format.h"

namespace bgprof {

std::string DurationText(double ms) {
  if (ms < 1000) return absl::StrFormat("%.0f ms", ms);
  const double seconds = ms / 1000;
  if (seconds < 10) return absl::StrFormat("%.1f s", seconds);
  if (seconds < 100) return absl::StrFormat("%.0f s", seconds);
  if (seconds < 3600) return absl::StrFormat("%.1f min", seconds / 60);
  return absl::StrFormat("%.1f h", seconds / 3600);
}

}  // namespace bgprof
