#include "profiler/command/redact_names.h"

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace bgprof {
namespace {

inline bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline unsigned char Lower(unsigned char c) {
  return IsUpper(c) ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

bool ContainsLower(std::string_view s, std::string_view lower) {
  for (size_t i = 0; i + lower.size() <= s.size(); ++i) {
    bool same = true;
    for (size_t k = 0; k < lower.size() && same; ++k) {
      same = Lower(static_cast<unsigned char>(s[i + k])) == static_cast<unsigned char>(lower[k]);
    }
    if (same) return true;
  }
  return false;
}

}  // namespace

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Lower(static_cast<unsigned char>(s[i])) != static_cast<unsigned char>(lower[i])) {
      return false;
    }
  }
  return true;
}
bool EndsWithLower(std::string_view s, std::string_view lower) {
  return s.size() >= lower.size() && EqualsLower(s.substr(s.size() - lower.size()), lower);
}
bool StartsWithLower(std::string_view s, std::string_view lower) {
  return s.size() >= lower.size() && EqualsLower(s.substr(0, lower.size()), lower);
}
bool EqualsAnyLower(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (EqualsLower(s, w)) return true;
  }
  return false;
}
bool EndsWithAnyLower(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (EndsWithLower(s, w)) return true;
  }
  return false;
}

namespace {

// A name split into segments at '_', '-', '.' and camelCase humps ("X-Api-Key", "apiKey",
// "AWS_SECRET_ACCESS_KEY", "_authToken"), with trailing digits dropped ("password2").
class Segments {
 public:
  explicit Segments(std::string_view name) : name_(name) {}

  // Calls f(segment) for each non-empty segment, in order.
  template <typename F>
  void ForEach(F&& f) const {
    size_t start = 0;
    const size_t n = name_.size();
    for (size_t i = 0; i <= n; ++i) {
      bool cut = i == n;
      bool skip = false;
      if (!cut) {
        const unsigned char c = static_cast<unsigned char>(name_[i]);
        if (c == '_' || c == '-' || c == '.') {
          cut = true;
          skip = true;
        } else if (i > start && IsUpper(c)) {
          const unsigned char prev = static_cast<unsigned char>(name_[i - 1]);
          const bool next_lower = i + 1 < n && IsLower(static_cast<unsigned char>(name_[i + 1]));
          cut = (IsLower(prev) || IsDigit(prev)) || (IsUpper(prev) && next_lower);
        }
      }
      if (!cut) continue;
      std::string_view seg = name_.substr(start, i - start);
      size_t len = seg.size();
      while (len > 0 && IsDigit(static_cast<unsigned char>(seg[len - 1]))) --len;
      if (len > 0) seg = seg.substr(0, len);
      if (!seg.empty()) f(seg);
      start = skip ? i + 1 : i;
    }
  }

 private:
  std::string_view name_;
};

// "...pass" words that are not about passwords.
bool EndsWithPass(std::string_view seg) {
  return EndsWithLower(seg, "pass") &&
         !EqualsAnyLower(seg, {"bypass", "compass", "encompass", "surpass", "trespass", "overpass",
                               "underpass", "askpass"});
}

// Second halves of "<qualifier>_KEY" names that hold a secret (API_KEY, ACCESS_KEY, ...).
bool IsKeyQualifier(std::string_view seg) {
  return EqualsAnyLower(
      seg, {"api", "access", "private", "secret", "encryption", "signing", "master", "app",
            "session", "client", "license", "account", "shared"});
}

// A last segment that says the value is about a secret, not the secret itself (GITHUB_TOKEN_FILE,
// PASSWORD_URL, SECRET_NAME).
bool NamesNoSecret(std::string_view last) {
  return EqualsAnyLower(
      last, {"file",     "path",     "dir",      "directory", "url",        "uri",     "endpoint",
             "host",     "hostname", "port",     "type",      "name",       "len",     "length",
             "size",     "ttl",      "expiry",   "expires",   "expiration", "count",   "limit",
             "mode",     "env",      "var",      "header",    "helper",     "cmd",     "command",
             "prompt",   "stdin",    "policy",   "ref",       "arn",        "format",  "kind",
             "provider", "method",   "scope",    "scopes",    "usage",      "user",    "username",
             "enabled",  "disabled", "required", "field",     "pattern",    "timeout", "version",
             "location", "source"});
}

}  // namespace

bool NameIsSecret(std::string_view name) {
  bool hit = false;
  bool pwd = false;
  int count = 0;
  std::string_view prev;
  std::string_view last;
  Segments(name).ForEach([&](std::string_view seg) {
    ++count;
    if (!hit) {
      if (EqualsAnyLower(
              seg, {"token", "secret", "password", "passwd", "pass", "passphrase", "credential",
                    "credentials", "creds", "auth", "authorization", "apikey", "accesskey",
                    "secretkey", "privatekey", "sig", "signature"}) ||
          EndsWithAnyLower(seg,
                           {"token", "secret", "password", "passwd", "passphrase", "apikey"}) ||
          EndsWithPass(seg) || (EqualsLower(seg, "key") && IsKeyQualifier(prev))) {
        hit = true;
      }
      if (EqualsLower(seg, "pwd")) pwd = true;  // DB_PWD, MYSQL_PWD, but not PWD or OLDPWD
    }
    prev = seg;
    last = seg;
  });
  if (pwd && count > 1) hit = true;
  return hit && !(count > 1 && NamesNoSecret(last));
}

bool FlagIsSecret(std::string_view name) {
  // Every secret flag ends in password/passwd, passphrase, token/passin, secret/passout,
  // apikey/key or pass (before any digits): one byte rules out most flags.
  size_t end = name.size();
  while (end > 0 && IsDigit(static_cast<unsigned char>(name[end - 1]))) --end;
  if (end == 0) return false;
  const unsigned char tail = Lower(static_cast<unsigned char>(name[end - 1]));
  if (tail != 'd' && tail != 'e' && tail != 'n' && tail != 't' && tail != 'y' && tail != 's') {
    return false;
  }
  std::string_view first;
  std::string_view prev;
  std::string_view last;
  Segments(name).ForEach([&](std::string_view seg) {
    if (first.empty()) first = seg;
    prev = last;
    last = seg;
  });
  if (last.empty()) return false;
  if (EqualsAnyLower(first,
                     {"no",      "ask",     "prompt", "show",     "print", "with",  "use",
                      "skip",    "require", "read",   "generate", "gen",   "reset", "allow",
                      "disable", "enable",  "save",   "from",     "max",   "min",   "list"})) {
    return false;
  }
  return EqualsAnyLower(last, {"pass", "passin", "passout"}) ||
         EndsWithAnyLower(last,
                          {"password", "passwd", "passphrase", "token", "secret", "apikey"}) ||
         EndsWithPass(last) ||
         (EqualsLower(last, "key") && EqualsAnyLower(prev, {"api", "secret", "access"}));
}

bool IsCredentialHeader(std::string_view name) {
  return IsCookieHeader(name) ||
         EqualsAnyLower(name, {"authorization", "proxy-authorization", "x-api-key", "api-key",
                               "apikey", "x-apikey", "private-token", "x-auth-token",
                               "x-access-token", "job-token", "x-vault-token", "x-goog-api-key"});
}

bool IsCookieHeader(std::string_view name) {
  return EqualsAnyLower(name, {"cookie", "set-cookie"});
}

bool IsAuthScheme(std::string_view word) {
  return EqualsAnyLower(word,
                        {"bearer", "basic", "token", "digest", "bot", "negotiate", "ntlm", "apikey",
                         "aws4-hmac-sha256", "sso-key", "key", "jwt", "oauth", "dpop", "otp"});
}

bool EnvNameIsSecret(std::string_view name) {
  if (NameIsSecret(name)) return true;
  // An assignment's name is all there is to go by, so any segment about a key, a token, a secret,
  // a pass or a credential counts (STRIPE_KEY, DEPLOY_CREDS_JSON, passcode).
  bool hit = false;
  int count = 0;
  std::string_view last;
  Segments(name).ForEach([&](std::string_view seg) {
    ++count;
    last = seg;
    if (hit) return;
    hit = EqualsAnyLower(seg, {"key", "privkey", "passkey", "pat", "otp", "pin"}) ||
          ContainsLower(seg, "secret") || ContainsLower(seg, "credential") ||
          (StartsWithLower(seg, "pass") &&
           !EqualsAnyLower(seg, {"passthrough", "passthru", "passenger", "passive"})) ||
          (StartsWithLower(seg, "token") && !StartsWithLower(seg, "tokeniz") &&
           !EqualsLower(seg, "tokens"));
  });
  return hit && !(count > 1 && NamesNoSecret(last));
}

bool IsRedacted(std::string_view value) {
  constexpr std::string_view kRedacted = "REDACTED";
  if (value.substr(0, kRedacted.size()) != kRedacted) return false;
  return value.find_first_not_of("'\"`(){}$\\", kRedacted.size()) == std::string_view::npos;
}

bool LooksSecret(std::string_view value) {
  if (value.size() < 8) return false;
  // Already redacted (keeps a second pass from taking "token=REDACTED" for a credential).
  if (value.find("REDACTED") != std::string_view::npos) return false;
  bool digit = false;
  bool alpha = false;
  bool b64 = false;
  size_t inner_upper = 0;
  size_t lower_run = 0;
  size_t max_lower_run = 0;
  for (size_t k = 0; k < value.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(value[k]);
    if (IsDigit(c)) digit = true;
    if (IsUpper(c) || IsLower(c)) alpha = true;
    if (IsUpper(c) && k > 0) ++inner_upper;
    lower_run = IsLower(c) ? lower_run + 1 : 0;
    if (lower_run > max_lower_run) max_lower_run = lower_run;
    if (c == '+' || c == '/' || c == '=') b64 = true;
  }
  const size_t len = value.size();
  return (digit && alpha) || (b64 && alpha && len >= 12) ||
         (len >= 12 && inner_upper >= 3 && max_lower_run > 0 && max_lower_run <= 5);
}

}  // namespace bgprof
