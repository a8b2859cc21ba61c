// What says that a value is a secret, for both passes of the redactor (redact_words, redact_text):
// the names of variables, keys, flags and headers that hold one, and values that look random.
#ifndef BGPROF_PROFILER_COMMAND_REDACT_NAMES_H_
#define BGPROF_PROFILER_COMMAND_REDACT_NAMES_H_

#include <initializer_list>
#include <string_view>

namespace bgprof {

// ASCII case-insensitive comparisons against lowercase literals.
bool EqualsLower(std::string_view s, std::string_view lower);
bool StartsWithLower(std::string_view s, std::string_view lower);
bool EndsWithLower(std::string_view s, std::string_view lower);
bool EqualsAnyLower(std::string_view s, std::initializer_list<std::string_view> words);

// Whether NAME in `NAME=value`, `name: value` or `"name": "value"` names a secret. Matches whole
// segments, so GIT_AUTHOR_NAME, MAX_TOKENS and TOKENIZERS_PARALLELISM are not secrets, and a
// last segment like _FILE, _URL or _TYPE says the value is not the secret itself.
bool NameIsSecret(std::string_view name);

// NameIsSecret, widened for a shell variable assigned on its own (`export`, `env`, a command's
// prefix), where the name is all there is: any segment about a key, token, secret, pass or
// credential (STRIPE_KEY, DEPLOY_CREDS, passcode), but still not MAX_TOKENS or SSH_ASKPASS.
bool EnvNameIsSecret(std::string_view name);

// Whether a flag (without its dashes) takes a secret value: --password, --token, --api-key,
// --client-secret, -storepass, -Djavax.net.ssl.keyStorePassword, ... but not --password-stdin,
// --token-file, --no-password, --ask-vault-pass or --max-tokens.
bool FlagIsSecret(std::string_view name);

// Header names whose value is a credential even without a space after the colon
// (Authorization, X-Api-Key, Private-Token, Cookie, ...).
bool IsCredentialHeader(std::string_view name);
// Cookie and Set-Cookie: every pair of the value is a credential, spaces and all.
bool IsCookieHeader(std::string_view name);

// Authorization schemes kept in front of the redacted credential (Bearer, Basic, token, ...).
bool IsAuthScheme(std::string_view word);

// Whether `value` was redacted already: REDACTED, followed by nothing but the quoting a
// redaction keeps (`REDACTED"`, `REDACTED\`\``), so that a second pass leaves it as it is.
bool IsRedacted(std::string_view value);

// Random-looking, at least 8 bytes: letters mixed with digits; or base64 punctuation; or case
// that changes often (3+ capitals after the first byte and no lowercase run longer than 5), which
// base64 has ("dXNlcjpwYXNz") and CamelCase words ("TestFeatures", "GitHubActions") lack.
// Never true of text already holding REDACTED.
bool LooksSecret(std::string_view value);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_REDACT_NAMES_H_
