#include "profiler/command/redact.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "profiler/command/redact_text.h"
#include "profiler/command/redact_words.h"
#include "profiler/command/shell_lexer.h"

namespace bgprof {

std::string RedactSecrets(std::string_view command) {
  std::vector<LineExtent> secrets = FindSecretWords(command);
  if (secrets.empty()) return RedactSecretText(command);
  std::sort(secrets.begin(), secrets.end(),
            [](const LineExtent& a, const LineExtent& b) { return a.begin < b.begin; });
  std::string words_done;
  words_done.reserve(command.size() + 16);
  size_t copied = 0;
  for (const LineExtent& secret : secrets) {
    const size_t end = std::min(secret.end, command.size());
    if (end <= copied) continue;  // inside one already redacted
    const size_t begin = std::max(secret.begin, copied);
    words_done.append(command.substr(copied, begin - copied));
    words_done.append("REDACTED");
    copied = end;
  }
  words_done.append(command.substr(copied));
  return RedactSecretText(words_done);
}

}  // namespace bgprof
