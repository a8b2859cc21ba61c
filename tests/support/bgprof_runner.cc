#include "tests/support/bgprof_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bgprof::testing {
namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

Sandbox::Sandbox() : root_(scratch_.path()) { fs::create_directories(home()); }

RunResult Sandbox::RunWith(const std::vector<std::string>& args, const std::string& stdin_text,
                           const ChildSetup& setup) const {
  const std::string in_path = root_ + "/.stdin", out_path = root_ + "/.stdout",
                    err_path = root_ + "/.stderr";
  WriteFile(in_path, stdin_text);

  std::map<std::string, std::string> vars = {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"},
      {"HOME", home()},
      {"CLAUDE_CONFIG_DIR", claude_dir()},
      {"BGPROF_DB", database()},
  };
  for (const auto& [name, value] : env) vars[name] = value;
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : vars) {
    if (!value.empty()) env_strings.push_back(name + "=" + value);
  }
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = {BGPROF_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  WriteFile(out_path, "");
  // A pipe whose read end is closed before the child starts: its first write meets no reader.
  int pipe_ends[2] = {-1, -1};
  if (setup.out == ChildStdout::kPipeWithoutReader) {
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    ::close(pipe_ends[0]);
  }

  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
    int out = -1;
    switch (setup.out) {
      case ChildStdout::kCaptured:
      case ChildStdout::kClosed:
        out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        break;
      case ChildStdout::kPipeWithoutReader:
        out = pipe_ends[1];
        break;
      case ChildStdout::kDevFull:
        out = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
        break;
    }
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (setup.out == ChildStdout::kClosed) ::close(1);
    // Ignored signals stay ignored across exec: the child starts with SIGPIPE's default action,
    // as Claude Code's hooks do, whatever this test process does with it.
    ::signal(SIGPIPE, SIG_DFL);
    if (!setup.cwd.empty() && ::chdir(setup.cwd.c_str()) != 0) ::_exit(126);
    if (setup.remove_cwd && ::rmdir(setup.cwd.c_str()) != 0) ::_exit(126);
    if (before_exec && !before_exec()) ::_exit(125);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (pipe_ends[1] >= 0) ::close(pipe_ends[1]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  RunResult result;
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.killed_by = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

}  // namespace bgprof::testing
