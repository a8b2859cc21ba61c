// The bgprof program. `bgprof hook` runs on every Bash call an agent makes, so it goes straight
// to the hook handler; everything else goes through the full command line.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "hook/dispatch.h"
#include "profiler/cli/cli.h"

namespace {

// `bgprof hook` runs whatever Claude Code's settings say, perhaps with arguments a newer bgprof
// wrote there: any arguments are ignored and it stays the hook, which exits 0. Only a person
// asking for its help gets the command line.
bool IsHookCall(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "hook") return false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") return false;
  }
  return true;
}

// A client may start bgprof with stdin, stdout or stderr closed. The next file bgprof opened
// would get that number, and the hook's advice or an error line would be written into it (the
// log, the database): /dev/null holds the place instead.
void HoldStandardDescriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // The lower numbers are taken, so open() returns `fd` itself.
    (void)::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
  }
}

}  // namespace

int main(int argc, char** argv) {
  HoldStandardDescriptors();
  if (IsHookCall(argc, argv)) return bgprof::RunHookCommand();
  return bgprof::RunCli(argc, argv);
}
