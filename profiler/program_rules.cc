#include "profiler/program_rules.h"

#include <algorithm>
#include <array>

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

bool InList(std::string_view list, std::string_view word) {
  // One pass over the list, comparing only entries of the right length: this runs for most
  // words of every command.
  const size_t n = list.size();
  for (size_t start = 0; start < n;) {
    size_t end = start;
    while (end < n && list[end] != ' ') ++end;
    if (end - start == word.size() && std::equal(word.begin(), word.end(), list.begin() + start)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

const ProgramRule* RuleFor(std::string_view program) {
  // Built once per process; a hook process signs a few commands at most.
  // Keyed by absl::string_view: Debian's Abseil hashes std::string_view through std::hash,
  // several times slower on these short names.
  static const absl::flat_hash_map<absl::string_view, const ProgramRule*> kByProgram = [] {
    absl::flat_hash_map<absl::string_view, const ProgramRule*> map;
    for (const ProgramRule& rule : kRules) {
      map.emplace(absl::string_view(rule.program.data(), rule.program.size()), &rule);
    }
    return map;
  }();
  auto it = kByProgram.find(absl::string_view(program.data(), program.size()));
  return it == kByProgram.end() ? nullptr : it->second;
}

bool TakesValue(const ProgramRule* rule, std::string_view option) {
  if (option.find('=') != std::string_view::npos) return false;  // --file=x carries its value
  if (rule != nullptr && InList(rule->value_options, option)) return true;
  return InList(kCommonValueOptions, option);
}

std::string_view CanonicalSubcommand(std::string_view program, std::string_view subcommand) {
  struct Alias {
    std::string_view program, alias, canonical;
  };
  static constexpr std::array kAliases = {
      Alias{"npm", "i", "install"},       Alias{"npm", "t", "test"},
      Alias{"npm", "tst", "test"},        Alias{"npm", "run-script", "run"},
      Alias{"npm", "add", "install"},     Alias{"npm", "x", "exec"},
      Alias{"pnpm", "i", "install"},      Alias{"pnpm", "t", "test"},
      Alias{"pnpm", "run-script", "run"}, Alias{"bun", "i", "install"},
      Alias{"bun", "t", "test"},          Alias{"mise", "r", "run"},
      Alias{"rails", "s", "server"},      Alias{"rails", "c", "console"},
      Alias{"rails", "g", "generate"},    Alias{"rails", "t", "test"},
      Alias{"cargo", "b", "build"},       Alias{"cargo", "t", "test"},
      Alias{"cargo", "r", "run"},         Alias{"cargo", "c", "check"},
  };
  for (const Alias& alias : kAliases) {
    if (alias.program == program && alias.alias == subcommand) return alias.canonical;
  }
  return subcommand;
}

}  // namespace bgprof
