#include "profiler/calibrate/shell_history.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "profiler/base/file_tail.h"

namespace bgprof {
namespace {

constexpr std::string_view kEmpty = "empty";
constexpr std::string_view kCutShort = "cut short";
constexpr std::string_view kBadTime = "bad time";

// More digits than this are no seconds since 1970 (13 reach past the year 33000), and would
// overflow once made milliseconds.
constexpr size_t kMaxSecondsDigits = 12;
// zsh's elapsed seconds: 9 digits are 31 years.
constexpr size_t kMaxElapsedDigits = 9;

// zsh's Meta byte: it and the byte after it stand for that byte XOR 0x20.
constexpr char kZshMeta = '\x83';

struct Line {
  std::string_view text;  // without its '\n' and a '\r' before it
  bool whole = false;     // ended by a '\n': false for a last line the writer has not finished
};

// The line that starts at `*pos` (< text.size()), moving `*pos` past it.
Line NextLine(std::string_view text, size_t* pos) {
  Line line;
  const size_t newline = text.find('\n', *pos);
  if (newline == std::string_view::npos) {
    line.text = text.substr(*pos);
    *pos = text.size();
  } else {
    line.text = text.substr(*pos, newline - *pos);
    line.whole = true;
    *pos = newline + 1;
  }
  if (line.text.ends_with('\r')) line.text.remove_suffix(1);
  return line;
}

size_t LineCount(std::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// `digits` as a number, when it is 1 to `max_digits` decimal digits and nothing else.
std::optional<int64_t> ParseDigits(std::string_view digits, size_t max_digits) {
  if (digits.empty() || digits.size() > max_digits) return std::nullopt;
  int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool IsBlank(std::string_view command) {
  return command.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos;
}

// When an entry started, as its history wrote it.
struct Start {
  std::string_view seconds_text;  // the key holds the digits as written
  int64_t seconds = 0;
};

// A start from the digits a history wrote; nullopt when they are no number of seconds.
std::optional<Start> StartOf(std::string_view seconds_text) {
  const std::optional<int64_t> seconds = ParseDigits(seconds_text, kMaxSecondsDigits);
  if (!seconds.has_value()) return std::nullopt;
  return Start{.seconds_text = seconds_text, .seconds = *seconds};
}

// "<where><mark><ordinal>", built by appending: GCC 12 at -O3 warns of a false overlap in
// `"n" + std::to_string(k)`, and warnings are errors.
std::string Ordinal(std::string_view where, std::string_view mark, int64_t ordinal) {
  std::string text(where);
  text.append(mark).append(std::to_string(ordinal));
  return text;
}

// Gathers the runs of one history in file order, with their keys.
class HistoryBuilder {
 public:
  HistoryBuilder(std::string_view source, size_t expected_runs) : source_(source) {
    read_.runs.reserve(expected_runs);
    previous_in_second_.reserve(expected_runs);
    latest_in_second_.reserve(expected_runs);
  }

  void Skip(std::string_view reason) {
    ++read_.entries;
    ++read_.skipped[std::string(reason)];
  }

  void Add(const std::optional<Start>& start, std::optional<int64_t> duration_ms,
           std::string command) {
    if (IsBlank(command)) {
      Skip(kEmpty);
      return;
    }
    ++read_.entries;
    const size_t index = read_.runs.size();
    HistoryRun& run = read_.runs.emplace_back();
    run.source = source_;
    if (start.has_value()) {
      const int64_t same_before = SameCommandsInSecond(start->seconds, index, command);
      run.key = same_before == 0
                    ? HistoryKey(start->seconds_text, command)
                    : HistoryKey(Ordinal(start->seconds_text, "#", same_before), command);
      run.started_ms = start->seconds * 1000;
    } else {
      previous_in_second_.push_back(kNone);
      const int64_t same_before = untimed_seen_[command]++;
      run.key = HistoryKey(Ordinal("", "n", same_before), command);
    }
    run.duration_ms = duration_ms;
    run.command = std::move(command);
  }

  HistoryRead Finish() { return std::move(read_); }

 private:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();

  // How many runs before run `index` started in `seconds` with the same command: the same
  // command twice in one second (`ls`, `ls`) is two runs, and the second needs a key of its own.
  // Runs are chained per second, so that only an int is hashed per run: most seconds hold one.
  int64_t SameCommandsInSecond(int64_t seconds, size_t index, std::string_view command) {
    const auto [latest, first] = latest_in_second_.try_emplace(seconds, index);
    const size_t previous = first ? kNone : std::exchange(latest->second, index);
    previous_in_second_.push_back(previous);
    int64_t same = 0;
    for (size_t i = previous; i != kNone; i = previous_in_second_[i]) {
      if (read_.runs[i].command == command) ++same;
    }
    return same;
  }

  std::string_view source_;
  HistoryRead read_;
  // How many runs of a command were read with no time: the next one's ordinal.
  absl::flat_hash_map<std::string, int64_t> untimed_seen_;
  // Per start second its latest run, and per run the one before it in its second (or kNone).
  absl::flat_hash_map<int64_t, size_t> latest_in_second_;
  std::vector<size_t> previous_in_second_;
};

// ---- zsh ----

// What `: <start>:<elapsed>;` at the start of a zsh line says.
struct ZshPrefix {
  std::optional<Start> start;
  std::optional<int64_t> duration_ms;  // nullopt for elapsed 0: saved before the command ended
  std::string_view command;            // the rest of the line
  std::string_view failure;            // why the line cannot be read, or empty
};

// `line` starts with ':'.
ZshPrefix ParseZshPrefix(std::string_view line) {
  ZshPrefix prefix;
  const size_t semicolon = line.find(';');
  if (semicolon == std::string_view::npos) {
    prefix.failure = kCutShort;
    return prefix;
  }
  const std::string_view head = line.substr(0, semicolon);
  const size_t colon = head.find(':', 1);
  if (!head.starts_with(": ") || colon == std::string_view::npos) {
    prefix.failure = kBadTime;
    return prefix;
  }
  prefix.start = StartOf(head.substr(2, colon - 2));
  std::string_view elapsed_text = head.substr(colon + 1);
  // zsh writes end minus start: a clock set back while the command ran makes it negative.
  const bool negative = elapsed_text.starts_with('-');
  if (negative) elapsed_text.remove_prefix(1);
  const std::optional<int64_t> elapsed = ParseDigits(elapsed_text, kMaxElapsedDigits);
  if (!prefix.start.has_value() || !elapsed.has_value()) {
    prefix.failure = kBadTime;
    return prefix;
  }
  // Whole seconds, cut down: a run of N took between N and N+1 seconds.
  if (!negative && *elapsed > 0) prefix.duration_ms = *elapsed * 1000 + 500;
  prefix.command = line.substr(semicolon + 1);
  return prefix;
}

// zsh adds a space after a command that ends in a backslash (and maybe spaces), so that the
// backslash does not read as "continued on the next line": the space is not the command's.
std::string_view WithoutGuardSpace(std::string_view last_line) {
  if (!last_line.ends_with(' ')) return last_line;
  const size_t last = last_line.find_last_not_of(' ');
  if (last != std::string_view::npos && last_line[last] == '\\') last_line.remove_suffix(1);
  return last_line;
}

// Undoes zsh's metafication in place.
void Unmetafy(std::string& command) {
  const size_t first = command.find(kZshMeta);
  if (first == std::string::npos) return;
  size_t out = first;
  for (size_t in = first; in < command.size(); ++in) {
    if (command[in] != kZshMeta) {
      command[out++] = command[in];
    } else if (++in < command.size()) {
      command[out++] = static_cast<char>(command[in] ^ 0x20);
    }
  }
  command.resize(out);
}

// ---- bash ----

// `#` and a digit: what readline takes for a timestamp line, whatever follows.
bool IsBashStamp(std::string_view line) {
  return line.size() >= 2 && line[0] == '#' && line[1] >= '0' && line[1] <= '9';
}

// One bash entry while its lines are read.
struct BashEntry {
  bool open = false;
  std::optional<Start> start;
  std::string_view failure;
  std::string command;
  bool cut = false;
};

void FinishBashEntry(BashEntry& entry, HistoryBuilder& history) {
  if (!entry.open) return;
  if (entry.cut) {
    history.Skip(kCutShort);
  } else if (!entry.failure.empty()) {
    history.Skip(entry.failure);
  } else {
    history.Add(entry.start, std::nullopt, std::move(entry.command));
  }
  entry = BashEntry();
}

// ---- fish ----

// The value of a `key: value` line from just after the key: fish drops one space after ':'.
std::string_view FishValue(std::string_view after_key) {
  after_key.remove_prefix(1);  // ':'
  if (after_key.starts_with(' ')) after_key.remove_prefix(1);
  return after_key;
}

// fish's escapes of a command, `\\` and `\n`, decoded left to right; other backslashes stay.
std::string UnescapeFishCommand(std::string_view escaped) {
  std::string command;
  command.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 1 < escaped.size()) {
      if (escaped[i + 1] == '\\') {
        command.push_back('\\');
        ++i;
        continue;
      }
      if (escaped[i + 1] == 'n') {
        command.push_back('\n');
        ++i;
        continue;
      }
    }
    command.push_back(escaped[i]);
  }
  return command;
}

// One fish entry while its lines are read.
struct FishEntry {
  bool open = false;
  std::string_view command;  // escaped
  std::optional<std::string_view> when;
  bool cut = false;
};

void FinishFishEntry(FishEntry& entry, bool last, HistoryBuilder& history) {
  if (!entry.open) return;
  std::optional<Start> start;
  if (entry.when.has_value()) start = StartOf(*entry.when);
  // fish writes `when:` with every entry: a last one without it stops where the read did.
  if (entry.cut || (last && !entry.when.has_value())) {
    history.Skip(kCutShort);
  } else if (entry.when.has_value() && !start.has_value()) {
    history.Skip(kBadTime);
  } else {
    history.Add(start, std::nullopt, UnescapeFishCommand(entry.command));
  }
  entry = FishEntry();
}

}  // namespace

HistoryRead ParseZshHistory(std::string_view text) {
  HistoryBuilder history("zsh", LineCount(text));
  size_t pos = 0;
  while (pos < text.size()) {
    Line line = NextLine(text, &pos);
    ZshPrefix prefix;
    prefix.command = line.text;
    if (line.text.starts_with(':')) {
      prefix = ParseZshPrefix(line.text);
    } else if (line.text.starts_with("\\:")) {
      prefix.command.remove_prefix(1);  // written so for a command that starts with ':'
    }
    std::string command;
    std::string_view part = prefix.command;  // the command's part of the current line
    // A line that ends in a backslash goes on in the next; the backslash stands for a newline.
    while (line.whole && line.text.ends_with('\\')) {
      if (pos == text.size()) {  // the next line is not written yet
        line.whole = false;
        break;
      }
      if (prefix.failure.empty()) command.append(part.substr(0, part.size() - 1)).push_back('\n');
      line = NextLine(text, &pos);
      part = line.text;
    }
    if (!line.whole) {
      history.Skip(kCutShort);
    } else if (!prefix.failure.empty()) {
      history.Skip(prefix.failure);
    } else {
      command.append(WithoutGuardSpace(part));
      Unmetafy(command);
      history.Add(prefix.start, prefix.duration_ms, std::move(command));
    }
  }
  return history.Finish();
}

HistoryRead ParseBashHistory(std::string_view text) {
  HistoryBuilder history("bash", LineCount(text));
  // readline's rule: timestamps at the top mean an entry runs until the next timestamp.
  const bool multiline = IsBashStamp(text);
  BashEntry entry;
  // The digits of a `#<epoch>` line not used yet. No optional: GCC 12 warns of a false
  // uninitialized read of one, and warnings are errors.
  bool stamp_pending = false;
  std::string_view stamp;
  size_t pos = 0;
  while (pos < text.size()) {
    const Line line = NextLine(text, &pos);
    if (line.text.empty()) continue;
    if (IsBashStamp(line.text)) {
      FinishBashEntry(entry, history);
      stamp = line.text.substr(1);
      stamp_pending = true;
      continue;
    }
    if (multiline && entry.open) {
      entry.command.append("\n").append(line.text);
      entry.cut = !line.whole;
      continue;
    }
    FinishBashEntry(entry, history);
    entry.open = true;
    if (stamp_pending) {
      entry.start = StartOf(stamp);
      if (!entry.start.has_value()) entry.failure = kBadTime;
      stamp_pending = false;
    }
    entry.command = std::string(line.text);
    entry.cut = !line.whole;
  }
  FinishBashEntry(entry, history);
  return history.Finish();
}

HistoryRead ParseFishHistory(std::string_view text) {
  // An entry takes two lines at least, `- cmd:` and `when:`.
  HistoryBuilder history("fish", LineCount(text) / 2 + 1);
  constexpr std::string_view kCommandKey = "- cmd";
  constexpr std::string_view kWhenKey = "when";
  FishEntry entry;
  size_t pos = 0;
  while (pos < text.size()) {
    const Line line = NextLine(text, &pos);
    if (line.text.starts_with(kCommandKey) &&
        line.text.substr(kCommandKey.size()).starts_with(':')) {
      FinishFishEntry(entry, /*last=*/false, history);
      entry.open = true;
      entry.command = FishValue(line.text.substr(kCommandKey.size()));
      entry.cut = !line.whole;
      continue;
    }
    if (!entry.open) continue;
    std::string_view field = line.text;
    field.remove_prefix(std::min(field.find_first_not_of(' '), field.size()));
    if (field.starts_with(kWhenKey) && field.substr(kWhenKey.size()).starts_with(':')) {
      entry.when = FishValue(field.substr(kWhenKey.size()));
      entry.cut = entry.cut || !line.whole;
    }
  }
  FinishFishEntry(entry, /*last=*/true, history);
  return history.Finish();
}

absl::StatusOr<std::string> ReadHistoryFile(const std::string& path) {
  // A tail as long as any file can be is the whole file.
  return ReadFileTail(path, std::numeric_limits<size_t>::max());
}

}  // namespace bgprof
