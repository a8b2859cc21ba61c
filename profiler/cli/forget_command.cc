#include "profiler/cli/forget_command.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "profiler/cli/cli.h"
#include "profiler/learning/history.h"

namespace bgprof {
namespace {

// Families named in the line; a pattern like '*' would make it a page.
constexpr size_t kFamiliesShown = 8;

std::string Counted(int64_t count, std::string_view one, std::string_view many) {
  return absl::StrCat(count, " ", std::string(count == 1 ? one : many));
}

}  // namespace

std::string ForgetSummary(const Store::ForgetCounts& counts, bool dry_run) {
  std::string line = absl::StrCat(dry_run ? "Would forget " : "Forgot ",
                                  Counted(counts.samples, "sample", "samples"), " and ",
                                  Counted(counts.stats_rows, "statistics row", "statistics rows"));
  std::vector<std::string> families;
  for (size_t i = 0; i < counts.samples_per_family.size() && i < kFamiliesShown; ++i) {
    const auto& [family, samples] = counts.samples_per_family[i];
    families.push_back(absl::StrCat(family, " (", samples, ")"));
  }
  if (counts.samples_per_family.size() > kFamiliesShown) {
    families.push_back(absl::StrCat(counts.samples_per_family.size() - kFamiliesShown, " more"));
  }
  if (!families.empty()) absl::StrAppend(&line, " of ", absl::StrJoin(families, ", "));
  if (!counts.programs_kept.empty()) {
    absl::StrAppend(&line, "; the program level (", absl::StrJoin(counts.programs_kept, ", "),
                    ") mixes every family of its program and ", dry_run ? "would keep" : "keeps",
                    " their runs");
  }
  if (dry_run) absl::StrAppend(&line, " (dry run: nothing changed)");
  return line + ".";
}

int RunForgetCommand(const ForgetOptions& options) {
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return CommandFailure(store.status());
  absl::StatusOr<Store::ForgetCounts> counts =
      store->Forget(options.pattern, kFamilyKeySuffixes, options.dry_run);
  if (!counts.ok()) return CommandFailure(counts.status());
  if (counts->samples == 0 && counts->stats_rows == 0) {
    return CommandFailure(absl::StrCat("nothing learned matches \"", options.pattern,
                                       "\" (family and command keys: bgprof top --all-projects "
                                       "--by command)"));
  }
  std::cout << ForgetSummary(*counts, options.dry_run) << "\n";
  return 0;
}

}  // namespace bgprof
