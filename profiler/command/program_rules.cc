#include "profiler/command/program_rules.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace bgprof {
namespace {

// Sorted by nothing in particular; the list is short enough for a linear scan (~60 entries,
// compared by length first).
constexpr std::array kRules = {
    ProgramRule{"git", 1,
                "-C -c --git-dir --work-tree --namespace -m -F -n -b -B --author "
                "--grep --format --pretty --since --until --depth -X -s -U"},
    ProgramRule{"npm", 1, "--prefix -w --workspace -C"},
    ProgramRule{"pnpm", 1, "--prefix -C --dir -F --filter -w --workspace"},
    ProgramRule{"yarn", 1, "--cwd"},
    ProgramRule{"bun", 1, "--cwd"},
    ProgramRule{"deno", 1, ""},
    ProgramRule{"cargo", 1,
                "-p --package --bin --test --example --bench --features -F -j "
                "--jobs --target --manifest-path --profile -Z --config"},
    ProgramRule{"go", 1,
                "-run -count -timeout -tags -p -parallel -coverprofile -bench "
                "-benchtime -o -C -skip -covermode -cpu -shuffle",
                "mod work tool"},
    ProgramRule{"docker", 1,
                "-f --file -t --tag --name -p --publish -e --env -v --volume "
                "--build-arg --target --platform -w --workdir --network -H "
                "--context --env-file -u --user --entrypoint",
                "compose buildx image container volume network system context builder "
                "manifest plugin trust"},
    ProgramRule{"podman", 1, "-f --file -t --tag --name -p -e -v --build-arg",
                "compose image "
                "container"},
    ProgramRule{"kubectl", 1,
                "-f --filename -n --namespace -l --selector -o --output -c "
                "--container --context --kubeconfig",
                "rollout config auth certificate"},
    ProgramRule{"helm", 1, "-f --values -n --namespace --set --version --kube-context",
                "repo dependency plugin"},
    ProgramRule{"gh", 1,
                "-R --repo -t --title -b --body -B --base -H --head -L --limit "
                "-q --jq --json -X --method -f -F --field -w --workflow",
                "pr issue run repo release workflow auth gist secret label cache codespace "
                "project ruleset variable"},
    ProgramRule{"aws", 2, "--region --profile --output --query"},
    ProgramRule{"gcloud", 2, "--project --region --zone --format"},
    ProgramRule{"terraform", 1, "-var -var-file -target -chdir"},
    ProgramRule{"tofu", 1, "-var -var-file -target -chdir"},
    ProgramRule{"pip", 1,
                "-r --requirement -c --constraint -i --index-url --extra-index-url "
                "-t --target"},
    ProgramRule{"uv", 1, "-p --python --with -r --directory --project", "pip tool python"},
    ProgramRule{"poetry", 1, "-C --directory"},
    ProgramRule{"conda", 1, "-n --name -c --channel -p --prefix"},
    ProgramRule{"mise", 1, "-C --cd -E --env -j --jobs"},
    ProgramRule{"mix", 1, ""},
    ProgramRule{"bundle", 1, "--gemfile"},
    ProgramRule{"rails", 1, "-e --environment -p --port -b --binding"},
    ProgramRule{"rake", kTargets, "-f --rakefile -C --directory"},
    ProgramRule{"dotnet", 1,
                "-c --configuration -f --framework -p --project -o --output "
                "--filter -v --verbosity"},
    ProgramRule{"swift", 1, "-c --configuration --package-path --filter"},
    ProgramRule{"zig", 1, "-O --prefix"},
    ProgramRule{"flutter", 1, ""},
    ProgramRule{"dart", 1, ""},
    ProgramRule{"brew", 1, ""},
    ProgramRule{"apt", 1, "-o -t"},
    ProgramRule{"apt-get", 1, "-o -t"},
    ProgramRule{"dnf", 1, ""},
    ProgramRule{"yum", 1, ""},
    ProgramRule{"systemctl", 1, "-H --host -M --machine"},
    ProgramRule{"rustup", 1, "--toolchain", "toolchain target component"},
    ProgramRule{"composer", 1, "-d --working-dir"},
    ProgramRule{"nx", 1, "-c --configuration --projects -p"},
    ProgramRule{"turbo", 1, "--filter -F --concurrency"},
    ProgramRule{"vitest", 1, "-t --testNamePattern -c --config --project --reporter"},
    ProgramRule{"playwright", 1, "-c --config -g --grep --project -j --workers --reporter"},
    ProgramRule{"make", kTargets, "-C --directory -f --file --makefile -j --jobs -l -o -W"},
    ProgramRule{"gmake", kTargets, "-C --directory -f --file --makefile -j --jobs -l -o -W"},
    ProgramRule{"ninja", kTargets, "-C -f -j -k -l -t -d -w"},
    ProgramRule{"just", kTargets, "-f --justfile -d --working-directory --set"},
    ProgramRule{"task", kTargets, "-d --dir -t --taskfile"},
    ProgramRule{"mvn", kTargets, "-f --file -pl --projects -P --activate-profiles -D -T -s"},
    ProgramRule{"gradle", kTargets, "-p --project-dir -x --exclude-task -P -D"},
    ProgramRule{"gradlew", kTargets, "-p --project-dir -x --exclude-task -P -D"},
    ProgramRule{"pytest", 0,
                "-k -m -n -p -c --maxfail --rootdir --junitxml --junit-xml "
                "--cov --cov-report --durations --ignore --deselect -o --tb "
                "--override-ini --basetemp --timeout"},
    ProgramRule{"jest", 0,
                "-t --testNamePattern -c --config --testPathPattern "
                "--testPathIgnorePatterns --maxWorkers -w --reporters"},
    ProgramRule{"bats", 0,
                "-f --filter --filter-tags --filter-status -F --formatter --report-formatter "
                "-o --output -j --jobs --gather-test-outputs-in --line-reference-format"},
    ProgramRule{"mocha", 0, "-g --grep -t --timeout -r --require --reporter -R --spec"},
    ProgramRule{"rspec", 0, "-e --example -t --tag -f --format -o --out --seed"},
    ProgramRule{"tsc", 0, "-p --project --outDir --target --module"},
    ProgramRule{"eslint", 0,
                "-c --config --ext -f --format -o --output-file "
                "--max-warnings --ignore-pattern"},
    ProgramRule{"ruff", 1, "--config --select --ignore --target-version"},
    ProgramRule{"mypy", 0, "--config-file -p --package -m --module --python-version"},
    ProgramRule{"golangci-lint", 1,
                "-c --config --timeout --enable --disable -E -D "
                "--build-tags"},
    ProgramRule{"meson", 1, "-C --buildtype -D --prefix --backend"},
    ProgramRule{"cmake", 0,
                "-S -B -G -D -C -T -A -j --parallel --build --install --target "
                "-t --config --preset --prefix --component"},
    ProgramRule{"ctest", 0,
                "-R --tests-regex -E --exclude-regex -j --parallel -L -C "
                "--build-config --test-dir --timeout"},
};

// Options that take a value for most programs when written as two words.
constexpr std::string_view kCommonValueOptions =
    "--output --out --config --file --directory --dir --cwd --timeout --format --log-level --port";

}  // namespace

std::span<const ProgramRule> ProgramRules() { return kRules; }

const ProgramRule* RuleFor(std::string_view program) {
  // Built once per process; a hook process signs a few commands at most.
  static const absl::flat_hash_map<std::string_view, const ProgramRule*, NameHash> kByProgram = [] {
    absl::flat_hash_map<std::string_view, const ProgramRule*, NameHash> map;
    for (const ProgramRule& rule : kRules) map.emplace(rule.program, &rule);
    return map;
  }();
  auto it = kByProgram.find(program);
  return it == kByProgram.end() ? nullptr : it->second;
}

namespace {

using NamePair = std::pair<std::string_view, std::string_view>;

// Calls `add` with each space-separated word of `list`.
template <typename Add>
void ForEachWord(std::string_view list, Add add) {
  for (size_t start = 0; start < list.size();) {
    const size_t end = std::min(list.find(' ', start), list.size());
    if (end > start) add(list.substr(start, end - start));
    start = end + 1;
  }
}

// Who takes a value after an option: nearly every program, and the programs of these rules (by
// their index in kRules).
struct ValueTakers {
  bool common = false;
  std::bitset<kRules.size()> rules;
};

}  // namespace

bool TakesValue(const ProgramRule* rule, std::string_view option) {
  if (option.find('=') != std::string_view::npos) return false;  // --file=x carries its value
  // Every value option of the rules and the common ones, hashed once per process: this runs for
  // every option of every command, one lookup each.
  static const absl::flat_hash_map<std::string_view, ValueTakers, NameHash> kValueOptions = [] {
    absl::flat_hash_map<std::string_view, ValueTakers, NameHash> options;
    for (size_t i = 0; i < kRules.size(); ++i) {
      ForEachWord(kRules[i].value_options,
                  [&](std::string_view word) { options[word].rules.set(i); });
    }
    ForEachWord(kCommonValueOptions, [&](std::string_view word) { options[word].common = true; });
    return options;
  }();
  auto it = kValueOptions.find(option);
  if (it == kValueOptions.end()) return false;
  // `rule` comes from RuleFor or ProgramRules: an element of kRules.
  return it->second.common || (rule != nullptr && it->second.rules.test(rule - kRules.data()));
}

std::string_view CanonicalSubcommand(std::string_view program, std::string_view subcommand) {
  static const absl::flat_hash_map<NamePair, std::string_view, NameHash> kAliases = {
      {{"npm", "i"}, "install"},      {{"npm", "t"}, "test"},      {{"npm", "tst"}, "test"},
      {{"npm", "run-script"}, "run"}, {{"npm", "add"}, "install"}, {{"npm", "x"}, "exec"},
      {{"pnpm", "i"}, "install"},     {{"pnpm", "t"}, "test"},     {{"pnpm", "run-script"}, "run"},
      {{"bun", "i"}, "install"},      {{"bun", "t"}, "test"},      {{"mise", "r"}, "run"},
      {{"rails", "s"}, "server"},     {{"rails", "c"}, "console"}, {{"rails", "g"}, "generate"},
      {{"rails", "t"}, "test"},       {{"cargo", "b"}, "build"},   {{"cargo", "t"}, "test"},
      {{"cargo", "r"}, "run"},        {{"cargo", "c"}, "check"},
  };
  auto it = kAliases.find(NamePair(program, subcommand));
  return it == kAliases.end() ? subcommand : it->second;
}

}  // namespace bgprof
