#include "profiler/cli/share_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/store.h"
#include "profiler/cli/cli.h"
#include "profiler/cli/shared_priors.h"

namespace bgprof {
namespace {

std::string Counted(int64_t count, std::string_view one, std::string_view many) {
  return absl::StrCat(count, " ", std::string(count == 1 ? one : many));
}

absl::StatusOr<SharedPriors> LearnedPriors(Store& store) {
  ReadScope snapshot(store);
  absl::StatusOr<std::vector<KeyedStats>> families = store.StatsOfProject("family", "");
  if (!families.ok()) return families.status();
  absl::StatusOr<std::vector<KeyedStats>> programs = store.StatsOfProject("program", "");
  if (!programs.ok()) return programs.status();
  return SharedPriors{.families = *std::move(families), .programs = *std::move(programs)};
}

}  // namespace

int RunExportCommand(const ExportOptions& options) {
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return CommandFailure(store.status());
  absl::StatusOr<SharedPriors> priors = LearnedPriors(*store);
  if (!priors.ok()) return CommandFailure(priors.status());
  const LeftOut left_out = KeepShareable(*priors);
  const std::string text = SharedPriorsText(*priors);
  if (options.path.empty()) {
    std::cout << text << std::flush;
  } else {
    std::ofstream out(options.path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      return CommandFailure(
          absl::StrCat("cannot write ", options.path, ": ", std::strerror(errno)));
    }
  }
  if (left_out.paths + left_out.secrets > 0) {
    std::cerr << "bgprof: left out " << Counted(left_out.paths + left_out.secrets, "key", "keys")
              << " that may not leave this machine: " << left_out.paths << " naming a path, "
              << left_out.secrets << " holding a secret\n";
  }
  if (!options.path.empty()) {
    std::cout << "Exported "
              << Counted(static_cast<int64_t>(priors->families.size()), "family", "families")
              << " and "
              << Counted(static_cast<int64_t>(priors->programs.size()), "program", "programs")
              << " to " << options.path << ".\n";
  }
  return 0;
}

int RunImportCommand(const ImportOptions& options) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in) {
    return CommandFailure(absl::StrCat("cannot read ", options.path, ": ", std::strerror(errno)));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<SharedPriors> priors = ParseSharedPriors(text.str());
  if (!priors.ok()) {
    return CommandFailure(
        absl::StrCat("cannot import ", options.path, ": ", std::string(priors.status().message())));
  }
  std::vector<Store::ImportedStats> rows;
  for (const KeyedStats& family : priors->families) {
    rows.push_back({.level = "family", .key = family.key, .stats = family.stats});
  }
  for (const KeyedStats& program : priors->programs) {
    rows.push_back({.level = "program", .key = program.key, .stats = program.stats});
  }
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return CommandFailure(store.status());
  absl::StatusOr<Store::ImportCounts> counts = store->ImportStats(rows);
  if (!counts.ok()) return CommandFailure(counts.status());
  std::cout << "Imported "
            << Counted(static_cast<int64_t>(priors->families.size()), "family", "families")
            << " and "
            << Counted(static_cast<int64_t>(priors->programs.size()), "program", "programs") << ": "
            << counts->added << " new, " << counts->refreshed << " refreshed, " << counts->unchanged
            << " unchanged, " << counts->kept << " kept as this machine ran them.\n";
  return 0;
}

}  // namespace bgprof
