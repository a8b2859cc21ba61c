#include "profiler/command/redact.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "profiler/command/redact_text.h"
#include "profiler/command/redact_words.h"
#include "profiler/command/shell_lexer.h"

namespace bgprof {
namespace {

// How many times the stages run at most. One round is the rule; a second is needed when one
// reader's redaction changed how the other reads the line, and each round is linear.
constexpr int kMaxRedactionRounds = 4;
// What is kept of a command whose rounds do not settle.
constexpr std::string_view kUnsettledCommand = "REDACTED";

// One round of the three stages. Every stage reads the text the one before wrote.
std::string RedactRound(std::string_view command) {
  const std::string tokens_done = RedactTokenShapes(command);
  const std::vector<WordSecret> secrets = FindSecretWords(tokens_done);
  if (secrets.empty()) return RedactSecretsInContext(tokens_done);
  const std::string_view text = tokens_done;
  std::string words_done;
  words_done.reserve(text.size() + 16);
  size_t copied = 0;
  for (const WordSecret& secret : secrets) {
    const size_t end = std::min(secret.extent.end, text.size());
    const size_t begin = std::max(secret.extent.begin, copied);
    words_done.append(text.substr(copied, begin - copied));
    words_done.append("REDACTED");
    words_done.append(secret.requote);
    copied = end;
  }
  words_done.append(text.substr(copied));
  return RedactSecretsInContext(words_done);
}

}  // namespace

std::string RedactSecrets(std::string_view command) {
  // The word pass reads the line as the shell lexer does, the pattern pass by its own quote
  // heuristics; a value one of them takes can hold a byte the other reads differently (a quote
  // that ends a backquoted command for the lexer, a blank between two of the lexer's words, an
  // '=' that made a word a key). The rest of the line may then read differently once redacted,
  // and show a secret a second redaction would take: so the rounds go on until the text stops
  // changing. A command without secrets costs one round, one with secrets usually two.
  std::string text(command);
  for (int round = 0; round < kMaxRedactionRounds; ++round) {
    std::string next = RedactRound(text);
    if (next == text) return text;
    text = std::move(next);
  }
  // Still changing: the readers disagree all along the line (only bytes made to, in practice),
  // and no part of it can be kept as safe.
  return std::string(kUnsettledCommand);
}

}  // namespace bgprof
