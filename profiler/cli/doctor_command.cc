#include "profiler/cli/doctor_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "db/location.h"
#include "hook/protocol/settings.h"
#include "profiler/base/config.h"
#include "profiler/base/file_tail.h"
#include "profiler/base/paths.h"
#include "profiler/cli/install_command.h"
#include "profiler/learning/project.h"

extern char** environ;

namespace bgprof {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// `claude` is a node program: its start can be slow, but doctor must never hang on it.
constexpr int kClaudeVersionTimeoutMs = 5000;
constexpr size_t kMaxOutputBytes = 64 * 1024;
// The first Claude Code version whose PostToolUse carries duration_ms.
constexpr std::array<int, 3> kDurationMsSince = {2, 1, 119};
// Recent enough to describe the client in use today, many enough to speak of "most".
constexpr int64_t kRecentWindowMs = 7 * 24 * 3600 * 1000LL;
constexpr int64_t kRecentRuns = 100;
constexpr size_t kErrorLogLines = 5;
constexpr size_t kErrorLogBytes = 16 * 1024;

DoctorCheck Found(Verdict verdict, std::string name, std::string found, std::string fix = "") {
  return DoctorCheck{.verdict = verdict,
                     .name = std::move(name),
                     .found = std::move(found),
                     .fix = std::move(fix)};
}

std::string_view VerdictText(Verdict verdict) {
  switch (verdict) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kFail:
      break;
  }
  return "FAIL";
}

std::string Message(const absl::Status& status) { return std::string(status.message()); }

// The first executable file called `name` in a folder of PATH, as a shell would find it.
std::optional<std::string> FindOnPath(std::string_view name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  for (absl::string_view folder : absl::StrSplit(path, ':')) {
    // An empty entry is the working folder.
    const std::string candidate =
        (folder.empty() ? std::string(".") : std::string(folder)) + "/" + std::string(name);
    std::error_code error;
    if (fs::is_regular_file(candidate, error) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

// Whether `path` is this very program (a link to it counts).
bool IsThisBinary(const std::string& path) {
  std::error_code error;
  return fs::equivalent(path, "/proc/self/exe", error) && !error;
}

std::string SelfPath() {
  absl::StatusOr<std::string> self = ProgramPath();
  return self.ok() ? *self : std::string("/proc/self/exe");
}

std::string FolderOf(const std::string& path) {
  const std::string folder = fs::path(path).parent_path().string();
  return folder.empty() ? std::string(".") : folder;
}

DoctorCheck CheckPath() {
  const std::string self = SelfPath();
  const std::optional<std::string> found = FindOnPath("bgprof");
  if (!found.has_value()) {
    return Found(Verdict::kWarn, "PATH",
                 "no bgprof on PATH (this binary is " + self +
                     "; its hooks run it by that path, so they work)",
                 "add " + FolderOf(self) + " to PATH to run `bgprof` by name");
  }
  if (IsThisBinary(*found)) return Found(Verdict::kOk, "PATH", *found + " is this binary");
  return Found(
      Verdict::kWarn, "PATH", *found + " comes first on PATH, not this binary (" + self + ")",
      "put " + FolderOf(self) + " before " + FolderOf(*found) + " on PATH, or remove " + *found);
}

// A settings.json where Claude Code may find bgprof's hooks, and how to rewrite them there.
struct SettingsSource {
  std::string path;
  std::string fix;
};

std::vector<SettingsSource> SettingsSources(std::vector<std::string>& failures) {
  std::vector<SettingsSource> sources;
  if (absl::StatusOr<std::string> user = SettingsPath(/*project=*/false); user.ok()) {
    sources.push_back({*user, "run `bgprof install`"});
  } else {
    failures.push_back(Message(user.status()));
  }
  // A working folder deleted under the shell has no project settings to check: the user's are
  // still worth checking.
  const absl::StatusOr<std::string> here = ProjectOfWorkingFolder();
  if (!here.ok()) return sources;
  const std::string project = *here + "/.claude/";
  for (const std::string& path : {project + "settings.json", project + "settings.local.json"}) {
    // A session started in HOME reads ~/.claude/settings.json once, as user settings.
    bool listed = false;
    for (const SettingsSource& source : sources) {
      std::error_code error;
      listed = listed || source.path == path || fs::equivalent(source.path, path, error);
    }
    if (listed) continue;
    sources.push_back({path, path.ends_with("/settings.json")
                                 ? "run `bgprof install --project`"
                                 : "edit " + path + " so that its bgprof hooks run this binary"});
  }
  return sources;
}

// The parsed file; nullopt when there is none.
absl::StatusOr<std::optional<json>> ReadSettings(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return std::optional<json>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::PermissionDeniedError(path + " cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    return std::optional<json>(json::object());
  }
  json document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError(path + " is not a valid JSON object");
  }
  return std::optional<json>(std::move(document));
}

// Whether a group with `matcher` hears everything bgprof registers the event for.
bool MatcherCovers(const std::optional<std::string>& matcher, const HookRegistration& wanted) {
  if (!matcher.has_value() || matcher->empty() || *matcher == "*") return true;
  return *matcher == wanted.matcher;
}

void AddOnce(std::vector<std::string>& list, std::string item) {
  for (const std::string& known : list) {
    if (known == item) return;
  }
  list.push_back(std::move(item));
}

DoctorCheck CheckHooks() {
  const std::string self = SelfPath();
  const char* home = NonEmptyEnv("HOME");
  std::vector<std::string> failures, warnings, fixes, files_with_hooks;
  const std::vector<SettingsSource> sources = SettingsSources(failures);
  std::set<std::string> registered;    // events with a bgprof entry, whatever it runs
  std::set<std::string> covered;       // events with an entry here under a matcher as wanted
  std::set<std::string> running_here;  // events with an entry that runs this binary
  for (const SettingsSource& source : sources) {
    absl::StatusOr<std::optional<json>> settings = ReadSettings(source.path);
    if (!settings.ok()) {
      failures.push_back(Message(settings.status()));
      AddOnce(fixes, "make " + source.path + " valid JSON");
      continue;
    }
    if (!settings->has_value()) continue;
    const json& document = **settings;
    if (auto off = document.find("disableAllHooks");
        off != document.end() && off->is_boolean() && off->get<bool>()) {
      failures.push_back("disableAllHooks is set in " + source.path +
                         ": Claude Code runs no hooks");
      AddOnce(fixes, "remove disableAllHooks from " + source.path);
    }
    // Other programs, in the order first seen, with the events that run them.
    std::vector<std::pair<std::string, std::vector<std::string>>> elsewhere;
    for (const BgprofHookEntry& entry : BgprofHookEntries(document)) {
      AddOnce(files_with_hooks, source.path);
      registered.insert(entry.event);
      std::optional<std::string> program =
          HookProgramOf(entry.command, home != nullptr ? home : "");
      if (!program.has_value()) {
        warnings.push_back("cannot tell which program " + entry.event + " in " + source.path +
                           " runs (" + entry.command + ")");
        continue;
      }
      if (program->find('/') == std::string::npos) {
        program = FindOnPath(*program).value_or(*program);  // as the hook's shell would
      }
      if (IsThisBinary(*program)) {
        running_here.insert(entry.event);
        for (const HookRegistration& wanted : BgprofRegistrations()) {
          if (wanted.event == entry.event && MatcherCovers(entry.matcher, wanted)) {
            covered.insert(entry.event);
          }
        }
        continue;
      }
      auto known = std::find_if(elsewhere.begin(), elsewhere.end(),
                                [&](const auto& other) { return other.first == *program; });
      if (known == elsewhere.end()) known = elsewhere.insert(elsewhere.end(), {*program, {}});
      AddOnce(known->second, entry.event);
    }
    for (const auto& [program, events] : elsewhere) {
      std::error_code error;
      const bool exists = fs::exists(program, error);
      failures.push_back(absl::StrJoin(events, ", ") + " in " + source.path +
                         (events.size() == 1 ? " runs " : " run ") + program +
                         (exists ? "" : ", which does not exist") + ", not this binary (" + self +
                         ")");
      AddOnce(fixes, source.fix);
    }
  }
  std::vector<std::string> missing, outdated;
  for (const HookRegistration& wanted : BgprofRegistrations()) {
    const std::string event(wanted.event);
    if (!registered.contains(event)) missing.push_back(event);
    if (running_here.contains(event) && !covered.contains(event)) outdated.push_back(event);
  }
  if (registered.empty()) {
    std::vector<std::string> paths;
    for (const SettingsSource& source : sources) paths.push_back(source.path);
    failures.push_back("no bgprof hooks in " + absl::StrJoin(paths, ", "));
    AddOnce(fixes, "run `bgprof install`");
  } else if (!missing.empty()) {
    failures.push_back("no bgprof hook for " + absl::StrJoin(missing, ", "));
    AddOnce(fixes, "run `bgprof install`");
  }
  if (!outdated.empty()) {
    warnings.push_back("the matchers of " + absl::StrJoin(outdated, ", ") +
                       " are not this version's: some tools go unheard");
    AddOnce(fixes, "run `bgprof install`");
  }
  std::vector<std::string> problems = failures;
  problems.insert(problems.end(), warnings.begin(), warnings.end());
  if (problems.empty()) {
    return Found(Verdict::kOk, "hooks",
                 absl::StrCat("all ", BgprofRegistrations().size(), " events run this binary (",
                              absl::StrJoin(files_with_hooks, ", "), ")"));
  }
  return Found(failures.empty() ? Verdict::kWarn : Verdict::kFail, "hooks",
               absl::StrJoin(problems, "; "), absl::StrJoin(fixes, "; "));
}

std::string SizeText(int64_t bytes) {
  if (bytes < 1024 * 1024) return absl::StrFormat("%d KB", (bytes + 1023) / 1024);
  return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / (1024 * 1024));
}

// The folder nearest to `path` that exists: where creating it would start.
std::string NearestExistingFolder(const std::string& path) {
  fs::path folder = fs::path(path).parent_path();
  std::error_code error;
  while (!folder.empty() && !fs::exists(folder, error)) {
    if (folder == folder.parent_path()) break;
    folder = folder.parent_path();
  }
  return folder.empty() ? std::string(".") : folder.string();
}

// Opens the database when it exists (never creates it) into `store`; `no_store` says why not.
DoctorCheck CheckDatabase(std::optional<Store>& store, std::string& no_store) {
  no_store = "the database cannot be read";
  absl::StatusOr<std::string> path = DatabasePath();
  if (!path.ok()) {
    return Found(Verdict::kFail, "database", Message(path.status()),
                 "set HOME, or BGPROF_DB to the database's path");
  }
  std::error_code error;
  if (!fs::exists(*path, error)) {
    no_store = "no runs recorded yet";
    const std::string start = NearestExistingFolder(*path);
    if (::access(start.c_str(), W_OK | X_OK) != 0) {
      return Found(Verdict::kFail, "database",
                   "no database at " + *path + ", and bgprof cannot create one: " + start +
                       " is not writable",
                   "make " + start + " writable, or set BGPROF_DB to a writable place");
    }
    return Found(Verdict::kWarn, "database",
                 "no runs recorded yet (no database at " + *path +
                     "; the first Bash call Claude Code makes with bgprof's hooks creates it)");
  }
  const std::string folder = FolderOf(*path);
  const std::string move_aside =
      "move it aside and bgprof starts a new one: mv " + *path + " " + *path + ".broken";
  if (::access(path->c_str(), R_OK | W_OK) != 0 || ::access(folder.c_str(), W_OK | X_OK) != 0) {
    // SQLite writes its -wal and -shm files beside the database.
    return Found(Verdict::kFail, "database",
                 *path + " or its folder is not writable by this user: nothing gets recorded",
                 "give this user write access to " + *path + " and " + folder);
  }
  absl::StatusOr<Store> opened = Store::Open(*path);
  if (!opened.ok()) {
    return Found(Verdict::kFail, "database",
                 "cannot open " + *path + ": " + Message(opened.status()), move_aside);
  }
  absl::StatusOr<std::string> intact = opened->QuickCheck();
  if (!intact.ok() || *intact != "ok") {
    const std::string problem = intact.ok() ? *intact : Message(intact.status());
    return Found(Verdict::kFail, "database",
                 *path + " is damaged: " + problem.substr(0, problem.find('\n')), move_aside);
  }
  if (absl::Status writable = opened->Begin(); !writable.ok()) {
    return Found(Verdict::kFail, "database", *path + " cannot be written: " + Message(writable),
                 "give this user write access to " + *path + " and " + folder +
                     ", or retry when no other bgprof holds it");
  }
  opened->Rollback();
  absl::StatusOr<int64_t> runs = opened->SampleCount();
  struct stat info;
  if (!runs.ok() || ::stat(path->c_str(), &info) != 0) {
    return Found(Verdict::kFail, "database",
                 *path + " cannot be read: " +
                     (runs.ok() ? std::string(std::strerror(errno)) : Message(runs.status())),
                 move_aside);
  }
  store = std::move(*opened);
  // Hooks leave recent runs in the WAL until it grows: its size is the database's too.
  struct stat wal;
  const int64_t size =
      info.st_size + (::stat((*path + "-wal").c_str(), &wal) == 0 ? wal.st_size : 0);
  const mode_t mode = info.st_mode & 07777;
  const std::string found =
      absl::StrCat(*path, ": ", SizeText(size), ", ", *runs, *runs == 1 ? " run" : " runs",
                   ", intact, writable, mode ", absl::StrFormat("%04o", mode));
  if ((mode & 077) != 0) {
    return Found(Verdict::kWarn, "database", found + " (others may read the commands it holds)",
                 "chmod 600 " + *path);
  }
  return Found(Verdict::kOk, "database", found);
}

DoctorCheck CheckConfig() {
  const std::string path = ConfigPath();
  absl::StatusOr<Config> config = LoadConfig();
  if (!config.ok()) {
    const std::string message = Message(config.status());
    return Found(Verdict::kFail, "config",
                 message + " (the hook ignores the file and uses the defaults)",
                 message.starts_with(path) && !path.empty() ? "correct it in " + path
                                                            : "correct the variable it names");
  }
  std::error_code error;
  std::string found = path.empty()              ? std::string("no config file (HOME is not set)")
                      : fs::exists(path, error) ? path + " is valid"
                                                : "no " + path + ": the defaults";
  const absl::StatusOr<std::string> here = ProjectOfWorkingFolder();
  const std::string project_path = here.ok() ? ProjectConfigPath(*here) : std::string();
  if (here.ok() && fs::exists(project_path, error)) {
    absl::StatusOr<Config> with_project = WithProjectConfig(*config, *here);
    if (!with_project.ok()) {
      return Found(Verdict::kFail, "config",
                   Message(with_project.status()) + " (the hook gives this project no advice)",
                   "correct it in " + project_path);
    }
    found += ", and " + project_path + " is valid";
  }
  return Found(Verdict::kOk, "config",
               absl::StrCat(found, " (mode ", std::string(ModeName(config->mode)), ")"));
}

struct ProgramRun {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `program` with `args`, stdin empty, for at most `timeout_ms`: past that, it and every
// process it started are killed.
ProgramRun RunWithTimeout(const std::string& program, const std::vector<std::string>& args,
                          int timeout_ms) {
  ProgramRun run;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return run;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // A group of its own, so that a timeout also ends what it started (node starts helpers).
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<std::string> words = {program};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pipe_fds[1]);
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    return run;
  }
  run.started = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool reading = true;
  bool exited = false;
  int status = 0;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) break;
    if (reading) {
      pollfd ready{.fd = pipe_fds[0], .events = POLLIN, .revents = 0};
      if (::poll(&ready, 1, static_cast<int>(left)) <= 0) continue;
      char buffer[4096];
      const ssize_t got = ::read(pipe_fds[0], buffer, sizeof(buffer));
      if (got > 0 && run.output.size() < kMaxOutputBytes) {
        run.output.append(buffer, static_cast<size_t>(got));
      }
      if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) reading = false;
      continue;
    }
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) exited = true;
  if (!exited) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    run.timed_out = true;
  }
  ::close(pipe_fds[0]);
  if (exited && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  return run;
}

std::string FirstLine(std::string_view text) {
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (!trimmed.empty()) return std::string(trimmed);
  }
  return std::string();
}

// "2.1.330 (Claude Code)" → {2, 1, 330}.
std::optional<std::array<int, 3>> VersionIn(std::string_view line) {
  std::array<int, 3> version{};
  const char* at = line.data();
  const char* const end = line.data() + line.size();
  for (size_t i = 0; i < version.size(); ++i) {
    if (i > 0) {
      if (at == end || *at != '.') return std::nullopt;
      ++at;
    }
    const auto [next, error] = std::from_chars(at, end, version[i]);
    if (error != std::errc()) return std::nullopt;
    at = next;
  }
  return version;
}

DoctorCheck CheckClaudeCode() {
  const std::optional<std::string> claude = FindOnPath("claude");
  if (!claude.has_value()) {
    return Found(Verdict::kWarn, "Claude Code", "no `claude` on PATH",
                 "install Claude Code, or ignore this where it runs with another PATH");
  }
  const ProgramRun run = RunWithTimeout(*claude, {"--version"}, kClaudeVersionTimeoutMs);
  if (!run.started) {
    return Found(Verdict::kWarn, "Claude Code", "cannot start " + *claude);
  }
  if (run.timed_out) {
    return Found(Verdict::kWarn, "Claude Code",
                 absl::StrCat("`", *claude, " --version` gave no answer within ",
                              kClaudeVersionTimeoutMs / 1000, " s"));
  }
  if (run.exit_code != 0) {
    return Found(Verdict::kWarn, "Claude Code",
                 absl::StrCat("`", *claude, " --version` failed (exit ", run.exit_code,
                              "): ", FirstLine(run.output)));
  }
  return ClaudeCodeCheck(*claude, run.output);
}

DoctorCheck CheckRunTiming(std::optional<Store>& store, const std::string& no_store) {
  if (!store.has_value()) return Found(Verdict::kWarn, "durations", "not checked: " + no_store);
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  absl::StatusOr<RunTiming> timing = store->RecentRunTiming(now_ms - kRecentWindowMs, kRecentRuns);
  if (!timing.ok()) {
    return Found(Verdict::kWarn, "durations", "cannot read the runs: " + Message(timing.status()));
  }
  return RunTimingCheck(*timing);
}

DoctorCheck CheckErrorLog() {
  absl::StatusOr<std::string> database = DatabasePath();
  if (!database.ok()) {
    return Found(Verdict::kWarn, "error log", "not found: " + Message(database.status()));
  }
  const std::string path = LogPathFor(*database);
  absl::StatusOr<std::string> tail = ReadFileTail(path, kErrorLogBytes);
  if (!tail.ok()) {
    if (absl::IsNotFound(tail.status())) return Found(Verdict::kOk, "error log", "no errors");
    return Found(Verdict::kWarn, "error log", Message(tail.status()));
  }
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(*tail, '\n')) {
    if (!absl::StripAsciiWhitespace(line).empty()) lines.push_back(std::string(line));
  }
  if (lines.empty()) return Found(Verdict::kOk, "error log", "no errors");
  if (lines.size() > kErrorLogLines) lines.erase(lines.begin(), lines.end() - kErrorLogLines);
  DoctorCheck check = Found(Verdict::kWarn, "error log",
                            absl::StrCat("the last ", lines.size(), " lines of ", path, ":"),
                            "once their cause is fixed, remove " + path);
  check.details = std::move(lines);
  return check;
}

// The check's result, or a failure naming what it threw: one check's bug must not hide the
// others.
DoctorCheck Guarded(std::string_view name, const std::function<DoctorCheck()>& check) {
  try {
    return check();
  } catch (const std::exception& error) {
    return Found(Verdict::kFail, std::string(name), absl::StrCat("internal error: ", error.what()));
  } catch (...) {
    return Found(Verdict::kFail, std::string(name), "internal error");
  }
}

}  // namespace

std::string FormatCheck(const DoctorCheck& check) {
  std::string text = absl::StrFormat("%-4s  %s: %s\n", std::string(VerdictText(check.verdict)),
                                     check.name, check.found);
  for (const std::string& line : check.details) absl::StrAppend(&text, "      ", line, "\n");
  if (!check.fix.empty()) absl::StrAppend(&text, "      fix: ", check.fix, "\n");
  return text;
}

DoctorCheck ClaudeCodeCheck(std::string_view path, std::string_view version_output) {
  const std::string line = FirstLine(version_output);
  const std::optional<std::array<int, 3>> version = VersionIn(line);
  const std::string where = line + " at " + std::string(path);
  if (!version.has_value()) {
    return Found(
        Verdict::kWarn, "Claude Code",
        "`claude --version` at " + std::string(path) + " said \"" + line + "\", not a version");
  }
  if (*version < kDurationMsSince) {
    return Found(Verdict::kWarn, "Claude Code",
                 where +
                     ": before 2.1.119 Claude Code sends no duration_ms, so bgprof times "
                     "calls itself, permission prompts included",
                 "update Claude Code (`claude update`)");
  }
  return Found(Verdict::kOk, "Claude Code", where);
}

DoctorCheck RunTimingCheck(const RunTiming& timing) {
  if (timing.runs == 0) {
    return Found(Verdict::kWarn, "durations", "no runs recorded in the last 7 days");
  }
  const std::string counts =
      absl::StrCat(timing.runs == 1 ? std::string("the last run")
                                    : absl::StrCat("the last ", timing.runs, " runs"),
                   " (within 7 days): Claude Code timed ", timing.runs - timing.timed_by_hooks,
                   " (duration_ms), bgprof's hooks ", timing.timed_by_hooks);
  if (timing.timed_by_hooks * 2 > timing.runs) {
    return Found(Verdict::kWarn, "durations",
                 counts +
                     ": most came without duration_ms (Claude Code before 2.1.119), so "
                     "their durations include permission prompts",
                 "update Claude Code (`claude update`)");
  }
  return Found(Verdict::kOk, "durations", counts);
}

int RunDoctorCommand() {
  bool failed = false;
  std::optional<Store> store;
  std::string no_store = "the database was not checked";
  // Printed as each check ends: `claude --version` may take seconds.
  auto report = [&](std::string_view name, const std::function<DoctorCheck()>& check) {
    const DoctorCheck result = Guarded(name, check);
    failed = failed || result.verdict == Verdict::kFail;
    std::cout << FormatCheck(result) << std::flush;
  };
  report("PATH", CheckPath);
  report("hooks", CheckHooks);
  report("database", [&] { return CheckDatabase(store, no_store); });
  report("config", CheckConfig);
  report("Claude Code", CheckClaudeCode);
  report("durations", [&] { return CheckRunTiming(store, no_store); });
  report("error log", CheckErrorLog);
  return failed ? 1 : 0;
}

}  // namespace bgprof
