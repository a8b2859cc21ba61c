#include "profiler/cli/cli.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <map>

#include "absl/strings/str_join.h"
#include "hook/dispatch.h"
#include "profiler/cli/estimate_command.h"
#include "profiler/cli/install_command.h"
#include "profiler/cli/replay_command.h"
#include "profiler/cli/stats_command.h"
#include "profiler/cli/top_command.h"

#ifndef BGPROF_VERSION
#define BGPROF_VERSION "unknown"
#endif

namespace bgprof {
namespace {

// CLI11's default adds a second line pointing at --help; one line is easier to read in a script.
std::string OneLineFailure(const CLI::App* /*app*/, const CLI::Error& error) {
  return std::string("bgprof: ") + error.what() + " (see --help)\n";
}

}  // namespace

int CommandFailure(std::string_view message, int exit_code) {
  std::cerr << "bgprof: " << message << "\n";
  return exit_code;
}

int CommandFailure(const absl::Status& status) {
  return CommandFailure(std::string_view(status.message().data(), status.message().size()));
}

int RunCli(int argc, char** argv) {
  CLI::App app{
      "bgprof learns how long an agent's shell commands take and suggests running the slow ones "
      "in the background.",
      "bgprof"};
  app.set_version_flag("--version", BGPROF_VERSION);
  app.require_subcommand(1);
  app.failure_message(OneLineFailure);

  std::string event_name;
  CLI::App* hook = app.add_subcommand(
      "hook",
      "Handle one Claude Code hook event (JSON on stdin). Run by the entries `install` adds.");
  hook->add_option("event", event_name, "Event name, for readers of settings.json (ignored)");

  EstimateOptions estimate_options;
  std::vector<std::string> words;
  CLI::App* estimate = app.add_subcommand("estimate", "Predict how long a command will take");
  estimate->add_flag("--json", estimate_options.json, "Print one JSON object");
  estimate->add_option("--cwd", estimate_options.cwd, "Predict as if run in this folder");
  estimate->add_option("command", words, "The command, after --")->required();

  TopOptions top_options;
  CLI::App* top = app.add_subcommand("top", "Show the slowest command families");
  top->add_flag("--json", top_options.json, "Print a JSON array");
  top->add_option("--limit", top_options.limit, "Show at most N families")
      ->check(CLI::Range(1, 1000000));
  top->add_flag("--all-projects", top_options.all_projects,
                "Every project, not only the current one");
  top->add_option("--by", top_options.by, "Group by family (default) or by command")
      ->transform(
          CLI::CheckedTransformer(std::map<std::string, Grouping>{{"family", Grouping::kFamily},
                                                                  {"command", Grouping::kCommand}},
                                  CLI::ignore_case));

  StatsOptions stats_options;
  CLI::App* stats =
      app.add_subcommand("stats", "Show what bgprof did and what it saved, over a period");
  stats->add_flag("--json", stats_options.json, "Print one JSON object");
  stats->add_option("--since", stats_options.since,
                    "How far back: <N>d, <N>h, <N>m or all (default 7d)");
  stats->add_option("--project", stats_options.project,
                    "Only the project this folder belongs to (default: every project)");

  ReplayOptions replay_options;
  CLI::App* replay = app.add_subcommand(
      "replay", "Score bgprof against simple baselines on a recorded trace (JSON lines)");
  replay->add_flag("--json", replay_options.json, "Print one JSON object");
  replay->add_option("--events", replay_options.events_path,
                     "Also write every scored event to this file, one JSON object a line");
  replay->add_option("trace", replay_options.trace_path, "The trace: one JSON object a line")
      ->required()
      ->check(CLI::ExistingFile);

  InstallOptions install_options;
  CLI::App* install = app.add_subcommand("install", "Add bgprof's hooks to Claude Code's settings");
  CLI::App* uninstall =
      app.add_subcommand("uninstall", "Remove bgprof's hooks from Claude Code's settings");
  for (CLI::App* command : {install, uninstall}) {
    command->add_flag("--dry-run", install_options.dry_run,
                      "Print the changes to settings.json as a diff instead of writing them");
    command->add_flag("--project", install_options.project,
                      "Use the project's .claude/settings.json instead of the user's");
    command->add_flag("--claude-md", install_options.claude_md,
                      "Write or remove bgprof's section of the project's CLAUDE.md instead of "
                      "the hooks");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  if (hook->parsed()) return RunHookCommand();
  if (estimate->parsed()) {
    estimate_options.command = absl::StrJoin(words, " ");
    return RunEstimateCommand(estimate_options);
  }
  if (top->parsed()) return RunTopCommand(top_options);
  if (stats->parsed()) return RunStatsCommand(stats_options);
  if (replay->parsed()) return RunReplayCommand(replay_options);
  install_options.uninstall = uninstall->parsed();
  return RunInstallCommand(install_options);
}

}  // namespace bgprof
