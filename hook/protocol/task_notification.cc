#include "hook/protocol/task_notification.h"

#include <cctype>
#include <charconv>
#include <system_error>
#include <utility>

namespace bgprof {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\f\v";
constexpr std::string_view kEnvelopeNames[] = {"task-notification", "bash-notification"};

std::string_view Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(kWhitespace);
  return text.substr(begin, end - begin + 1);
}

// The envelope name opened by a tag at `at` ("task-notification"), or empty.
std::string_view EnvelopeOpenedAt(std::string_view text, size_t at) {
  if (at >= text.size() || text[at] != '<') return {};
  const std::string_view rest = text.substr(at + 1);
  for (std::string_view name : kEnvelopeNames) {
    if (rest.starts_with(name) && rest.substr(name.size()).starts_with('>')) return name;
  }
  return {};
}

// Where the next envelope opens at or after `from`, or npos.
size_t FindEnvelope(std::string_view text, size_t from) {
  for (size_t at = text.find('<', from); at != std::string_view::npos;
       at = text.find('<', at + 1)) {
    if (!EnvelopeOpenedAt(text, at).empty()) return at;
  }
  return std::string_view::npos;
}

// "<tag>" or "</tag>". Built by appending: GCC 12 at -O3 warns of a false overlap in
// `"<" + std::string(tag)`, and warnings are errors.
std::string Tag(const char* opening, std::string_view name) {
  std::string tag = opening;
  tag.append(name).append(">");
  return tag;
}

// The trimmed text of <tag>...</tag> in `body`; an unclosed tag runs to the end of the body.
std::optional<std::string_view> TagText(std::string_view body, std::string_view tag) {
  const std::string open = Tag("<", tag);
  const size_t at = body.find(open);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = body.substr(at + open.size());
  return Trim(rest.substr(0, rest.find(Tag("</", tag))));
}

std::string TagString(std::string_view body, std::string_view tag) {
  return std::string(TagText(body, tag).value_or(std::string_view()));
}

// An integer at the start of `text`, and where it ends.
std::optional<int> LeadingInt(std::string_view text, size_t* end) {
  int value = 0;
  const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc()) return std::nullopt;
  *end = static_cast<size_t>(ptr - text.data());
  return value;
}

std::optional<int> ExitCodeTag(std::string_view body) {
  for (std::string_view tag : {"exit-code", "exit_code"}) {
    const std::optional<std::string_view> text = TagText(body, tag);
    if (!text.has_value()) continue;
    size_t end = 0;
    const std::optional<int> code = LeadingInt(*text, &end);
    if (code.has_value() && end == text->size()) return code;
  }
  return std::nullopt;
}

// "Background command "<description>" completed (exit code 0)": the last match, since the
// description is the model's words and may hold the same phrase.
std::optional<int> ExitCodeInSummary(std::string_view summary) {
  constexpr std::string_view kMarker = "(exit code ";
  const size_t at = summary.rfind(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = summary.substr(at + kMarker.size());
  size_t end = 0;
  const std::optional<int> code = LeadingInt(rest, &end);
  if (!code.has_value() || !rest.substr(end).starts_with(')')) return std::nullopt;
  return code;
}

std::optional<TaskNotification> ParseEnvelope(std::string_view body) {
  TaskNotification notification;
  notification.task_id = TagString(body, "task-id");
  if (notification.task_id.empty()) notification.task_id = TagString(body, "shell-id");
  if (notification.task_id.empty()) return std::nullopt;
  notification.tool_use_id = TagString(body, "tool-use-id");
  notification.status = TagString(body, "status");
  notification.output_file = TagString(body, "output-file");
  notification.exit_code = ExitCodeTag(body);
  if (!notification.exit_code.has_value()) {
    notification.exit_code = ExitCodeInSummary(TagText(body, "summary").value_or(""));
  }
  return notification;
}

}  // namespace

std::optional<std::vector<TaskNotification>> ParseTaskNotifications(std::string_view prompt) {
  const std::string_view text = Trim(prompt);
  if (EnvelopeOpenedAt(text, 0).empty()) return std::nullopt;
  std::vector<TaskNotification> notifications;
  // An envelope's body ends at its closing tag, else where the next envelope opens: each byte is
  // looked at a bounded number of times, whatever the input.
  for (size_t at = 0; at != std::string_view::npos;) {
    const std::string_view name = EnvelopeOpenedAt(text, at);
    const size_t body_begin = at + name.size() + 2;
    const size_t next = FindEnvelope(text, body_begin);
    std::string_view body = text.substr(
        body_begin, next == std::string_view::npos ? std::string_view::npos : next - body_begin);
    body = body.substr(0, body.find(Tag("</", name)));
    if (std::optional<TaskNotification> notification = ParseEnvelope(body)) {
      notifications.push_back(std::move(*notification));
    }
    at = next;
  }
  return notifications;
}

std::optional<std::string> TaskIdOfOutputPath(std::string_view file_path) {
  constexpr std::string_view kFolder = "/tasks/";
  constexpr std::string_view kExtension = ".output";
  if (!file_path.ends_with(kExtension)) return std::nullopt;
  const std::string_view stem = file_path.substr(0, file_path.size() - kExtension.size());
  const size_t slash = stem.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view id = stem.substr(slash + 1);
  if (id.empty() || !stem.substr(0, slash + 1).ends_with(kFolder)) return std::nullopt;
  return std::string(id);
}

std::optional<int64_t> ExitCodeAtEnd(std::string_view output_tail) {
  if (output_tail.ends_with('\n')) output_tail.remove_suffix(1);
  const size_t line_start = output_tail.rfind('\n');
  std::string_view line =
      line_start == std::string_view::npos ? output_tail : output_tail.substr(line_start + 1);
  if (!line.starts_with(kExitLinePrefix) || !line.ends_with(']')) return std::nullopt;
  line = line.substr(kExitLinePrefix.size(), line.size() - kExitLinePrefix.size() - 1);
  int64_t code = 0;
  const auto [stop, error] = std::from_chars(line.data(), line.data() + line.size(), code);
  if (error != std::errc() || stop != line.data() + line.size()) return std::nullopt;
  return code;
}

std::vector<std::string> TaskOutputPathCandidates(const std::vector<std::string>& temp_dirs,
                                                  unsigned uid, std::string_view project_dir,
                                                  std::string_view session,
                                                  std::string_view task_id) {
  if (project_dir.empty() || session.empty() || task_id.empty()) return {};
  std::string project_folder(project_dir);
  for (char& c : project_folder) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  }
  std::vector<std::string> candidates;
  for (const std::string& temp : temp_dirs) {
    if (temp.empty()) continue;
    std::string path = temp;
    if (path.back() != '/') path += '/';
    path.append("claude-").append(std::to_string(uid)).append("/").append(project_folder);
    path.append("/").append(session).append("/tasks/").append(task_id).append(".output");
    candidates.push_back(std::move(path));
  }
  return candidates;
}

}  // namespace bgprof
