// Removes secrets from a shell command before bgprof keeps it. An agent's shell commands can hold
// credentials (`export GITHUB_TOKEN=...`, `curl -H "Authorization: Bearer ..."`, `mysql -psecret`,
// `https://user:pass@host`), and every command bgprof sees ends up in its SQLite file, so this runs
// first, on every call, before anything is stored or turned into a signature.
#ifndef BGPROF_PROFILER_COMMAND_REDACT_H_
#define BGPROF_PROFILER_COMMAND_REDACT_H_

#include <string>
#include <string_view>

namespace bgprof {

// Returns `command` with each secret value replaced by `REDACTED`. Key, header and flag names stay
// (`--password REDACTED`, `GITHUB_TOKEN=REDACTED`, `https://bob:REDACTED@host`, quotes around a
// quoted value stay too), so the command stays readable and groups with its unredacted siblings;
// every other byte is kept as it is. Values that are references (`$VAR`, `${VAR}`, `$(...)`) are
// not secrets and stay.
//
// Covered: token shapes anywhere (sk-, ghp_/gho_/ghu_/ghs_/ghr_/github_pat_, glpat-, xox?-,
// AKIA/ASIA, AIza, hf_, npm_, pypi-, Stripe sk_live_/rk_live_, JWTs, PEM private-key bodies);
// Authorization/X-Api-Key/Private-Token-style headers (with or without a Bearer/Basic scheme);
// `user:pass@` in URLs; NAME=value, `name: value` and JSON "name": "value" where the name looks
// like a secret (TOKEN, SECRET, PASSWORD, PASSWD, PASS, PWD, API_KEY, ACCESS_KEY, PRIVATE_KEY,
// CREDENTIAL, AUTH, ...); --password/--token/--api-key/--secret/...-style flags; per-program
// flags (mysql -p<pass>, curl -u user:pass, sshpass -p, docker login -p, redis-cli -a,
// gh secret set --body, ...); and `set`/`config` NAME VALUE (aws configure set, git config, npm).
//
// One left-to-right pass with no backtracking: linear time, never throws on any byte sequence.
std::string RedactSecrets(std::string_view command);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_REDACT_H_
