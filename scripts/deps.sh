#!/usr/bin/env bash
# Installs the Debian packages bgprof needs to build and test, and only those that are missing.
set -euo pipefail

# clang and its runtimes (libFuzzer, the sanitizers) build the fuzz targets of tests/fuzz.
packages=(build-essential cmake pkg-config git python3 zlib1g-dev clang-format
          clang libclang-rt-14-dev libsqlite3-dev nlohmann-json3-dev libabsl-dev libcli11-dev
          libbenchmark-dev libgtest-dev libgmock-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "bgprof: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
