#include "profiler/cli/install_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/store.h"
#include "hook/protocol/settings.h"
#include "profiler/base/config.h"
#include "profiler/cli/claude_md.h"
#include "profiler/cli/cli.h"
#include "profiler/cli/text_diff.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/known_slow.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// Slow families a CLAUDE.md section names: enough to recognise, few enough to stay short.
constexpr size_t kClaudeMdFamilies = 5;
// As Linux's own limit on following links (MAXSYMLINKS): past it, a loop.
constexpr int kMaxSymlinkHops = 40;

struct SettingsFile {
  bool exists = false;
  mode_t mode = 0644;
  json document = json::object();
};

// A file as it is, or empty when missing.
struct TextFile {
  bool exists = false;
  mode_t mode = 0644;
  std::string text;
};

absl::StatusOr<TextFile> ReadText(const std::string& path) {
  TextFile file;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return file;
    return absl::PermissionDeniedError(absl::StrCat(path, ": ", std::strerror(errno)));
  }
  file.exists = true;
  file.mode = info.st_mode & 07777;
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::PermissionDeniedError(absl::StrCat(path, ": cannot read"));
  std::stringstream text;
  text << in.rdbuf();
  file.text = text.str();
  return file;
}

absl::StatusOr<SettingsFile> ReadSettings(const std::string& path) {
  absl::StatusOr<TextFile> text = ReadText(path);
  if (!text.ok()) return text.status();
  SettingsFile file{.exists = text->exists, .mode = text->mode};
  if (text->text.find_first_not_of(" \t\r\n") == std::string::npos) return file;  // empty file
  try {
    file.document = json::parse(text->text);
  } catch (const json::parse_error& error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not valid JSON (", error.what(), "); nothing was changed"));
  }
  if (!file.document.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " does not hold a JSON object; nothing was changed"));
  }
  return file;
}

absl::Status WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::InternalError(std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

// The file `path` names once its symbolic links are followed (the last may dangle): a
// settings.json kept in a dotfiles repository is edited there, and the link stays a link.
absl::StatusOr<std::string> LinkTarget(const std::string& path) {
  fs::path target = path;
  for (int hops = 0; hops < kMaxSymlinkHops; ++hops) {
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(target, error))) return target.string();
    const fs::path next = fs::read_symlink(target, error);
    if (error) return absl::PermissionDeniedError(absl::StrCat(path, ": ", error.message()));
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  return absl::InvalidArgumentError(absl::StrCat(path, ": too many levels of symbolic links"));
}

// Writes beside the file `link` names (through its links) and renames over it, so Claude Code
// never reads a half-written file.
absl::Status WriteAtomically(const std::string& link, const std::string& text, mode_t mode) {
  absl::StatusOr<std::string> target = LinkTarget(link);
  if (!target.ok()) return target.status();
  const std::string& path = *target;
  std::error_code error;
  fs::create_directories(fs::path(path).parent_path(), error);
  std::string temp = path + ".bgprof-tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return absl::PermissionDeniedError(absl::StrCat(path, ": ", std::strerror(errno)));
  absl::Status status = WriteAll(fd, text);
  if (status.ok() && (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0)) {
    status = absl::InternalError(std::strerror(errno));
  }
  ::close(fd);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = absl::InternalError(std::strerror(errno));
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return absl::InternalError(absl::StrCat("cannot write ", path, ": ", status.message()));
  }
  return absl::OkStatus();
}

std::string RegisteredEvents() {
  std::string events;
  for (const HookRegistration& registration : BgprofRegistrations()) {
    if (!events.empty()) events += ", ";
    events += registration.event;
  }
  return events;
}

// What --dry-run prints: the change as a line diff of the two documents as they are written,
// so that a user sees exactly which lines bgprof would add, change or remove.
void PrintDryRun(const std::string& path, const std::string& before, const std::string& after,
                 bool changes, const InstallOptions& options) {
  if (!changes) {
    std::cout << "No change to " << path << ".\n";
    return;
  }
  std::cout << "--- " << path << "\n+++ " << path << " (after bgprof "
            << (options.uninstall ? "uninstall" : "install")
            << (options.claude_md ? " --claude-md" : "") << ")\n"
            << LineDiff(before, after);
}

// The root of the project the working folder belongs to, as Claude Code names it.
absl::StatusOr<std::string> ProjectRoot() {
  absl::StatusOr<std::string> project = ProjectOfWorkingFolder();
  if (!project.ok()) {
    return absl::FailedPreconditionError(std::string(project.status().message()) +
                                         ": cd into the project first");
  }
  return project;
}

// The project's slow families, as the section of its CLAUDE.md names them.
absl::StatusOr<std::string> ClaudeMdSectionForProject(const std::string& project) {
  absl::StatusOr<Config> config = LoadConfig();
  if (config.ok()) config = WithProjectConfig(*config, project);
  if (!config.ok()) return config.status();
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return store.status();
  absl::StatusOr<std::vector<FamilyEstimate>> slow =
      KnownSlowFamilies(*store, project, config->thresholds, kClaudeMdFamilies);
  if (!slow.ok()) return slow.status();
  return ClaudeMdSection(*slow, config->max_background);
}

// `bgprof install --claude-md` / `uninstall --claude-md`: bgprof's section of the project's
// CLAUDE.md, between its markers.
int RunClaudeMdCommand(const InstallOptions& options) {
  const absl::StatusOr<std::string> root = ProjectRoot();
  if (!root.ok()) return CommandFailure(root.status());
  const std::string& project = *root;
  const std::string path = project + "/CLAUDE.md";
  absl::StatusOr<TextFile> file = ReadText(path);
  if (!file.ok()) return CommandFailure(file.status());
  std::string updated;
  if (options.uninstall) {
    updated = WithoutClaudeMdSection(file->text);
  } else {
    absl::StatusOr<std::string> section = ClaudeMdSectionForProject(project);
    if (!section.ok()) return CommandFailure(section.status());
    updated = WithClaudeMdSection(file->text, *section);
  }
  const bool changes = updated != file->text;
  if (options.dry_run) {
    PrintDryRun(path, file->text, updated, changes, options);
    return 0;
  }
  if (!changes) {
    std::cout << (options.uninstall ? "bgprof's section is not in " : "bgprof's section of ")
              << path << (options.uninstall ? "" : " is up to date") << "; nothing changed.\n";
    return 0;
  }
  std::error_code error;
  if (options.uninstall && updated.empty() && file->exists && !fs::is_symlink(path, error)) {
    // The file held bgprof's section only, as `install --claude-md` created it. A link (to an
    // AGENTS.md, say) is left in place, its target emptied.
    if (::unlink(path.c_str()) != 0) {
      return CommandFailure(absl::InternalError(absl::StrCat(path, ": ", std::strerror(errno))));
    }
  } else if (absl::Status status = WriteAtomically(path, updated, file->mode); !status.ok()) {
    return CommandFailure(status);
  }
  std::cout << (options.uninstall ? "Removed bgprof's section from " : "Wrote bgprof's section of ")
            << path << ".\n";
  return 0;
}

}  // namespace

absl::StatusOr<std::string> SettingsPath(bool project) {
  if (project) {
    absl::StatusOr<std::string> root = ProjectRoot();
    if (!root.ok()) return root.status();
    return *root + "/.claude/settings.json";
  }
  const char* config = std::getenv("CLAUDE_CONFIG_DIR");
  if (config != nullptr && *config != '\0') return absl::StrCat(config, "/settings.json");
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    return absl::FailedPreconditionError("neither CLAUDE_CONFIG_DIR nor HOME is set");
  }
  return absl::StrCat(home, "/.claude/settings.json");
}

absl::StatusOr<std::string> ProgramPath() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error)
    return absl::InternalError(absl::StrCat("cannot find bgprof itself: ", error.message()));
  return self.string();
}

int RunInstallCommand(const InstallOptions& options) {
  if (options.claude_md) return RunClaudeMdCommand(options);
  absl::StatusOr<std::string> path = SettingsPath(options.project);
  if (!path.ok()) return CommandFailure(path.status());
  absl::StatusOr<SettingsFile> file = ReadSettings(*path);
  if (!file.ok()) return CommandFailure(file.status());

  absl::StatusOr<json> updated;
  std::string program;
  if (options.uninstall) {
    updated = WithoutBgprofHooks(file->document);
  } else {
    absl::StatusOr<std::string> self = ProgramPath();
    if (!self.ok()) return CommandFailure(self.status());
    program = *self;
    // Uninstall and reinstall recognise bgprof's entries by the program's name.
    if (fs::path(program).filename() != "bgprof") {
      return CommandFailure(absl::FailedPreconditionError(
          absl::StrCat("install needs the program to be named bgprof, not ", program)));
    }
    updated = WithBgprofHooks(file->document, program);
  }
  if (!updated.ok()) {
    return CommandFailure(absl::InvalidArgumentError(
        absl::StrCat(*path, ": ", updated.status().message(), "; nothing was changed")));
  }
  const std::string text = updated->dump(2) + "\n";
  // Nothing to write: the file already is as wanted, or uninstall finds no file to edit.
  const bool changes = !(*updated == file->document && (file->exists || options.uninstall));
  if (options.dry_run) {
    // A missing file is shown as empty rather than as the "{}" it is read as.
    PrintDryRun(*path, file->exists ? file->document.dump(2) + "\n" : "", text, changes, options);
    return 0;
  }
  if (!changes) {
    std::cout << (options.uninstall ? "bgprof hooks are not in " : "bgprof hooks are already in ")
              << *path << "; nothing changed.\n";
    return 0;
  }
  if (file->exists) {
    const std::string backup = *path + ".bgprof.bak";
    std::error_code error;
    fs::copy_file(*path, backup, fs::copy_options::overwrite_existing, error);
    if (error)
      return CommandFailure(
          absl::InternalError(absl::StrCat("cannot back up ", *path, ": ", error.message())));
  }
  if (absl::Status status = WriteAtomically(*path, text, file->mode); !status.ok()) {
    return CommandFailure(status);
  }
  if (options.uninstall) {
    std::cout << "Removed bgprof's hooks from " << *path << ".\n";
  } else {
    std::cout << "Installed bgprof's hooks (" << RegisteredEvents() << ") in " << *path
              << ",\nrunning " << HookCommandFor(program) << ".\n";
  }
  if (file->exists) std::cout << "The previous file is saved as " << *path << ".bgprof.bak.\n";
  return 0;
}

}  // namespace bgprof
