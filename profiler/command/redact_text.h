// The redactor's pattern pass: secrets found by their shape in any text, with no knowledge of
// the shell (token prefixes, JWTs, PEM private keys, `user:pass@` and webhook URLs, credential
// headers and cookies, `NAME=value` and JSON keys with a secret name, `--password=x`, .netrc
// lines). It reads text the shell lexer cannot (unbalanced quotes, prose, file bodies), and it
// runs after the word pass (redact_words) on every command.
#ifndef BGPROF_PROFILER_COMMAND_REDACT_TEXT_H_
#define BGPROF_PROFILER_COMMAND_REDACT_TEXT_H_

#include <string>
#include <string_view>

namespace bgprof {

// `text` with each secret value found by its shape replaced by `REDACTED`; every other byte is
// kept. One left-to-right pass with no backtracking: linear time, never throws on any bytes.
std::string RedactSecretText(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_REDACT_TEXT_H_
