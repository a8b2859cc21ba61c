// The signature of realistic agent command lines, case by case. Most lines are Claude Code Bash
// calls from tests/data/corpus/commands.txt (lines 1-6194) and ../shared/traces; the rest are
// written in their style for the tools the corpus lacks (cargo, make, pytest, docker, kubectl).
// Each expectation follows the signature rules, not the implementation: program is the basename
// with its version folded, family adds the subcommand or target, and command adds the arguments
// that change the work, options sorted first for programs with a rule, volatile values masked and
// noise flags dropped for the programs bgprof knows. A line with work in other stages than the
// dominant part's names that work in the command key, by family: "git fetch origin ; git rebase".
#include "profiler/command/signature.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bgprof {
namespace {

struct Case {
  std::string line;
  std::string program;
  std::string family;
  std::string command;
};

// The three keys on one line, so that a failure shows every field that differs at once.
std::string Keys(const Signature& signature) {
  return "program=[" + signature.program + "] family=[" + signature.family + "] command=[" +
         signature.command + "]";
}

const std::vector<Case>& RealisticCases() {
  static const auto* const kCases = new std::vector<Case>{
      // git: the subcommand is the family; -C, paths, refs and flags that change the output stay.
      {"git status", "git", "git status", "git status"},
      {"git status --short", "git", "git status", "git status --short"},
      {"git -C /Users/USER/workspace/tmp/cli status", "git", "git status",
       "git status -C /Users/USER/workspace/tmp/cli"},
      {"git --no-pager diff --stat", "git", "git diff", "git diff --stat"},
      {"git diff HEAD~1 --name-only", "git", "git diff", "git diff --name-only HEAD~1"},
      {"git -C /Users/USER/workspace/tmp/cli diff cmd/entire/cli/checkpoint/checkpoint_test.go",
       "git", "git diff",
       "git diff -C /Users/USER/workspace/tmp/cli cmd/entire/cli/checkpoint/checkpoint_test.go"},
      {"git diff 6a77fa95e34c776c2b7a1c9be71cd302918450b8 HEAD", "git", "git diff",
       "git diff <hash> HEAD"},
      {"git diff 706e2e3..5203bae --name-only", "git", "git diff",
       "git diff --name-only <hash>..<hash>"},
      {"git log --oneline -5", "git", "git log", "git log --oneline -5"},
      {R"sh(git log -1 --format="%H %s" HEAD)sh", "git", "git log",
       "git log --format=%H %s -1 HEAD"},
      {R"sh(git log --format="%h %s%n%b" 72a7142 -1)sh", "git", "git log",
       "git log --format=%h %s%n%b -1 <hash>"},
      {R"sh(git log --oneline -5 entire/sessions 2>/dev/null || echo "entire/sessions branch does not exist")sh",
       "git", "git log", "git log --oneline -5 entire/sessions"},
      {"git log --since 2026-01-21T10:00:00Z --oneline", "git", "git log",
       "git log --oneline --since <time>"},
      {"git show --stat HEAD", "git", "git show", "git show --stat HEAD"},
      {"git show 663dc22 --stat 2>/dev/null || git log --oneline -10", "git", "git show",
       "git show --stat <hash> ; git log"},
      {"git add cmd/entire/cli/checkpoint/checkpoint_test.go", "git", "git add",
       "git add cmd/entire/cli/checkpoint/checkpoint_test.go"},
      {"git add -A", "git", "git add", "git add -A"},
      {R"sh(git commit -m "fix")sh", "git", "git commit", "git commit -m <text>"},
      {"git commit --amend --no-edit", "git", "git commit", "git commit --amend --no-edit"},
      {"git commit -m \"$(cat <<'EOF'\nfeat: fall back to origin/entire/sessions when local branch "
       "missing\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)\"",
       "git", "git commit", "git commit -m <text>"},
      {R"sh(git commit --message="docs: update README")sh", "git", "git commit",
       "git commit --message=<text>"},
      {"git push -u origin alex/improve-explain", "git", "git push",
       "git push -u origin alex/improve-explain"},
      {"git push --force-with-lease origin HEAD 2>&1 | tail -5", "git", "git push",
       "git push --force-with-lease origin HEAD"},
      {"git checkout -b alex/improve-explain", "git", "git checkout",
       "git checkout -b alex/improve-explain"},
      {"git rev-parse HEAD", "git", "git rev-parse", "git rev-parse HEAD"},
      {"git cherry-pick 83cc426e0e37e682e9ccacafc8fdb50a45d66772", "git", "git cherry-pick",
       "git cherry-pick <hash>"},
      {"cd /Users/USER/Work/entire/devenv/cli && git status --short", "git", "git status",
       "git status --short"},
      {"git fetch origin && git rebase origin/main", "git", "git fetch",
       "git fetch origin ; git rebase"},
      // go: the subcommand (and `go mod X`) is the family; -run selectors, tags and packages stay,
      // -v goes.
      {"go test ./...", "go", "go test", "go test ./..."},
      {"go test -v -run TestListCommitted_FallsBackToRemote ./cmd/entire/cli/checkpoint/ 2>&1",
       "go", "go test",
       "go test -run TestListCommitted_FallsBackToRemote ./cmd/entire/cli/checkpoint/"},
      {R"sh(go test -v -run "TestListCommitted_FallsBackToRemote" ./cmd/entire/cli/checkpoint/)sh",
       "go", "go test",
       "go test -run TestListCommitted_FallsBackToRemote ./cmd/entire/cli/checkpoint/"},
      {"cd cmd/entire/cli/integration_test && go test -tags=integration -v -run "
       "TestShadowBranchOverlap_ContinueWork -timeout 30s 2>&1 | head -100",
       "go", "go test",
       "go test -run TestShadowBranchOverlap_ContinueWork -tags=integration -timeout 30s"},
      {"go test -count=1 -race ./cmd/entire/cli/...", "go", "go test",
       "go test -count=1 -race ./cmd/entire/cli/..."},
      {"go test -c ./cmd/entire/cli/checkpoint/ -o /dev/null", "go", "go test",
       "go test -c -o /dev/null ./cmd/entire/cli/checkpoint/"},
      {R"sh(time go test -run "TestSetupBasic" ./cmd/entire/cli/integration_test -v 2>&1 | head -80)sh",
       "go", "go test", "go test -run TestSetupBasic ./cmd/entire/cli/integration_test"},
      {"cd D:/oh-my-posh/src && go test ./prompt/... ./terminal/... ./color/... 2>&1 | tail -30",
       "go", "go test", "go test ./prompt/... ./terminal/... ./color/..."},
      {R"sh(cd D:/oh-my-posh/src && go test ./... 2>&1 | grep -v "^ok" | head -60)sh", "go",
       "go test", "go test ./..."},
      {"go build ./...", "go", "go build", "go build ./..."},
      {"go build -o /tmp/entire ./cmd/entire && /tmp/entire reset --force", "go", "go build",
       "go build -o <tmp> ./cmd/entire ; entire"},
      {"go mod tidy", "go", "go mod tidy", "go mod tidy"},
      {"go vet ./...", "go", "go vet", "go vet ./..."},
      {"go run ./cmd/entire explain", "go", "go run", "go run ./cmd/entire explain"},
      {"gofmt -l ./cmd/entire/cli/checkpoint/checkpoint_test.go", "gofmt", "gofmt",
       "gofmt -l ./cmd/entire/cli/checkpoint/checkpoint_test.go"},
      {"golangci-lint run ./... 2>&1 | tail -60", "golangci-lint", "golangci-lint run",
       "golangci-lint run ./..."},
      // mise and gh: `mise run TASK`, `gh pr view`, `gh api PATH`.
      {"mise run test", "mise", "mise run test", "mise run test"},
      {"mise run lint 2>&1 | head -50", "mise", "mise run lint", "mise run lint"},
      {"mise run test:ci 2>&1 | tail -40", "mise", "mise run test:ci", "mise run test:ci"},
      {"mise run test -- -run TestResetCmd", "mise", "mise run test",
       "mise run test -- -run TestResetCmd"},
      {"mise r test", "mise", "mise run test", "mise run test"},
      {"mise exec node@20 -- npm test", "npm", "npm test", "npm test"},
      {"gh pr view 112", "gh", "gh pr view", "gh pr view 112"},
      {"gh pr checks 7716 --repo JanDeDobbeleer/oh-my-posh", "gh", "gh pr checks",
       "gh pr checks --repo JanDeDobbeleer/oh-my-posh 7716"},
      {"gh pr diff 343 | head -100", "gh", "gh pr diff", "gh pr diff 343"},
      {"gh pr create --draft --title \"feat: fall back\" --body \"$(cat <<'EOF'\n## Summary\n\n- "
       "Now falls back\nEOF\n)\"",
       "gh", "gh pr create", "gh pr create --body <text> --draft --title <text>"},
      {"gh pr list --state open --limit 10", "gh", "gh pr list",
       "gh pr list --limit 10 --state open"},
      {"gh api repos/entireio/cli/pulls/112/comments", "gh", "gh api",
       "gh api repos/entireio/cli/pulls/112/comments"},
      {"gh api repos/cli/cli/contents/.github/ISSUE_TEMPLATE --jq '.[].name' 2>/dev/null", "gh",
       "gh api", "gh api --jq .[].name repos/cli/cli/contents/.github/ISSUE_TEMPLATE"},
      {R"sh(gh api repos/entireio/cli/pulls/112/comments/2734651353/replies -f body="Fixed in c2b0273 - moved the call outside the loop.")sh",
       "gh", "gh api",
       "gh api -f body=<text> repos/entireio/cli/pulls/112/comments/2734651353/replies"},
      {"gh run view 21612345678 --log-failed", "gh", "gh run view",
       "gh run view --log-failed 21612345678"},
      {"gh issue view 57 --comments", "gh", "gh issue view", "gh issue view --comments 57"},
      // npm, pnpm, yarn, bun: `npm test`, `npm run X`, aliases folded (`npm i` is `npm install`).
      {"npm test", "npm", "npm test", "npm test"},
      {"npm run build 2>&1 | tail -15", "npm", "npm run build", "npm run build"},
      {"npm run dev", "npm", "npm run dev", "npm run dev"},
      {"npm i", "npm", "npm install", "npm install"},
      {"npm install --save-dev vitest", "npm", "npm install", "npm install --save-dev vitest"},
      {"npm ci", "npm", "npm ci", "npm ci"},
      {"npm test -- --watch=false", "npm", "npm test", "npm test -- --watch=false"},
      {"npm run lint --workspace=packages/api", "npm", "npm run lint",
       "npm run lint --workspace=packages/api"},
      {"npm run build 2>&1 | tail -6 && node -e 'console.log(1)'", "npm", "npm run build",
       "npm run build ; node"},
      {"pnpm add lucide-react", "pnpm", "pnpm add", "pnpm add lucide-react"},
      {"pnpm i --frozen-lockfile", "pnpm", "pnpm install", "pnpm install --frozen-lockfile"},
      {"pnpm test", "pnpm", "pnpm test", "pnpm test"},
      {"pnpm run build", "pnpm", "pnpm run build", "pnpm run build"},
      {"pnpm --filter @acme/web build", "pnpm", "pnpm build", "pnpm build --filter @acme/web"},
      {"pnpm dev --port 3001", "pnpm", "pnpm dev", "pnpm dev --port <port>"},
      {"yarn", "yarn", "yarn install", "yarn install"},
      {"yarn install", "yarn", "yarn install", "yarn install"},
      {"yarn test --coverage", "yarn", "yarn test", "yarn test --coverage"},
      {"yarn run lint", "yarn", "yarn run lint", "yarn run lint"},
      {"bun install", "bun", "bun install", "bun install"},
      {"bun i", "bun", "bun install", "bun install"},
      {"bun test", "bun", "bun test", "bun test"},
      {"bun run dev", "bun", "bun run dev", "bun run dev"},
      // npx, pnpm exec, yarn dlx, bunx: the tool they run is the program.
      {"npx jest", "jest", "jest", "jest"},
      {R"sh(npx jest src/api.test.ts -t "login")sh", "jest", "jest",
       "jest -t login src/api.test.ts"},
      {"npx vitest run 2>&1", "vitest", "vitest run", "vitest run"},
      {"npx tsc --noEmit", "tsc", "tsc", "tsc --noEmit"},
      {"npx markdownlint-cli2 website/docs/faq.mdx 2>&1 | tail -5", "markdownlint-cli2",
       "markdownlint-cli2", "markdownlint-cli2 website/docs/faq.mdx"},
      {"npx next dev --port 3000", "next", "next", "next dev --port <port>"},
      {"npx create-next-app@latest todo-app --typescript --tailwind --eslint --app",
       "create-next-app", "create-next-app",
       "create-next-app todo-app --typescript --tailwind --eslint --app"},
      {R"sh(npx --yes commitlint --from $(git merge-base origin/main HEAD) --to HEAD 2>&1 | tail -4; echo "commitlint exit: $?")sh",
       "commitlint", "commitlint", "commitlint --from <expr> --to HEAD"},
      {"pnpm exec vitest run src/parser.test.ts", "vitest", "vitest run",
       "vitest run src/parser.test.ts"},
      {"pnpm exec tsc -p tsconfig.build.json", "tsc", "tsc", "tsc -p tsconfig.build.json"},
      {"yarn dlx create-vite my-app --template react-ts", "create-vite", "create-vite",
       "create-vite my-app --template react-ts"},
      {"bunx prettier --check .", "prettier", "prettier", "prettier --check ."},
      // cargo: +toolchain and -p stay; aliases folded; what follows `--` is passed on in order.
      {"cargo test", "cargo", "cargo test", "cargo test"},
      {"cargo build --release", "cargo", "cargo build", "cargo build --release"},
      {"cargo +nightly test", "cargo", "cargo test", "cargo test +nightly"},
      {"cargo test -p bgprof-core --lib", "cargo", "cargo test", "cargo test --lib -p bgprof-core"},
      {"cargo test -p api -- --nocapture", "cargo", "cargo test",
       "cargo test -p api -- --nocapture"},
      {"RUST_BACKTRACE=1 cargo test integration_ -- --test-threads=1", "cargo", "cargo test",
       "cargo test integration_ -- --test-threads=1"},
      {"cargo clippy --all-targets -- -D warnings", "cargo", "cargo clippy",
       "cargo clippy --all-targets -- -D warnings"},
      {"cargo t", "cargo", "cargo test", "cargo test"},
      {"cargo b --release", "cargo", "cargo build", "cargo build --release"},
      {"cargo fmt --all -- --check", "cargo", "cargo fmt", "cargo fmt --all -- --check"},
      // make and cmake: the target is the family; -C, -j and VAR=1 stay.
      {"make", "make", "make", "make"},
      {"make test", "make", "make test", "make test"},
      {"make clean", "make", "make clean", "make clean"},
      {"cd build && make -j8 2>&1 | tail -20", "make", "make", "make -j8"},
      {"make -C build -j8 test", "make", "make test", "make test -C build -j8"},
      {"make test VERBOSE=1", "make", "make test", "make test VERBOSE=1"},
      {"make -j$(nproc)", "make", "make", "make -j$(nproc)"},
      {"make -f Makefile.ci lint", "make", "make lint", "make lint -f Makefile.ci"},
      {"cmake -S /work/main -B /work/main/build-sig -DBGPROF_BENCH=OFF >/dev/null && make -C "
       "/work/main/build-sig -j2 profiler_test && /work/main/build-sig/tests/profiler_test "
       "--gtest_filter='Signature*'",
       "make", "make profiler_test",
       "cmake ; make profiler_test -C /work/main/build-sig -j2 ; profiler_test"},
      {"cmake --build build -j8", "cmake", "cmake --build", "cmake --build -j8 build"},
      {"cmake --build build --target profiler_test -j 2", "cmake", "cmake --build",
       "cmake --build --target profiler_test -j 2 build"},
      {"cmake -S . -B build -DCMAKE_BUILD_TYPE=Release", "cmake", "cmake",
       "cmake -B build -DCMAKE_BUILD_TYPE=Release -S ."},
      {"ctest --test-dir build -R Signature --output-on-failure", "ctest", "ctest",
       "ctest --output-on-failure --test-dir build -R Signature"},
      // pytest and python: `python -m X` runs X, `uv run`/`poetry run` are seen through; selectors
      // stay.
      {"pytest", "pytest", "pytest", "pytest"},
      {"pytest tests/unit -x", "pytest", "pytest", "pytest -x tests/unit"},
      {"pytest -x tests/unit", "pytest", "pytest", "pytest -x tests/unit"},
      {"pytest tests/test_api.py::test_login", "pytest", "pytest",
       "pytest tests/test_api.py::test_login"},
      {"python -m pytest tests/ -v --tb=short", "pytest", "pytest", "pytest --tb=short tests/"},
      {R"sh(python3 -m pytest -k "login and not slow" tests)sh", "pytest", "pytest",
       "pytest -k login and not slow tests"},
      {"/usr/bin/python3.11 -m pytest tests", "pytest", "pytest", "pytest tests"},
      {"uv run pytest -q", "pytest", "pytest", "pytest"},
      {"poetry run pytest tests/integration -n 4", "pytest", "pytest",
       "pytest -n 4 tests/integration"},
      {"pytest --cov=src --cov-report=term-missing tests/", "pytest", "pytest",
       "pytest --cov-report=term-missing --cov=src tests/"},
      {"python -m venv .venv", "venv", "venv", "venv .venv"},
      {"python -m pip install -r requirements.txt", "pip", "pip install",
       "pip install -r requirements.txt"},
      {"pip3 install -e .", "pip", "pip install", "pip install -e ."},
      {"uv run python manage.py test", "python", "python manage.py", "python manage.py test"},
      {"python manage.py test accounts.tests.LoginTest", "python", "python manage.py",
       "python manage.py test accounts.tests.LoginTest"},
      {R"sh(python3 "C:/Users/USER/AppData/Local/Temp/claude/scratchpad/fix_bytes.py")sh", "python",
       "python fix_bytes.py", "python fix_bytes.py"},
      {R"sh(python3 -c "import json; json.load(open('D:/oh-my-posh/themes/schema.json'))" && echo "VALID JSON" || echo "INVALID JSON")sh",
       "python", "python",
       "python -c import json; json.load(open('D:/oh-my-posh/themes/schema.json'))"},
      {"python3 - <<'EOF'\nimport glob\nprint(len(glob.glob('src/segments/*.go')))\nEOF", "python",
       "python -", "python -"},
      {"bundle exec rspec spec/models/user_spec.rb", "rspec", "rspec",
       "rspec spec/models/user_spec.rb"},
      // Other interpreters and scripts: the script names the work.
      {"node build.js", "node", "node build.js", "node build.js"},
      {"cd /home/USER/projects/spotter-worktrees/spotter-fum/assets && node build.js 2>&1", "node",
       "node build.js", "node build.js"},
      {"node --test tests/", "node", "node tests", "node tests --test"},
      {R"sh(node -e "JSON.parse(require('fs').readFileSync('themes/schema.json'))" && echo "schema valid")sh",
       "node", "node", "node -e JSON.parse(require('fs').readFileSync('themes/schema.json'))"},
      {"tsx scripts/seed.ts", "tsx", "tsx seed.ts", "tsx seed.ts"},
      {"./run.sh", "run.sh", "run.sh", "run.sh"},
      {"./scripts/test-attribution-e2e.sh --keep 2>&1", "test-attribution-e2e.sh",
       "test-attribution-e2e.sh", "test-attribution-e2e.sh --keep"},
      {"./entire explain -c 8ccdd0fbae20 2>&1 | head -15", "entire", "entire",
       "entire explain -c <hash>"},
      {"bash scripts/ci.sh", "bash", "bash ci.sh", "bash ci.sh"},
      {"sleep 60", "sleep", "sleep", "sleep 60"},
      {"sleep 90 && gh pr checks 7716 --repo JanDeDobbeleer/oh-my-posh 2>&1", "sleep", "sleep",
       "sleep 90 ; gh pr checks"},
      // docker and kubectl: `docker compose up`, `docker-compose` folded, `kubectl apply`.
      {"docker compose up -d", "docker", "docker compose up", "docker compose up -d"},
      {"docker-compose up -d", "docker", "docker compose up", "docker compose up -d"},
      {"docker compose -f docker-compose.test.yml up --build --abort-on-container-exit", "docker",
       "docker compose up",
       "docker compose up --abort-on-container-exit --build -f docker-compose.test.yml"},
      {"docker compose logs -f web", "docker", "docker compose logs", "docker compose logs -f web"},
      {"docker compose exec web python manage.py migrate", "docker", "docker compose exec",
       "docker compose exec web python manage.py migrate"},
      {"docker build -t myapp:latest .", "docker", "docker build",
       "docker build -t myapp:latest ."},
      {"docker ps -a", "docker", "docker ps", "docker ps -a"},
      {"docker exec -it api_1 bash", "docker", "docker exec", "docker exec -it api_1 bash"},
      {"kubectl apply -f k8s/", "kubectl", "kubectl apply", "kubectl apply -f k8s/"},
      {"kubectl get pods -n staging", "kubectl", "kubectl get", "kubectl get -n staging pods"},
      {"kubectl rollout status deployment/api -n prod", "kubectl", "kubectl rollout status",
       "kubectl rollout status -n prod deployment/api"},
      {"kubectl logs -f deploy/api --tail=100", "kubectl", "kubectl logs",
       "kubectl logs --tail=100 -f deploy/api"},
      // Wrappers are seen through: assignments, env, sudo, doas, time, nice, ionice, nohup,
      // timeout, xargs, shells.
      {"sudo apt-get update", "apt-get", "apt-get update", "apt-get update"},
      {R"sh(sudo -u postgres psql -c "select 1")sh", "psql", "psql", "psql -c select 1"},
      {"env NODE_ENV=production npm run build", "npm", "npm run build", "npm run build"},
      {"NODE_OPTIONS=--max-old-space-size=4096 npm run build", "npm", "npm run build",
       "npm run build"},
      {"time make -j8", "make", "make", "make -j8"},
      {"nice -n 10 make -j8", "make", "make", "make -j8"},
      {"ionice -c3 rsync -a src/ dst/", "rsync", "rsync", "rsync -a src/ dst/"},
      {"nohup npm run dev > /tmp/dev.log 2>&1 &", "npm", "npm run dev", "npm run dev"},
      {"timeout 600 cargo test", "cargo", "cargo test", "cargo test"},
      {"timeout 5m npm test", "npm", "npm test", "npm test"},
      {"timeout --signal=KILL 60 pytest -x", "pytest", "pytest", "pytest -x"},
      {"sudo -E env PATH=$PATH make install", "make", "make install", "make install"},
      {"doas make install", "make", "make install", "make install"},
      {"echo ./pkg/a ./pkg/b | xargs -n 1 go vet", "go", "go vet", "go vet"},
      {"bash -c 'cd web && npm test'", "npm", "npm test", "npm test"},
      {R"sh(sh -c "sleep 60")sh", "sleep", "sleep", "sleep 60"},
      {R"sh(bash -c "sh -c 'make test'")sh", "make", "make test", "make test"},
      {"bash -lc 'GOMODCACHE=$(go env GOMODCACHE) && go test ./...'", "go", "go test",
       "go test ./..."},
      // `command -v` is a lookup, not a wrapper; `-v` stays, as for every program bgprof does not
      // know (`grep -v` is not `grep`).
      {R"sh(command -v jq >/dev/null || echo "jq missing")sh", "command", "command",
       "command -v jq"},
      // Pipelines, redirections, sequences: the dominant part is signed.
      {"npm test 2>&1 | tee /tmp/test.log", "npm", "npm test", "npm test"},
      {R"sh(go test ./... 2>&1 | grep -E "FAIL|ok" | head -20)sh", "go", "go test",
       "go test ./..."},
      {"git log --oneline | head -20", "git", "git log", "git log --oneline"},
      {R"sh(grep -rn "TODO" src/ | wc -l)sh", "grep", "grep", "grep -rn TODO src/"},
      {R"sh(ls -la .git/entire-sessions/ 2>/dev/null || echo "No .git/entire-sessions/ directory")sh",
       "ls", "ls", "ls -la .git/entire-sessions/"},
      {"cd D:/oh-my-posh && git stash && cd src && go vet ./cache/... 2>&1; cd .. && git stash pop",
       "go", "go vet", "git stash ; go vet ./cache/... ; git stash"},
      {R"sh(cd ../entire.io && git show entire/sessions:a7/6f0ea30b28/full.jsonl 2>/dev/null | grep -o '"tool_name":"[^"]*"' | sort | uniq -c | sort -rn)sh",
       "git", "git show", "git show entire/sessions:a7/6f0ea30b28/full.jsonl"},
      {"cd \"D:/oh-my-posh/.claude/worktrees/agent-a407974e3874000da/src\"\ngo build ./... && go "
       "test ./... 2>&1 | grep -v \"^ok\\|no test files\"\necho \"done\"",
       "go", "go test", "go build ; go test ./..."},
      {"for i in 1 2 3 4 5; do time ./entire help > /dev/null 2>&1; done", "entire", "entire",
       "entire help"},
      {R"sh(for f in tests/*.py; do pytest "$f" -x; done)sh", "pytest", "pytest", "pytest -x $f"},
      {"npm run dev &", "npm", "npm run dev", "npm run dev"},
      {"npm run dev > /tmp/dev.log 2>&1 & sleep 5 && curl -s http://localhost:3000/api/health",
       "sleep", "sleep", "sleep 5 ; curl"},
      // Volatile values are masked: hashes, temporary paths, ports, PIDs, timestamps, uuids,
      // $(...).
      {"kill 12345", "kill", "kill", "kill <pid>"},
      {"kill -9 48213", "kill", "kill", "kill -9 <pid>"},
      {"kill $(lsof -ti:3000)", "kill", "kill", "kill <expr>"},
      {"curl -s http://localhost:8080/health", "curl", "curl",
       "curl -s http://localhost:<port>/health"},
      {"curl -sf 127.0.0.1:5173/api/items | jq length", "curl", "curl",
       "curl -sf 127.0.0.1:<port>/api/items"},
      {"rm -rf /tmp/test-reset", "rm", "rm", "rm -rf <tmp>"},
      {R"sh(ls -la /tmp/omp_test_exec_marker 2>&1 || echo "NOT EXECUTED - safe")sh", "ls", "ls",
       "ls -la <tmp>"},
      {R"sh(journalctl -u api --since "2026-02-03 10:00")sh", "journalctl", "journalctl",
       "journalctl -u api --since <time>"},
      {"node scripts/replay.js 1738560000123", "node", "node replay.js", "node replay.js <time>"},
      {"./entire explain --session 253fd5ef-38bf-4f4a-804a-98df5088a868", "entire", "entire",
       "entire explain --session <uuid>"},
      {"git show 9d0a175d --stat && echo ===MSG=== && git show 9d0a175d -s --format=%B", "git",
       "git show", "git show --stat <hash> ; git show"},
      {"git log --oneline $(git merge-base origin/main HEAD)..HEAD | grep -c fixup", "git",
       "git log", "git log --oneline <expr>"},
  };
  return *kCases;
}

TEST(SignatureTable, DominantPartOfRealisticAgentCommandsIsSignedByTheRules) {
  ASSERT_GE(RealisticCases().size(), 160u);
  for (const Case& c : RealisticCases()) {
    const Signature want{.program = c.program, .family = c.family, .command = c.command};
    EXPECT_EQ(Keys(SignatureOf(c.line)), Keys(want)) << "line: " << c.line;
  }
}

TEST(SignatureTable, EqualWorkWrittenDifferentlySharesTheCommandKey) {
  struct Pair {
    std::string first, second;
  };
  const std::vector<Pair> pairs = {
      {"pytest tests/unit -x", "pytest -x tests/unit"},
      {R"sh(git commit -m "fix")sh", R"sh(git commit -m "wip")sh"},
      {"git commit -m \"$(cat <<'EOF'\nfeat: add the parser\n\nCo-Authored-By: Claude "
       "<noreply@anthropic.com>\nEOF\n)\"",
       "git commit -m 'short message'"},
      {"cd build && make -j8 2>&1 | tail -20", "make -j8"},
      {"/usr/bin/python3.11 -m pytest tests", "python3 -m pytest tests"},
      {"python -m pytest tests/api -x", "uv run pytest -x tests/api"},
      {"npm i", "npm install"},
      {"docker-compose up -d", "docker compose up -d"},
      {"go test -v ./...", "go test ./... 2>&1 | tail -30"},
      {"go test -run TestLogin -count=1 ./auth/...", "go test -count=1 ./auth/... -run TestLogin"},
      {"cargo t", "cargo test"},
      {"cargo test -p api --release", "cargo test --release -p api"},
      {"git --no-pager status", "git status"},
      {"npx jest", "jest"},
      {"timeout 600 cargo test", "cargo test"},
      {"sudo apt-get update", "apt-get update"},
      {"NODE_ENV=test npm test", "env NODE_ENV=test npm test"},
      {"kill 12345", "kill 67890"},
      {"curl -s http://localhost:3000/health", "curl -s http://localhost:5173/health"},
      {"git show a1b2c3d --stat", "git show --stat 9f8e7d6c5b4a"},
      {"rm -rf /tmp/build-abc", "rm -rf /tmp/tmp.XyZ123"},
      {"bash -c 'make test'", "make test"},
      {"make VERBOSE=1 test", "make test VERBOSE=1"},
      {R"sh(gh pr create --title "feat: a" --body "one")sh",
       R"sh(gh pr create --body "two" --title "fix: b")sh"},
      {"mise r test", "mise run test"},
      {"docker compose up --build -d", "docker compose up -d --build"},
      {"pnpm dev --port 3001", "pnpm dev --port 3000"},
      {"git diff abc1234..def5678 --stat", "git diff 0a1b2c3..4d5e6f7 --stat"},
      // Pipeline stages beside the work, setup and `&` add no time: they do not name the line.
      {"mise run test 2>&1 | tail -30", "mise run test"},
      {"cd web && echo building && npm run build", "npm run build"},
      {"npm run dev & npm test", "npm test"},
      // Other work is named by its family: its arguments are the dominant part's business.
      {"make && ./bin/test --fast", "make && ./bin/test --slow"},
      // A stage is named by its heaviest part, whatever filters its output.
      {"npm ci && npm test 2>&1 | tail -5", "npm ci && npm test"},
      {"npm ci && cat log | npm test", "npm ci && npm test"},
  };
  ASSERT_GE(pairs.size(), 15u);
  for (const Pair& pair : pairs) {
    EXPECT_EQ(SignatureOf(pair.first).command, SignatureOf(pair.second).command)
        << "lines: " << pair.first << "\n  and: " << pair.second;
  }
}

TEST(SignatureTable, DifferentWorkGetsDifferentCommandKeys) {
  struct Pair {
    std::string first, second;
  };
  const std::vector<Pair> pairs = {
      {"pytest tests/test_api.py::test_login", "pytest"},
      {"make test", "make clean"},
      {"npm run build", "npm run lint"},
      {"go test ./pkg/a/...", "go test ./pkg/b/..."},
      {"sleep 60", "sleep 5"},
      {"make -C build", "make -C docs"},
      {"cargo test -p api", "cargo test -p web"},
      {"git status", "git -C ../other status"},
      {"pytest -k login", "pytest -k logout"},
      {"docker compose up", "docker compose down"},
      {"go test -run TestA ./...", "go test -run TestB ./..."},
      {"cargo build", "cargo build --release"},
      {"python manage.py test", "python manage.py migrate"},
      {"npm test", "pnpm test"},
      {"python3 -c 'import a; a.main()'", "python3 -c 'import b; b.main()'"},
      // A line learns under its dominant part's command, which must name the other work in it.
      {"mise run fmt && mise run lint", "mise run fmt"},
      {"make && make test", "make"},
      {"npm install; npm test", "npm test"},
      {"git add . && git commit -m wip", "git commit -m wip"},
  };
  ASSERT_GE(pairs.size(), 10u);
  for (const Pair& pair : pairs) {
    EXPECT_NE(SignatureOf(pair.first).command, SignatureOf(pair.second).command)
        << "lines: " << pair.first << "\n  and: " << pair.second;
  }
}

// ---- The parts of compound lines: connectors, cwd, timeout, setup and the dominant part. ----

struct ExpectedPart {
  std::string family;
  Connector next = Connector::kEnd;
  std::string cwd;
  std::optional<int64_t> timeout_ms;
  bool setup = false;
};

struct PartsCase {
  std::string line;
  std::vector<ExpectedPart> parts;
  size_t dominant = 0;
};

TEST(SignatureParts, CompoundLinesSplitIntoSignedParts) {
  using enum Connector;
  const std::vector<PartsCase> cases = {
      {"cd build && make -j8 2>&1 | tail -20",
       {{"cd", kAnd, "", std::nullopt, true}, {"make", kPipe, "build"}, {"tail", kEnd, "build"}},
       1},
      // A subshell's `cd` ends with it.
      {"(cd build && make) | tee log; ls",
       {{"cd", kAnd, "", std::nullopt, true},
        {"make", kPipe, "build"},
        {"tee", kSequence, ""},
        {"ls", kEnd, ""}},
       1},
      {"timeout 60 pytest -x", {{"pytest", kEnd, "", 60'000}}, 0},
      {"timeout 5m npm test", {{"npm test", kEnd, "", 300'000}}, 0},
      // The tightest of nested timeouts caps the work.
      {R"sh(timeout 120 sh -c "timeout 1h make check")sh", {{"make check", kEnd, "", 120'000}}, 0},
      // Wrappers, a timeout and a `cd` inside `bash -c` all reach the one part.
      {"sudo timeout 30s bash -c 'cd api && go test ./...'", {{"go test", kEnd, "api", 30'000}}, 0},
      // A backgrounded dev server blocks nothing: the sleep that waits for it dominates.
      {"npm run dev > /tmp/dev.log 2>&1 & sleep 5 && curl -s localhost:3000",
       {{"npm run dev", kBackground}, {"sleep", kAnd}, {"curl", kEnd}},
       1},
      {"make test || echo failed", {{"make test", kOr}, {"echo", kEnd, "", std::nullopt, true}}, 0},
      {"git add . ; git commit -m wip; git push",
       {{"git add", kSequence}, {"git commit", kSequence}, {"git push", kEnd}},
       2},
      {"cd web && npm ci && npm test",
       {{"cd", kAnd, "", std::nullopt, true}, {"npm ci", kAnd, "web"}, {"npm test", kEnd, "web"}},
       1},
      // A newline joins like `;`, and the cd still moves what follows.
      {"cd /Users/USER/Work/entire/devenv/cli\ngo test ./... 2>&1 | tail -5",
       {{"cd", kSequence, "", std::nullopt, true},
        {"go test", kPipe, "/Users/USER/Work/entire/devenv/cli"},
        {"tail", kEnd, "/Users/USER/Work/entire/devenv/cli"}},
       1},
      {"export CI=1; npm ci && npm run build",
       {{"export", kSequence, "", std::nullopt, true}, {"npm ci", kAnd}, {"npm run build", kEnd}},
       1},
      {"go build -o /tmp/entire ./cmd/entire && /tmp/entire reset --force",
       {{"go build", kAnd}, {"entire", kEnd}},
       0},
      {"git status; npm test -- --ci 2>&1 | tail",
       {{"git status", kSequence}, {"npm test", kPipe}, {"tail", kEnd}},
       1},
      {R"sh(cd /tmp/test-reset && git init && git add . && git commit -m "initial")sh",
       {{"cd", kAnd, "", std::nullopt, true},
        {"git init", kAnd, "/tmp/test-reset"},
        {"git add", kAnd, "/tmp/test-reset"},
        {"git commit", kEnd, "/tmp/test-reset"}},
       1},
      {"cd web && cd packages/api && npm test",
       {{"cd", kAnd, "", std::nullopt, true},
        {"cd", kAnd, "web", std::nullopt, true},
        {"npm test", kEnd, "web/packages/api"}},
       2},
  };
  for (const PartsCase& c : cases) {
    SCOPED_TRACE("line: " + c.line);
    const CommandLine line = AnalyzeCommandLine(c.line);
    ASSERT_EQ(line.parts.size(), c.parts.size());
    for (size_t i = 0; i < c.parts.size(); ++i) {
      SCOPED_TRACE("part " + std::to_string(i));
      const CommandPart& got = line.parts[i];
      const ExpectedPart& want = c.parts[i];
      EXPECT_EQ(got.signature.family, want.family);
      EXPECT_EQ(ConnectorName(got.next), ConnectorName(want.next));  // names read well in failures
      EXPECT_EQ(got.cwd, want.cwd);
      EXPECT_EQ(got.signature.facts.timeout_ms, want.timeout_ms);
      EXPECT_EQ(got.setup, want.setup);
    }
    EXPECT_EQ(line.dominant, c.dominant);
  }
}

}  // namespace
}  // namespace bgprof
