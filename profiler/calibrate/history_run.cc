#include "profiler/calibrate/history_run.h"

#include "absl/strings/str_format.h"

namespace bgprof {

std::string HistoryKey(std::string_view where, std::string_view command) {
  uint64_t digest = 14695981039346656037ull;
  for (const char c : command) {
    digest = (digest ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return absl::StrFormat("%s:%016x", absl::string_view(where.data(), where.size()), digest);
}

}  // namespace bgprof
