#include "hook/protocol/lone_surrogates.h"

#include <cstdint>

namespace bgprof {
namespace {

constexpr size_t kEscapeLength = 6;  // \uXXXX
constexpr std::string_view kReplacement = "\\ufffd";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of the `\uXXXX` escape at `at`, or nullopt when there is none there.
std::optional<uint32_t> EscapedUnitAt(std::string_view text, size_t at) {
  if (text.size() - at < kEscapeLength || text[at] != '\\' || text[at + 1] != 'u') {
    return std::nullopt;
  }
  uint32_t unit = 0;
  for (size_t i = at + 2; i < at + kEscapeLength; ++i) {
    const int digit = HexValue(text[i]);
    if (digit < 0) return std::nullopt;
    unit = unit * 16 + static_cast<uint32_t>(digit);
  }
  return unit;
}

bool IsHighSurrogate(uint32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool IsLowSurrogate(uint32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

std::optional<std::string> WithLoneSurrogatesReplaced(std::string_view json_text) {
  std::optional<std::string> repaired;
  // Backslashes are taken two characters at a time (an escape and what it escapes), so `\\ud800`
  // stays a backslash and text. Outside strings a backslash is invalid JSON either way, so the
  // quotes need not be tracked.
  size_t at = json_text.find('\\');
  while (at != std::string_view::npos) {
    size_t next = at + 2;
    if (const std::optional<uint32_t> unit = EscapedUnitAt(json_text, at)) {
      next = at + kEscapeLength;
      bool lone = IsLowSurrogate(*unit);
      if (IsHighSurrogate(*unit)) {
        const std::optional<uint32_t> low = EscapedUnitAt(json_text, next);
        lone = !low.has_value() || !IsLowSurrogate(*low);
        if (!lone) next += kEscapeLength;  // a valid pair, kept whole
      }
      if (lone) {
        if (!repaired.has_value()) repaired.emplace(json_text);
        repaired->replace(at, kEscapeLength, kReplacement);
      }
    }
    at = next < json_text.size() ? json_text.find('\\', next) : std::string_view::npos;
  }
  return repaired;
}

}  // namespace bgprof
