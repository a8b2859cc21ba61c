#!/usr/bin/env bash
# Install the real Claude Code CLI into a project-local folder for bgprof's
# end-to-end test (tests/e2e/run_e2e.py). Never installs globally and never
# touches ~/.claude. Idempotent: skips the download when the pinned version is
# already there. Prints the path of the `claude` executable on stdout (all
# other messages go to stderr).
#
# Usage: scripts/install-claude.sh DIR        (e.g. build/e2e-node)
# Env:   BGPROF_CLAUDE_VERSION  npm version to install (default below; 2.1.197
#        and 2.1.330 were verified with the e2e test).
set -euo pipefail

dir="${1:?usage: $0 DIR}"
version="${BGPROF_CLAUDE_VERSION:-2.1.330}"

say() { echo "install-claude: $*" >&2; }

# The npm package links bin/claude.exe to a native binary from a platform
# package; fall back to that binary in case the link was not set up.
find_claude() {
  local c
  for c in "$dir/node_modules/.bin/claude" "$dir"/node_modules/@anthropic-ai/claude-code-*/claude; do
    if [[ -x "$c" ]] && [[ "$("$c" --version 2>/dev/null || true)" == "$version "* ]]; then
      echo "$(cd "$(dirname "$c")" && pwd)/$(basename "$c")"
      return 0
    fi
  done
  return 1
}

if claude="$(find_claude)"; then
  say "claude $version already in $dir"
  echo "$claude"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  say "npm missing: installing nodejs and npm with apt-get"
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >&2
fi

mkdir -p "$dir"
say "installing @anthropic-ai/claude-code@$version into $dir"
npm install --prefix "$dir" --no-audit --no-fund \
  "@anthropic-ai/claude-code@$version" >&2

if ! claude="$(find_claude)"; then
  say "installed, but no working claude $version executable found under $dir"
  exit 1
fi
echo "$claude"
