// The redactor's pattern pass: secrets found by their shape in any text, with no knowledge of
// the shell (token prefixes, JWTs, PEM private keys, `user:pass@` and webhook URLs, credential
// headers and cookies, `NAME=value` and JSON keys with a secret name, `--password=x`, .netrc
// lines). It reads text the shell lexer cannot (unbalanced quotes, prose, file bodies). Its
// token stage runs first on every command, its context stage last, after the word pass
// (redact_words).
#ifndef BGPROF_PROFILER_COMMAND_REDACT_TEXT_H_
#define BGPROF_PROFILER_COMMAND_REDACT_TEXT_H_

#include <string>
#include <string_view>

namespace bgprof {

// `text` with each token of a known shape (`ghp_...`, `sk-...`, `AKIA...`, JWTs, PEM private key
// bodies) replaced by `REDACTED`; every other byte is kept. A token needs no context, so this
// runs first, before any rule that reads names: those then judge a name as a second pass would,
// without the bytes of a token in it. One left-to-right pass with no backtracking: linear time,
// never throws on any bytes.
std::string RedactTokenShapes(std::string_view text);

// `text` with each secret value found by its context replaced by `REDACTED` (`NAME=value` and
// JSON keys with a secret name, `--password=x`, credential headers and cookies, `user:pass@` and
// webhook URLs, `Bearer x`, .netrc lines); every other byte is kept. Expects the output of
// RedactTokenShapes. Linear time, never throws on any bytes.
std::string RedactSecretsInContext(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_REDACT_TEXT_H_
