// The bgprof program. `bgprof hook` runs on every Bash call an agent makes, so it goes straight
// to the hook handler; everything else goes through the full command line.
#include <string_view>

#include "hook/dispatch.h"
#include "profiler/cli/cli.h"

int main(int argc, char** argv) {
  const bool plain_hook =
      argc >= 2 && std::string_view(argv[1]) == "hook" && (argc == 2 || argv[2][0] != '-');
  if (plain_hook) return bgprof::RunHookCommand();
  return bgprof::RunCli(argc, argv);
}
