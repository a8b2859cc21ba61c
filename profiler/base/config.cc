#include "profiler/base/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "profiler/base/paths.h"

namespace bgprof {
namespace {

constexpr Mode kModes[] = {Mode::kSuggest, Mode::kAuto, Mode::kBlock, Mode::kOff};

// A threshold: NaN compares false with everything, so it would pass every range check after it
// and silence or flood the advice; infinity (a JSON 1e999) is no threshold either.
bool IsThresholdMs(double ms) { return std::isfinite(ms) && ms >= 0; }

// A config file holds a few settings, a few hundred bytes: a file this large is no config.
constexpr off_t kMaxConfigBytes = 64 * 1024;

absl::StatusOr<double> Milliseconds(const std::string& where, const nlohmann::json& value) {
  if (!value.is_number() || !IsThresholdMs(value.get<double>())) {
    return absl::InvalidArgumentError(where + " must be a finite number of milliseconds >= 0");
  }
  return value.get<double>();
}

// `text`, all of it, as a number; nullopt when it is not one.
template <typename Number>
std::optional<Number> NumberIn(std::string_view text) {
  Number value{};
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

// The same bound for the file and the environment.
absl::StatusOr<int64_t> MaxBackground(const std::string& where, std::optional<int64_t> value) {
  if (!value.has_value() || *value < 1 || *value > 1000) {
    return absl::InvalidArgumentError(where + " must be a whole number from 1 to 1000");
  }
  return *value;
}

absl::StatusOr<Mode> ModeNamed(const std::string& where, const std::string& name) {
  for (Mode mode : kModes) {
    if (name == ModeName(mode)) return mode;
  }
  return absl::InvalidArgumentError(
      where + " must be \"suggest\", \"auto\", \"block\" or \"off\", not \"" + name + "\"");
}

absl::StatusOr<std::vector<std::string>> Patterns(const std::string& where,
                                                  const nlohmann::json& value) {
  if (!value.is_array()) return absl::InvalidArgumentError(where + " must be a list of strings");
  std::vector<std::string> patterns;
  for (const nlohmann::json& pattern : value) {
    if (!pattern.is_string()) {
      return absl::InvalidArgumentError(where + " must be a list of strings");
    }
    patterns.push_back(pattern.get<std::string>());
  }
  return patterns;
}

// Closes a file descriptor when it goes out of scope.
struct ClosesFd {
  int fd;
  ~ClosesFd() { ::close(fd); }
};

absl::Status TooLarge(const std::string& path) {
  return absl::InvalidArgumentError(path + " is " + std::to_string(kMaxConfigBytes / 1024) +
                                    " KiB or more, too large for a config file");
}

// The text of the config file at `path`; nullopt when there is none (or it cannot be opened, as
// before these checks). Opened without blocking and checked before a byte is read: a FIFO would
// wait for a writer, /dev/zero never ends, and a huge file is no config.
absl::StatusOr<std::optional<std::string>> ReadConfigText(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const ClosesFd closes{fd};
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return absl::InvalidArgumentError(path + " is not a regular file");
  }
  if (info.st_size >= kMaxConfigBytes) {
    return TooLarge(path);
  }
  std::string text(static_cast<size_t>(kMaxConfigBytes), '\0');
  size_t size = 0;
  while (size < text.size()) {  // a file growing past the limit is caught here
    const ssize_t got = ::read(fd, text.data() + size, text.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return absl::InvalidArgumentError(path + ": " + std::strerror(errno));
    if (got == 0) break;
    size += static_cast<size_t>(got);
  }
  if (size >= text.size()) {
    return TooLarge(path);
  }
  text.resize(size);
  return text;
}

// The file's JSON object; a null json when there is no file.
absl::StatusOr<nlohmann::json> ReadObject(const std::string& path) {
  absl::StatusOr<std::optional<std::string>> text = ReadConfigText(path);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return nlohmann::json();
  nlohmann::json root = nlohmann::json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return absl::InvalidArgumentError(path + " is not a JSON object");
  return root;
}

absl::Status ApplyFile(const std::string& path, Config& config) {
  absl::StatusOr<nlohmann::json> root = ReadObject(path);
  if (!root.ok()) return root.status();
  if (root->is_null()) return absl::OkStatus();  // no file: the defaults
  for (const auto& [key, value] : root->items()) {
    const std::string where = path + ": " + key;
    if (key == "suggest_above_ms" || key == "quiet_below_ms") {
      absl::StatusOr<double> ms = Milliseconds(where, value);
      if (!ms.ok()) return ms.status();
      (key == "suggest_above_ms" ? config.thresholds.suggest_above_ms
                                 : config.thresholds.quiet_below_ms) = *ms;
    } else if (key == "mode") {
      if (!value.is_string()) return absl::InvalidArgumentError(where + " must be a string");
      absl::StatusOr<Mode> mode = ModeNamed(where, value.get<std::string>());
      if (!mode.ok()) return mode.status();
      config.mode = *mode;
    } else if (key == "never_background") {
      absl::StatusOr<std::vector<std::string>> patterns = Patterns(where, value);
      if (!patterns.ok()) return patterns.status();
      config.never_background = std::move(*patterns);
    } else if (key == "max_background") {
      absl::StatusOr<int64_t> most = MaxBackground(
          where, value.is_number_integer() ? std::optional(value.get<int64_t>()) : std::nullopt);
      if (!most.ok()) return most.status();
      config.max_background = *most;
    } else {
      return absl::InvalidArgumentError(path + ": unknown key \"" + key + "\"");
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyEnvironment(Config& config) {
  for (const char* name : {"BGPROF_SUGGEST_ABOVE_MS", "BGPROF_QUIET_BELOW_MS"}) {
    const char* text = NonEmptyEnv(name);
    if (text == nullptr) continue;
    const std::optional<double> value = NumberIn<double>(text);
    if (!value.has_value() || !IsThresholdMs(*value)) {
      return absl::InvalidArgumentError(std::string(name) +
                                        " must be a finite number of milliseconds >= 0");
    }
    (std::string_view(name) == "BGPROF_SUGGEST_ABOVE_MS" ? config.thresholds.suggest_above_ms
                                                         : config.thresholds.quiet_below_ms) =
        *value;
  }
  if (const char* text = NonEmptyEnv("BGPROF_MAX_BACKGROUND")) {
    absl::StatusOr<int64_t> most = MaxBackground("BGPROF_MAX_BACKGROUND", NumberIn<int64_t>(text));
    if (!most.ok()) return most.status();
    config.max_background = *most;
  }
  if (const char* mode = NonEmptyEnv("BGPROF_MODE")) {
    absl::StatusOr<Mode> parsed = ModeNamed("BGPROF_MODE", mode);
    if (!parsed.ok()) return parsed.status();
    config.mode = *parsed;
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kSuggest:
      return "suggest";
    case Mode::kAuto:
      return "auto";
    case Mode::kBlock:
      return "block";
    case Mode::kOff:
      break;
  }
  return "off";
}

std::string ConfigPath() {
  return XdgFilePath("BGPROF_CONFIG", "XDG_CONFIG_HOME", ".config", "config.json");
}

absl::StatusOr<Config> LoadConfig() {
  Config config;
  if (const std::string path = ConfigPath(); !path.empty()) {
    if (absl::Status status = ApplyFile(path, config); !status.ok()) return status;
  }
  if (absl::Status status = ApplyEnvironment(config); !status.ok()) return status;
  if (config.thresholds.quiet_below_ms > config.thresholds.suggest_above_ms) {
    return absl::InvalidArgumentError("quiet_below_ms must not exceed suggest_above_ms");
  }
  return config;
}

std::string ProjectConfigPath(std::string_view project) {
  return std::string(project) + "/.claude/bgprof.json";
}

absl::StatusOr<Config> WithProjectConfig(Config config, std::string_view project) {
  if (project.empty()) return config;
  const std::string path = ProjectConfigPath(project);
  absl::StatusOr<nlohmann::json> root = ReadObject(path);
  if (!root.ok()) return root.status();
  if (root->is_null()) return config;
  for (const auto& [key, value] : root->items()) {
    if (key != "never_background") {
      return absl::InvalidArgumentError(path + ": unknown key \"" + key +
                                        "\" (a project sets only never_background)");
    }
    absl::StatusOr<std::vector<std::string>> patterns = Patterns(path + ": " + key, value);
    if (!patterns.ok()) return patterns.status();
    config.never_background.insert(config.never_background.end(), patterns->begin(),
                                   patterns->end());
  }
  return config;
}

}  // namespace bgprof
