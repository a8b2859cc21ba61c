// Removes secrets from a shell command before bgprof keeps it. An agent's shell commands can hold
// credentials (`export GITHUB_TOKEN=...`, `curl -H "Authorization: Bearer ..."`, `mysql -psecret`,
// `https://user:pass@host`), and every command bgprof sees ends up in its SQLite file, so this runs
// first, on every call, before anything is stored or turned into a signature.
#ifndef BGPROF_PROFILER_COMMAND_REDACT_H_
#define BGPROF_PROFILER_COMMAND_REDACT_H_

#include <string>
#include <string_view>

namespace bgprof {

// Returns `command` with each secret value replaced by `REDACTED`. Key, header and flag names stay
// (`--password REDACTED`, `GITHUB_TOKEN=REDACTED`, `https://bob:REDACTED@host`, quotes around a
// quoted value stay too), so the command stays readable and groups with its unredacted siblings;
// every other byte is kept as it is. Values that are references (`$VAR`, `${VAR}`, `$(...)`) are
// not secrets and stay.
//
// Three stages, each reading what the one before wrote: token shapes first (redact_text), as
// they need no context; then the word pass (redact_words) reads the command with the shell
// lexer, so quotes, `;`, pipes, here-strings and here-documents mean what they mean to the shell
// (program password flags, `--password X`, secret-named assignments, headers, stdin passwords);
// last the pattern pass's context rules (redact_text) find keys, flags, headers and URLs in any
// text, including text the lexer cannot read (unbalanced quotes, prose). A redaction keeps the
// quoting it spans, and the stages run again on their output until it stops changing (a few
// rounds at most), so redacting the result again changes nothing. Linear time; never throws on
// any bytes.
std::string RedactSecrets(std::string_view command);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_REDACT_H_
