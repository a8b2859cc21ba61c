#include "db/command_cap.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/retention.h"

namespace bgprof {
namespace {

// Room kept for the tail's marker: "[bgprof cut 123456789 bytes #0123456789abcdef]" and a space.
constexpr size_t kMarkerRoom = 64;

// 64-bit FNV-1a: stable across versions, which a stored marker must be.
uint64_t Digest(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string Marker(size_t bytes, uint64_t digest) {
  return absl::StrFormat("[bgprof cut %d bytes #%016x]", bytes, digest);
}

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

struct HereDocument {
  std::string delimiter;
  bool strips_tabs = false;  // `<<-`: the closing line may be indented with tabs
};

// The here-documents a line opens, in order: `<<EOF`, `<< 'EOF'`, `<<-"EOF"`; not `<<<` (a
// here-string). Quotes around `<<` are not tracked: a false find only drops more of a command
// that is cut anyway.
std::vector<HereDocument> HereDocumentsOpenedBy(std::string_view line) {
  std::vector<HereDocument> opened;
  for (size_t at = line.find("<<"); at != std::string_view::npos; at = line.find("<<", at)) {
    at += 2;
    if (at < line.size() && line[at] == '<') {
      at = line.find_first_not_of('<', at);
      if (at == std::string_view::npos) break;
      continue;
    }
    HereDocument document;
    if (at < line.size() && line[at] == '-') {
      document.strips_tabs = true;
      ++at;
    }
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    const char quote = at < line.size() && (line[at] == '\'' || line[at] == '"') ? line[at] : 0;
    if (quote != 0) ++at;
    while (at < line.size() && (IsWordByte(line[at]) || (line[at] == '\\' && quote == 0))) {
      if (line[at] != '\\') document.delimiter += line[at];
      ++at;
    }
    if (quote != 0 && at < line.size() && line[at] == quote) ++at;
    if (!document.delimiter.empty()) opened.push_back(std::move(document));
  }
  return opened;
}

bool Closes(std::string_view line, const HereDocument& document) {
  if (document.strips_tabs) {
    const size_t text = line.find_first_not_of('\t');
    line.remove_prefix(text == std::string_view::npos ? line.size() : text);
  }
  return line == document.delimiter;
}

// `command` with the body of each here-document replaced by one marker line; the line that opens
// it and the line that closes it stay.
std::string WithoutHereDocumentBodies(std::string_view command, uint64_t digest) {
  std::string kept;
  kept.reserve(std::min(command.size(), kMaxStoredCommandBytes * 2));
  std::vector<HereDocument> pending;
  size_t body_bytes = 0;
  size_t at = 0;
  while (at < command.size()) {
    size_t end = command.find('\n', at);
    if (end == std::string_view::npos) end = command.size();
    const std::string_view line = command.substr(at, end - at);
    const size_t next = end < command.size() ? end + 1 : end;
    if (pending.empty()) {
      kept.append(command.substr(at, next - at));
      pending = HereDocumentsOpenedBy(line);
    } else if (Closes(line, pending.front())) {
      if (body_bytes > 0) absl::StrAppend(&kept, Marker(body_bytes, digest), "\n");
      body_bytes = 0;
      kept.append(command.substr(at, next - at));
      pending.erase(pending.begin());
    } else {
      body_bytes += next - at;
    }
    at = next;
  }
  // A body never closed runs to the end.
  if (body_bytes > 0) absl::StrAppend(&kept, Marker(body_bytes, digest));
  return kept;
}

// The longest prefix of `text` of at most `size` bytes that ends between UTF-8 characters.
size_t Utf8CutAt(std::string_view text, size_t size) {
  if (size >= text.size()) return text.size();
  // Continuation bytes are 10xxxxxx: back up to the first byte of the character cut in two.
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  return size;
}

}  // namespace

std::string CappedCommand(std::string_view command) {
  if (command.size() <= kMaxStoredCommandBytes) return std::string(command);
  const uint64_t digest = Digest(command);
  std::string kept = WithoutHereDocumentBodies(command, digest);
  if (kept.size() <= kMaxStoredCommandBytes) return kept;
  const size_t cut = Utf8CutAt(kept, kMaxStoredCommandBytes - kMarkerRoom);
  std::string capped = kept.substr(0, cut);
  absl::StrAppend(&capped, " ", Marker(kept.size() - cut, digest));
  return capped;
}

}  // namespace bgprof
