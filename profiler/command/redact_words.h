// The redactor's word pass: secrets found by what a command does with its words, read by the
// shell lexer (quotes, `;`, `|`, here-strings and here-documents as the shell reads them):
// password flags of each program (`mysql -pX`, `zip -P X`, `openssl enc -k X`, `htpasswd -b f u
// X`), secret flags of any program (`--password X`), assignments with a secret-like name
// (`export`, `env`, a command's prefix), credential headers and cookies, and what a command reads
// on stdin as a password (`echo pw | sudo -S`, `docker login --password-stdin <<< pw`,
// `chpasswd`). Quoted text that holds commands (`bash -c '...'`, `ssh host "..."`, `$(...)`) and
// here-document bodies are read the same way, a few levels deep.
#ifndef BGPROF_PROFILER_COMMAND_REDACT_WORDS_H_
#define BGPROF_PROFILER_COMMAND_REDACT_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "profiler/command/shell_lexer.h"

namespace bgprof {

// A secret value written in a line, and what must follow the REDACTED that replaces it: the
// quotes the value closes or opens (`"id=abc"def` becomes `"id=REDACTED"`), so that the shell,
// and a second redaction, read the rest of the line as before.
struct WordSecret {
  LineExtent extent;
  std::string requote;
};

// Where the secret values of `line` are written in it (quotes around a value stay outside), in
// order and not overlapping. Linear in the size of `line`; never throws.
std::vector<WordSecret> FindSecretWords(std::string_view line);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_REDACT_WORDS_H_
