// Fuzzes the shell lexer and the signature of a command line (profiler/command): they run on
// every Bash call with whatever the model wrote, and promise to be total. Beyond not crashing:
// every word views the line or the lexer's own storage, the parts keep their documented shape,
// signing is deterministic, and SignatureOf is AnalyzeCommandLine's dominant signature.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "profiler/command/shell_lexer.h"
#include "profiler/command/signature.h"
#include "tests/fuzz/fuzz_check.h"

namespace bgprof {
namespace {

bool Within(std::string_view part, std::string_view whole) {
  const std::less_equal<const char*> at_or_before;
  return at_or_before(whole.data(), part.data()) &&
         at_or_before(part.data() + part.size(), whole.data() + whole.size());
}

void CheckLexed(std::string_view line) {
  const LexedLine lexed = LexCommandLine(line);
  for (const SimpleCommand& command : lexed.commands) {
    FUZZ_CHECK(command.subshell_depth >= 0);
    for (std::string_view word : command.words) {
      bool viewed = word.empty() || Within(word, line);
      for (const std::string& piece : lexed.storage) viewed = viewed || Within(word, piece);
      FUZZ_CHECK(viewed);
    }
  }
  // Only a trailing `&` joins the last command to nothing else.
  if (!lexed.commands.empty()) {
    const Connector last = lexed.commands.back().next;
    FUZZ_CHECK(last == Connector::kEnd || last == Connector::kBackground);
  }
}

void CheckSigned(std::string_view line) {
  const CommandLine first = AnalyzeCommandLine(line);
  const CommandLine again = AnalyzeCommandLine(line);
  FUZZ_CHECK(first.parts.size() == again.parts.size());
  FUZZ_CHECK(first.dominant == again.dominant);
  FUZZ_CHECK(first.parts.empty() || first.dominant < first.parts.size());
  for (size_t i = 0; i < first.parts.size(); ++i) {
    const CommandPart& part = first.parts[i];
    FUZZ_CHECK(part.signature.command == again.parts[i].signature.command);
    FUZZ_CHECK(part.signature.family == again.parts[i].signature.family);
    FUZZ_CHECK(part.signature.program == again.parts[i].signature.program);
    FUZZ_CHECK(part.subshell_depth >= 0);
    FUZZ_CHECK(part.own_command_at <= part.signature.command.size());
    FUZZ_CHECK(Within(part.own_command(), part.signature.command));
  }
  const Signature quick = SignatureOf(line);
  const Signature& full = first.signature();
  FUZZ_CHECK(quick.program == full.program);
  FUZZ_CHECK(quick.family == full.family);
  FUZZ_CHECK(quick.command == full.command);
}

}  // namespace
}  // namespace bgprof

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  bgprof::CheckLexed(line);
  bgprof::CheckSigned(line);
  return 0;
}
