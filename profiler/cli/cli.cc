#include "profiler/cli/cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <limits>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "hook/dispatch.h"
#include "profiler/cli/calibrate_command.h"
#include "profiler/cli/doctor_command.h"
#include "profiler/cli/estimate_command.h"
#include "profiler/cli/forget_command.h"
#include "profiler/cli/install_command.h"
#include "profiler/cli/replay_command.h"
#include "profiler/cli/share_command.h"
#include "profiler/cli/stats_command.h"
#include "profiler/cli/top_command.h"

#ifndef BGPROF_VERSION
#define BGPROF_VERSION "unknown"
#endif

namespace bgprof {
namespace {

// How far back `--since` reaches, in ms; 0 for `all`; nullopt for anything but <N>d, <N>h, <N>m
// or all.
std::optional<int64_t> WindowMs(std::string_view since) {
  if (since == "all") return 0;
  if (since.size() < 2) return std::nullopt;
  int64_t unit_ms = 0;
  switch (since.back()) {
    case 'd':
      unit_ms = 24 * 3600 * 1000;
      break;
    case 'h':
      unit_ms = 3600 * 1000;
      break;
    case 'm':
      unit_ms = 60 * 1000;
      break;
    default:
      return std::nullopt;
  }
  const std::string_view digits = since.substr(0, since.size() - 1);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return std::nullopt;
  }
  int64_t count = 0;
  for (char c : digits) {
    count = count * 10 + (c - '0');
    // Past a few thousand years every row is in: no need to go on (or to overflow).
    if (count > std::numeric_limits<int64_t>::max() / (10 * unit_ms)) return 0;
  }
  if (count == 0) return std::nullopt;
  return count * unit_ms;
}

}  // namespace

std::optional<int64_t> SinceMs(std::string_view since, int64_t now_ms) {
  const std::optional<int64_t> window_ms = WindowMs(since);
  if (!window_ms.has_value()) return std::nullopt;
  return *window_ms == 0 ? 0 : std::max<int64_t>(0, now_ms - *window_ms);
}

int SinceFailure(std::string_view since) {
  return CommandFailure("--since takes <N>d, <N>h, <N>m or all, not \"" + std::string(since) + "\"",
                        2);
}

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
      "Handle one Claude Code hook event (JSON on stdin). Run by the entries `install` adds; "
      "other arguments are ignored.");
  hook->add_option("event", event_name, "Event name, for readers of settings.json (ignored)");
  // Whatever a settings.json passes, the hook runs and exits 0 (main() sends such calls straight
  // to it; this keeps the command line itself as lenient).
  hook->allow_extras();

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
  CLI::Option* all_projects = top->add_flag("--all-projects", top_options.all_projects,
                                            "Every project, not only the current one");
  top->add_option("--project", top_options.project_folder,
                  "The project this folder belongs to, not the working folder's")
      ->check(CLI::ExistingDirectory)
      ->excludes(all_projects);
  top->add_option("--since", top_options.since,
                  "Only runs this recent: <N>d, <N>h, <N>m or all (default all)");
  top->add_option("--by", top_options.by, "Group by family (default) or by command")
      ->transform(
          CLI::CheckedTransformer(std::map<std::string, Grouping>{{"family", Grouping::kFamily},
                                                                  {"command", Grouping::kCommand}},
                                  CLI::ignore_case));

  CalibrateOptions calibrate_options;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate",
      "Learn from the shell and agent histories you already have (run it again any time)");
  calibrate->add_option("--from", calibrate_options.from,
                        "Which history: auto (every one found, default), zsh, bash, fish, atuin "
                        "or claude");
  calibrate->add_option("path", calibrate_options.paths,
                        "History files (or a folder of transcripts) instead of the usual places");
  calibrate->add_flag("--dry-run", calibrate_options.dry_run,
                      "Read and count everything, store nothing");

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

  ForgetOptions forget_options;
  CLI::App* forget = app.add_subcommand(
      "forget", "Drop what was learned of the commands a pattern names, in every project");
  forget
      ->add_option("pattern", forget_options.pattern,
                   "A glob (*, ?) over family and command keys: 'npm test', 'make*'")
      ->required();
  forget->add_flag("--dry-run", forget_options.dry_run,
                   "Print what would be dropped and change nothing");

  ExportOptions export_options;
  CLI::App* export_command = app.add_subcommand(
      "export",
      "Write the family and program statistics a team can share (JSON; no commands, "
      "paths or projects)");
  export_command->add_option("file", export_options.path, "Where to write them (default stdout)");

  ImportOptions import_options;
  CLI::App* import_command = app.add_subcommand(
      "import", "Merge statistics written by `bgprof export`; this machine's own runs win");
  import_command->add_option("file", import_options.path, "The exported file")->required();

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

  CLI::App* doctor = app.add_subcommand(
      "doctor",
      "Check that bgprof is installed and working, one line a check; exit 1 on a failure");

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
  if (calibrate->parsed()) return RunCalibrateCommand(calibrate_options);
  if (stats->parsed()) return RunStatsCommand(stats_options);
  if (replay->parsed()) return RunReplayCommand(replay_options);
  if (doctor->parsed()) return RunDoctorCommand();
  if (forget->parsed()) return RunForgetCommand(forget_options);
  if (export_command->parsed()) return RunExportCommand(export_options);
  if (import_command->parsed()) return RunImportCommand(import_options);
  install_options.uninstall = uninstall->parsed();
  return RunInstallCommand(install_options);
}

}  // namespace bgprof
