// Fuzzes the redactor (profiler/command/redact), which sees every command before it is stored.
// Beyond not crashing: redacting twice changes nothing more, the output stays within a bound of
// the input's size (each secret becomes one REDACTED), and a GitHub token standing as its own word
// after any text never survives ("token shapes anywhere").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "profiler/command/redact.h"
#include "tests/fuzz/fuzz_check.h"

namespace bgprof {
namespace {

constexpr std::string_view kPlaceholder = "REDACTED";
// A token of the documented ghp_ shape; built at run time so that no scanner flags this file.
const std::string& CanaryToken() {
  static const std::string kToken = std::string("ghp_") + std::string(36, 'Q');
  return kToken;
}

void CheckRedacted(std::string_view command) {
  const std::string once = RedactSecrets(command);
  FUZZ_CHECK(RedactSecrets(once) == once);
  // A secret of one byte becomes the placeholder: no output is longer than that for every byte.
  FUZZ_CHECK(once.size() <= (command.size() + 1) * (kPlaceholder.size() + 1));
}

size_t CountOf(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The input may hold the token itself (libFuzzer copies compared bytes), glued to other text
// where it may be no token: the appended one, at least, must go.
void CheckCanary(std::string_view command) {
  const std::string with_token = std::string(command) + "\n echo " + CanaryToken() + " \n";
  FUZZ_CHECK(CountOf(RedactSecrets(with_token), CanaryToken()) <= CountOf(command, CanaryToken()));
}

}  // namespace
}  // namespace bgprof

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view command(reinterpret_cast<const char*>(data), size);
  bgprof::CheckRedacted(command);
  bgprof::CheckCanary(command);
  return 0;
}
