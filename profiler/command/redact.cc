#include "profiler/command/redact.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace bgprof {
namespace {

constexpr std::string_view kRedacted = "REDACTED";
constexpr size_t kNoMatch = std::string_view::npos;

// Byte classes; one table lookup per byte.
enum : uint16_t {
  kBlank = 1 << 0,      // space, tab, CR, VT, FF (not newline)
  kSep = 1 << 1,        // ends a simple command: newline ; | & ( ) `
  kWordEnd = 1 << 2,    // ends a whitespace-delimited word: blanks, kSep, < >
  kKey = 1 << 3,        // may be part of a key, flag or header name: [A-Za-z0-9_.-]
  kAlnum = 1 << 4,      // [A-Za-z0-9]
  kDigit = 1 << 5,      // [0-9]
  kUpper = 1 << 6,      // [A-Z]
  kLower = 1 << 7,      // [a-z]
  kValueStop = 1 << 8,  // ends an unquoted value: kWordEnd and quotes
  kToken = 1 << 9,      // [A-Za-z0-9_-]
  kToken68 = 1 << 10,   // [A-Za-z0-9-._~+/] (RFC 7235 token68, without the trailing '=')
  kQuote = 1 << 11,     // " '
};

constexpr std::array<uint16_t, 256> MakeClassTable() {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint16_t v = 0;
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    if (upper) v |= kUpper;
    if (lower) v |= kLower;
    if (digit) v |= kDigit;
    if (upper || lower || digit) v |= kAlnum | kKey | kToken | kToken68;
    if (c == '_') v |= kKey | kToken | kToken68;
    if (c == '-') v |= kKey | kToken | kToken68;
    if (c == '.') v |= kKey | kToken68;
    if (c == '~' || c == '+' || c == '/') v |= kToken68;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') v |= kBlank | kWordEnd;
    if (c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`') {
      v |= kSep | kWordEnd;
    }
    if (c == '<' || c == '>') v |= kWordEnd;
    if (v & kWordEnd) v |= kValueStop;
    if (c == '"' || c == '\'') v |= kQuote | kValueStop;
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}
constexpr std::array<uint16_t, 256> kClass = MakeClassTable();

inline uint16_t ClassOf(unsigned char c) { return kClass[c]; }
inline bool IsLetter(unsigned char c) { return (ClassOf(c) & (kUpper | kLower)) != 0; }
inline unsigned char Lower(unsigned char c) {
  return (ClassOf(c) & kUpper) != 0 ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// Case-insensitive comparison against a lowercase literal.
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
        } else if (i > start && (ClassOf(c) & kUpper) != 0) {
          const unsigned char prev = static_cast<unsigned char>(name_[i - 1]);
          const bool next_lower =
              i + 1 < n && (ClassOf(static_cast<unsigned char>(name_[i + 1])) & kLower) != 0;
          cut = (ClassOf(prev) & (kLower | kDigit)) != 0 ||
                ((ClassOf(prev) & kUpper) != 0 && next_lower);
        }
      }
      if (!cut) continue;
      std::string_view seg = name_.substr(start, i - start);
      size_t len = seg.size();
      while (len > 0 && (ClassOf(static_cast<unsigned char>(seg[len - 1])) & kDigit) != 0) --len;
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

// Whether NAME in `NAME=value`, `name: value` or `"name": "value"` names a secret. Matches whole
// segments, so GIT_AUTHOR_NAME, MAX_TOKENS and TOKENIZERS_PARALLELISM are not secrets, and a
// last segment like _FILE, _URL or _TYPE says the value is not the secret itself.
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
  if (hit && count > 1 &&
      EqualsAnyLower(
          last,
          {"file",     "path",     "dir",      "directory", "url",        "uri",     "endpoint",
           "host",     "hostname", "port",     "type",      "name",       "len",     "length",
           "size",     "ttl",      "expiry",   "expires",   "expiration", "count",   "limit",
           "mode",     "env",      "var",      "header",    "helper",     "cmd",     "command",
           "prompt",   "stdin",    "policy",   "ref",       "arn",        "format",  "kind",
           "provider", "method",   "scope",    "scopes",    "usage",      "user",    "username",
           "enabled",  "disabled", "required", "field",     "pattern",    "timeout", "version",
           "location", "source"})) {
    hit = false;
  }
  return hit;
}

// Whether a flag (without its dashes) takes a secret value: --password, --token, --api-key,
// --client-secret, -storepass, -Djavax.net.ssl.keyStorePassword, ... but not --password-stdin,
// --token-file, --no-password, --ask-vault-pass or --max-tokens.
bool FlagIsSecret(std::string_view name) {
  // Every secret flag ends in password/passwd, passphrase, token/passin, secret/passout,
  // apikey/key or pass (before any digits): one byte rules out most flags.
  size_t end = name.size();
  while (end > 0 && (ClassOf(static_cast<unsigned char>(name[end - 1])) & kDigit) != 0) --end;
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

// Header names whose value is a credential even without a space after the colon.
bool IsCredentialHeader(std::string_view name) {
  return EqualsAnyLower(name, {"authorization", "proxy-authorization", "x-api-key", "api-key",
                               "apikey", "x-apikey", "private-token", "x-auth-token",
                               "x-access-token", "job-token", "x-vault-token", "x-goog-api-key"});
}

// Authorization schemes kept in front of the redacted credential.
bool IsAuthScheme(std::string_view word) {
  return EqualsAnyLower(word,
                        {"bearer", "basic", "token", "digest", "bot", "negotiate", "ntlm", "apikey",
                         "aws4-hmac-sha256", "sso-key", "key", "jwt", "oauth", "dpop", "otp"});
}

// Programs whose short flags take a password.
enum class Program {
  kOther,
  kMysql,      // -p<pass> (attached only: "-p pass" means "prompt, database pass")
  kSshpass,    // -p pass, -ppass
  kCurl,       // -u user:pass, --user user:pass, -U / --proxy-user user:pass
  kHttpie,     // -a user:pass, --auth user:pass
  kLoginCli,   // docker/podman/helm/az/oc/cf/...; becomes kLogin after "login"
  kLogin,      // -p pass
  kGh,         // becomes kGhSecret after "secret"
  kGhSecret,   // gh secret set NAME --body value / -b value
  kSshKeygen,  // -N new_passphrase, -P old_passphrase
  kTwine,      // -p pass
  kRedis,      // -a pass
  kMongo,      // -p pass
  kLdap,       // -w pass
};

struct ProgramEntry {
  std::string_view name;
  Program program;
};
constexpr ProgramEntry kPrograms[] = {
    {"mysql", Program::kMysql},
    {"mysqldump", Program::kMysql},
    {"mysqladmin", Program::kMysql},
    {"mysqlimport", Program::kMysql},
    {"mysqlshow", Program::kMysql},
    {"mysqlcheck", Program::kMysql},
    {"mysqlpump", Program::kMysql},
    {"mysqlslap", Program::kMysql},
    {"mariadb", Program::kMysql},
    {"mariadb-dump", Program::kMysql},
    {"mariadb-admin", Program::kMysql},
    {"mariadb-import", Program::kMysql},
    {"mariadb-check", Program::kMysql},
    {"curl", Program::kCurl},
    {"sshpass", Program::kSshpass},
    {"http", Program::kHttpie},
    {"https", Program::kHttpie},
    {"xh", Program::kHttpie},
    {"xhs", Program::kHttpie},
    {"docker", Program::kLoginCli},
    {"podman", Program::kLoginCli},
    {"nerdctl", Program::kLoginCli},
    {"buildah", Program::kLoginCli},
    {"skopeo", Program::kLoginCli},
    {"helm", Program::kLoginCli},
    {"oras", Program::kLoginCli},
    {"crane", Program::kLoginCli},
    {"az", Program::kLoginCli},
    {"oc", Program::kLoginCli},
    {"cf", Program::kLoginCli},
    {"gh", Program::kGh},
    {"ssh-keygen", Program::kSshKeygen},
    {"twine", Program::kTwine},
    {"redis-cli", Program::kRedis},
    {"valkey-cli", Program::kRedis},
    {"keydb-cli", Program::kRedis},
    {"mongo", Program::kMongo},
    {"mongosh", Program::kMongo},
    {"mongodump", Program::kMongo},
    {"mongorestore", Program::kMongo},
    {"mongoexport", Program::kMongo},
    {"mongoimport", Program::kMongo},
    {"ldapsearch", Program::kLdap},
    {"ldapadd", Program::kLdap},
    {"ldapmodify", Program::kLdap},
    {"ldapdelete", Program::kLdap},
    {"ldapwhoami", Program::kLdap},
    {"ldappasswd", Program::kLdap},
    {"ldapcompare", Program::kLdap},
    {"ldapmodrdn", Program::kLdap},
};
constexpr size_t kMaxProgramName = 15;

// For each first byte, a bit per name length present in kPrograms: most words are ruled out by
// one lookup.
constexpr std::array<uint16_t, 256> MakeProgramFilter() {
  std::array<uint16_t, 256> t{};
  for (const ProgramEntry& e : kPrograms) {
    t[static_cast<unsigned char>(e.name[0])] |= static_cast<uint16_t>(1u << e.name.size());
  }
  return t;
}
constexpr std::array<uint16_t, 256> kProgramFilter = MakeProgramFilter();

Program ProgramOf(std::string_view base) {
  if (base.empty() || base.size() > kMaxProgramName ||
      (kProgramFilter[static_cast<unsigned char>(base[0])] & (1u << base.size())) == 0) {
    return Program::kOther;
  }
  for (const ProgramEntry& e : kPrograms) {
    if (e.name == base) return e.program;
  }
  return Program::kOther;
}

// A value found after a key or flag. The secret is [b, e); `next` is where scanning resumes
// (after a closing quote, if any).
struct Span {
  size_t b = 0;
  size_t e = 0;
  size_t next = 0;
  bool quoted = false;
  bool single_quoted = false;
  bool literal = false;    // $'...' or $"...": starts with '$' but is not a reference
  bool reference = false;  // $VAR, ${VAR}, $(cmd), `cmd` (found without scanning to its end)
};

enum class ValueStyle {
  kWord,    // a whole shell word: NAME=value at the start of a word, a flag's value
  kOption,  // inside a larger word: ?token=x&..., -o user=u,password=p, "DB_PASSWORD=x"
};

class Redactor {
 public:
  explicit Redactor(std::string_view s) : s_(s), n_(s.size()) {}

  std::string Run() {
    size_t i = 0;
    while (i < n_) {
      const unsigned char c = At(i);
      const uint16_t cls = ClassOf(c);
      // Inside a run of letters and digits no rule can start: the common case, skipped first.
      if ((cls & kAlnum) != 0 && i > 0 && (ClassOf(At(i - 1)) & kAlnum) != 0) {
        ++i;
        continue;
      }
      if ((cls & kBlank) != 0) {
        ++i;
        continue;
      }
      if ((cls & kSep) != 0) {
        if (!IsRedirectionAmpersand(i)) {
          program_ = Program::kOther;
          prev_word_is_flag_ = false;
          setter_ = Setter::kNone;
          plain_words_ = 0;
        }
        ++i;
        continue;
      }
      if ((cls & kWordEnd) != 0) {  // < >
        ++i;
        continue;
      }
      const uint16_t prev = i == 0 ? kBlank | kWordEnd : ClassOf(At(i - 1));
      size_t next = kNoMatch;
      if ((prev & kWordEnd) != 0) next = OnShellWord(i);
      if (next == kNoMatch && c == ':') next = OnScheme(i);
      if (next == kNoMatch && (prev & kAlnum) == 0) next = OnTokenShape(i);
      if (next == kNoMatch && (cls & kKey) != 0 && (prev & kKey) == 0) next = OnKey(i);
      i = (next == kNoMatch || next <= i) ? i + 1 : next;
    }
    if (out_.empty()) return std::string(s_);
    out_.append(s_.data() + copied_, n_ - copied_);
    return std::move(out_);
  }

 private:
  enum Shape {
    kSk,
    kStripe,
    kGithub,
    kGithubPat,
    kGitlab,
    kSlack,
    kGoogle,
    kHf,
    kNpm,
    kPypi,
    kJwt,
    kShapes
  };

  unsigned char At(size_t i) const { return i < n_ ? static_cast<unsigned char>(s_[i]) : 0; }
  bool Has(size_t i, uint16_t cls) const { return i < n_ && (ClassOf(At(i)) & cls) != 0; }
  size_t SkipBlanks(size_t i) const {
    while (Has(i, kBlank)) ++i;
    return i;
  }
  size_t RunEnd(size_t i, uint16_t cls) const {
    while (Has(i, cls)) ++i;
    return i;
  }

  void Redact(size_t b, size_t e) {
    if (out_.empty()) out_.reserve(n_ + 16);
    out_.append(s_.data() + copied_, b - copied_);
    out_.append(kRedacted);
    copied_ = e;
  }

  // `&` in `2>&1`, `>&2` or `&>file` is part of a redirection, not a command separator.
  bool IsRedirectionAmpersand(size_t i) const {
    if (At(i) != '&') return false;
    return (i > 0 && (At(i - 1) == '>' || At(i - 1) == '<')) || At(i + 1) == '>';
  }

  // Reads the value starting at j. Quoted values are their contents; with !allow_spaces a quoted
  // value must close before any blank (otherwise the quote probably closes an enclosing string,
  // as in `grep "password=" src/`, and there is no value).
  Span ScanValue(size_t j, ValueStyle style, bool allow_spaces) const {
    Span sp{j, j, j};
    if (j >= n_) return sp;
    const unsigned char c = At(j);
    if (c == '$' && (At(j + 1) == '\'' || At(j + 1) == '"')) {
      sp = ScanValue(j + 1, style, allow_spaces);
      sp.literal = sp.quoted;
      return sp;
    }
    if (c == '"' || c == '\'' || (c == '\\' && (At(j + 1) == '"' || At(j + 1) == '\''))) {
      const bool escaped = c == '\\';
      const unsigned char q = escaped ? At(j + 1) : c;
      size_t k = j + (escaped ? 2 : 1);
      const size_t b = k;
      if (q == '"' && (At(b) == '$' || At(b) == '`') && At(b + 1) != '"') {
        return Span{b, b + 1, b + 1, true, false, false, /*reference=*/true};
      }
      bool blank = false;
      while (k < n_) {
        const unsigned char d = At(k);
        if (escaped) {
          if (d == '\\' && At(k + 1) == q) break;
        } else if (d == q) {
          break;
        } else if (d == '\\' && q == '"' && k + 1 < n_) {
          ++k;
        }
        if ((ClassOf(d) & kBlank) != 0 || d == '\n') {
          blank = true;
          if (!allow_spaces) break;
        }
        ++k;
      }
      if (k > n_) k = n_;
      if (blank && !allow_spaces) return Span{j, j, j};
      sp.quoted = true;
      sp.single_quoted = q == '\'';
      sp.b = b;
      sp.e = k;
      sp.next = k >= n_ ? n_ : k + (escaped ? 0 : 1);
      return sp;
    }
    if (c == '$' || c == '`') return Span{j, j + 1, j + 1, false, false, false, /*reference=*/true};
    size_t k = j;
    while (k < n_) {
      const unsigned char d = At(k);
      if ((ClassOf(d) & kValueStop) != 0) break;
      if (d == ',' && style == ValueStyle::kOption) break;
      if (d == '\\') {
        const unsigned char nx = At(k + 1);
        if (k + 1 >= n_ || nx == '"' || nx == '\'') break;
        k += 2;
        continue;
      }
      ++k;
    }
    if (k > n_) k = n_;
    sp.e = k;
    sp.next = k;
    return sp;
  }

  // $VAR, ${VAR}, $(cmd), `cmd`: the value comes from elsewhere and is not itself a secret.
  // (Also checked at sp.b, which callers may move: `curl -u user:$PASS`.)
  bool IsReference(const Span& sp) const {
    if (sp.reference) return true;
    if (sp.single_quoted || sp.literal || sp.e <= sp.b) return false;
    return At(sp.b) == '$' || At(sp.b) == '`';
  }

  // Redacts a value unless it is empty or a reference; returns where to continue, or kNoMatch.
  size_t RedactSpan(const Span& sp) {
    if (sp.e <= sp.b || IsReference(sp)) return kNoMatch;
    Redact(sp.b, sp.e);
    return sp.next;
  }

  // The value of a secret flag. openssl-style `pass:secret` keeps its `pass:`;
  // `env:VAR`, `file:path`, `fd:N` and `stdin` name where the secret is and stay.
  // (Checked before the value is scanned, so that rejecting it costs nothing.)
  size_t RedactFlagValue(size_t j) {
    size_t content = j;
    if (At(content) == '$' && (At(content + 1) == '\'' || At(content + 1) == '"')) ++content;
    if (At(content) == '\\') ++content;
    if (At(content) == '"' || At(content) == '\'') ++content;
    const std::string_view head = s_.substr(content, 6);
    if (StartsWithLower(head, "env:") || StartsWithLower(head, "file:") ||
        StartsWithLower(head, "fd:") ||
        (StartsWithLower(head, "stdin") && !Has(content + 5, kKey))) {
      return kNoMatch;
    }
    Span sp = ScanValue(j, ValueStyle::kWord, /*allow_spaces=*/true);
    if (!sp.reference && StartsWithLower(s_.substr(sp.b, sp.e - sp.b), "pass:")) sp.b += 5;
    return RedactSpan(sp);
  }

  // The next word after a flag that takes a separate value (`--password X`), or kNoMatch if there
  // is none (`mysql --password -u root`, a flag at the end, a separator).
  size_t ValueAfter(size_t flag_end) const {
    const size_t j = SkipBlanks(flag_end);
    if (j == flag_end || j >= n_ || Has(j, kWordEnd) || At(j) == '-') return kNoMatch;
    return j;
  }

  // `user:pass` (curl -u, httpie -a): the part after the first colon.
  size_t RedactUserPass(size_t j) {
    Span sp = ScanValue(j, ValueStyle::kWord, /*allow_spaces=*/true);
    const std::string_view v = s_.substr(sp.b, sp.e - sp.b);
    const size_t colon = v.find(':');
    if (colon == std::string_view::npos) return kNoMatch;
    sp.b += colon + 1;
    return RedactSpan(sp);
  }

  // At the start of a whitespace-delimited word: tracks which program runs and applies its
  // password flags.
  size_t OnShellWord(size_t i) {
    word_start_ = i;
    const size_t e = RunEndNot(i, kWordEnd);
    const std::string_view word = s_.substr(i, e - i);
    const bool is_flag = word.size() >= 2 && word[0] == '-' && word != "--";
    if (!is_flag) {
      const size_t next = OnSetterWord(i, word);
      if (next != kNoMatch) return next;
    } else if (setter_ == Setter::kValue) {
      setter_ = Setter::kNone;  // `config credentials --server host`: no positional value
    }
    if (!prev_word_is_flag_) {
      const Program p = ProgramOf(Basename(word));
      if (p != Program::kOther) {
        program_ = p;
      } else if (program_ == Program::kLoginCli && word == "login") {
        program_ = Program::kLogin;
      } else if (program_ == Program::kGh && word == "secret") {
        program_ = Program::kGhSecret;
      }
    }
    prev_word_is_flag_ = is_flag;
    if (!is_flag || program_ == Program::kOther) return kNoMatch;

    size_t next = kNoMatch;
    switch (program_) {
      case Program::kMysql:
        if (word.size() > 2 && word[1] == 'p') next = RedactFlagValue(i + 2);
        break;
      case Program::kSshpass:
      case Program::kLogin:
      case Program::kTwine:
      case Program::kMongo:
        next = ShortFlagValue(i, word, 'p');
        break;
      case Program::kRedis:
        next = ShortFlagValue(i, word, 'a');
        break;
      case Program::kLdap:
        next = ShortFlagValue(i, word, 'w');
        break;
      case Program::kCurl:
        next = UserPassFlag(i, word, {"-u", "-U", "--user", "--proxy-user"});
        break;
      case Program::kHttpie:
        next = UserPassFlag(i, word, {"-a", "--auth"});
        break;
      case Program::kGhSecret:
        next = ShortFlagValue(i, word, 'b');
        if (next == kNoMatch && word.substr(0, 6) == "--body") {
          if (word.size() == 6) {
            const size_t j = ValueAfter(e);
            if (j != kNoMatch) next = RedactFlagValue(j);
          } else if (word[6] == '=') {
            next = RedactFlagValue(i + 7);
          }
        }
        break;
      case Program::kSshKeygen:
        next = ShortFlagValue(i, word, 'N');
        if (next == kNoMatch) next = ShortFlagValue(i, word, 'P');
        break;
      default:
        break;
    }
    if (next != kNoMatch) prev_word_is_flag_ = false;
    return next;
  }

  // `set NAME VALUE` / `config NAME VALUE` with a secret NAME, flags allowed in between:
  // aws configure set aws_secret_access_key V, git config --global user.password V,
  // npm config set //registry.npmjs.org/:_authToken V, redis-cli CONFIG SET requirepass V.
  // To keep prose ("set token to ...") out: the verb is the 2nd to 4th plain word of its command
  // and spelled set/SET/config/CONFIG, and the name is compound (user.password, npmAuthToken).
  size_t OnSetterWord(size_t i, std::string_view word) {
    const size_t index = plain_words_++;
    if (setter_ == Setter::kValue) {
      setter_ = Setter::kNone;
      const size_t next = RedactFlagValue(i);
      if (next != kNoMatch) return next;
    }
    if (setter_ == Setter::kName) {
      const std::string_view name = TrailingKey(word);
      const bool compound = HasSeparator(name) || HasInnerUpper(name) ||
                            EqualsAnyLower(name, {"requirepass", "masterauth"});
      setter_ = compound && NameIsSecret(name) ? Setter::kValue : Setter::kNone;
    }
    if (index >= 1 && index <= 3 &&
        (word == "set" || word == "SET" || word == "config" || word == "CONFIG")) {
      setter_ = Setter::kName;
    }
    return kNoMatch;
  }

  static bool HasInnerUpper(std::string_view name) {
    for (size_t k = 1; k < name.size(); ++k) {
      if ((ClassOf(static_cast<unsigned char>(name[k])) & kUpper) != 0) return true;
    }
    return false;
  }

  // The key at the end of a word: "//registry.npmjs.org/:_authToken" -> "_authToken".
  static std::string_view TrailingKey(std::string_view word) {
    while (!word.empty() && (word.back() == '"' || word.back() == '\'')) word.remove_suffix(1);
    size_t b = word.size();
    while (b > 0 && (ClassOf(static_cast<unsigned char>(word[b - 1])) & kKey) != 0) --b;
    return word.substr(b);
  }

  size_t RunEndNot(size_t i, uint16_t cls) const {
    while (i < n_ && (ClassOf(At(i)) & cls) == 0) ++i;
    return i;
  }

  // "/usr/bin/mysql" -> "mysql"; also drops quotes around the word ("mysql, “mysql).
  static std::string_view Basename(std::string_view word) {
    auto name_byte = [](char ch) {
      const unsigned char c = static_cast<unsigned char>(ch);
      return (ClassOf(c) & kKey) != 0 || c == '/';
    };
    while (!word.empty() && !name_byte(word.front())) word.remove_prefix(1);
    while (!word.empty() && !name_byte(word.back())) word.remove_suffix(1);
    const size_t slash = word.rfind('/');
    if (slash != std::string_view::npos) word.remove_prefix(slash + 1);
    return word;
  }

  // `-p X` or `-pX` for a program whose -p (or -a, -w) takes a password.
  size_t ShortFlagValue(size_t i, std::string_view word, char letter) {
    if (word.size() < 2 || word[0] != '-' || word[1] != letter) return kNoMatch;
    if (word.size() > 2) return RedactFlagValue(i + 2);
    const size_t j = ValueAfter(i + 2);
    return j == kNoMatch ? kNoMatch : RedactFlagValue(j);
  }

  // curl -u user:pass / -uuser:pass / --user=user:pass, httpie -a / --auth.
  size_t UserPassFlag(size_t i, std::string_view word,
                      std::initializer_list<std::string_view> flags) {
    for (std::string_view f : flags) {
      if (word == f) {
        const size_t j = ValueAfter(i + f.size());
        return j == kNoMatch ? kNoMatch : RedactUserPass(j);
      }
      if (word.size() > f.size() && word.substr(0, f.size()) == f) {
        if (f.size() == 2) return RedactUserPass(i + 2);
        if (word[f.size()] == '=') return RedactUserPass(i + f.size() + 1);
      }
    }
    return kNoMatch;
  }

  // At ':' of "scheme://": redacts the password of `user:pass@host`.
  size_t OnScheme(size_t i) {
    if (i == 0 || At(i + 1) != '/' || At(i + 2) != '/' || (ClassOf(At(i - 1)) & kAlnum) == 0) {
      return kNoMatch;
    }
    size_t colon = kNoMatch;
    size_t at = kNoMatch;
    size_t k = i + 3;
    for (; k < n_; ++k) {
      const unsigned char c = At(k);
      if (c == '/' || c == '?' || c == '#' || c == '\\' ||
          (ClassOf(c) & (kWordEnd | kQuote)) != 0) {
        break;
      }
      if (c == '@') {
        at = k;
      } else if (c == ':' && colon == kNoMatch) {
        colon = k;
      }
    }
    if (at == kNoMatch || colon == kNoMatch || colon > at || colon + 1 == at) return kNoMatch;
    if (At(colon + 1) == '$') return kNoMatch;  // https://user:$TOKEN@host
    Redact(colon + 1, at);
    return at;
  }

  // At the start of a key-like word ([A-Za-z0-9_.-]+): NAME=value, --flag=value, --flag value,
  // Header: value, "json_key": "value", Bearer value, key = value.
  size_t OnKey(size_t i) {
    const size_t we = RunEnd(i, kKey);
    const std::string_view w = s_.substr(i, we - i);
    const bool flag = w[0] == '-';
    const unsigned char after = At(we);
    if (we >= n_) return kNoMatch;
    if (after == '=') {
      if (At(we + 1) == '=') return kNoMatch;  // a comparison
      if (flag) {
        return FlagIsSecret(StripDashes(w)) ? RedactFlagValue(we + 1) : kNoMatch;
      }
      if (!NameIsSecret(w)) return kNoMatch;
      // A shell variable at the start of a word (`export TOKEN=...`, `TOKEN=... cmd`) takes the
      // whole word; other keys (`?token=x&`, `-o user=u,password=p`, `--set a.password=x,b=y`)
      // end at ',' too. A quote right after '=' opens a value only if it cannot be closing a
      // string the key sits in (`grep "password=" src/`).
      const bool at_word_start = i == word_start_;
      const bool shell_var = at_word_start && IsIdentifier(w);
      const unsigned char before = i > 0 ? At(i - 1) : ' ';
      const bool spaced_quotes = at_word_start || before == '=' || before == ',';
      return RedactSpan(
          ScanValue(we + 1, shell_var ? ValueStyle::kWord : ValueStyle::kOption, spaced_quotes));
    }
    if (after == ':') return OnHeader(we, w);
    if (after == '"' || after == '\'' || after == '\\') return OnQuotedKey(we, w);
    if ((ClassOf(after) & kBlank) != 0) {
      if (flag) {
        if (!FlagIsSecret(StripDashes(w))) return kNoMatch;
        const size_t j = ValueAfter(we);
        return j == kNoMatch ? kNoMatch : RedactFlagValue(j);
      }
      if (EqualsLower(w, "bearer") || EqualsLower(w, "basic")) return OnBareScheme(we);
      return OnSpacedAssignment(we, w);
    }
    return kNoMatch;
  }

  static bool IsIdentifier(std::string_view w) {
    if (w.empty() || (ClassOf(static_cast<unsigned char>(w[0])) & kDigit) != 0) return false;
    for (char ch : w) {
      if (ch == '-' || ch == '.') return false;
    }
    return true;
  }

  static std::string_view StripDashes(std::string_view w) {
    while (!w.empty() && w.front() == '-') w.remove_prefix(1);
    return w;
  }

  // `Authorization: Bearer X`, `X-Api-Key: X`, `Private-Token: X`, and `db_password: X`
  // (YAML-like, needs a space after the colon; single-word names also need a value that looks
  // like a secret, so prose like "auth: fix login" stays).
  size_t OnHeader(size_t colon, std::string_view name) {
    const size_t v = SkipBlanks(colon + 1);
    const size_t blanks = v - colon - 1;
    const bool known = IsCredentialHeader(name);
    if (!known && (blanks == 0 || !NameIsSecret(name))) return kNoMatch;
    if (v >= n_ || (blanks == 0 && At(v) == '/')) return kNoMatch;
    size_t cred = v;
    if (IsLetter(At(v))) {
      const size_t r = RunEnd(v, kToken);
      if (IsAuthScheme(s_.substr(v, r - v))) {
        if (!Has(r, kBlank)) return kNoMatch;  // "Authorization: Bearer" with no credential
        cred = SkipBlanks(r);
      }
    }
    const Span sp = ScanValue(cred, ValueStyle::kWord, /*allow_spaces=*/false);
    if (!known && !HasSeparator(name)) {
      // A single word before the colon is often prose or test output ("--- PASS: TestFoo",
      // "auth: fix login"); only the clearest names count, and only with a random-looking value.
      if (!EqualsAnyLower(name,
                          {"password", "passwd", "passphrase", "secret", "token", "apikey"}) ||
          (!sp.quoted && !LooksSecret(sp.b, sp.e))) {
        return kNoMatch;
      }
    }
    return RedactSpan(sp);
  }

  // `"password": "x"`, `'api_key': 'x'`, `\"token\":\"x\"` (JSON inside a double-quoted string).
  size_t OnQuotedKey(size_t we, std::string_view name) {
    size_t k = we;
    const bool escaped = At(k) == '\\';
    if (escaped) ++k;
    const unsigned char q = At(k);
    if (q != '"' && q != '\'') return kNoMatch;
    k = SkipBlanks(k + 1);
    if (At(k) != ':') return kNoMatch;
    k = SkipBlanks(k + 1);
    if (escaped ? !(At(k) == '\\' && At(k + 1) == q) : At(k) != q) return kNoMatch;
    if (!NameIsSecret(name)) return kNoMatch;
    // "Authorization": "Bearer x" keeps its scheme; the credential ends at the closing quote.
    const size_t content = k + (escaped ? 2 : 1);
    if (IsLetter(At(content))) {
      const size_t r = RunEnd(content, kToken);
      if (Has(r, kBlank) && IsAuthScheme(s_.substr(content, r - content))) {
        return RedactSpan(ScanValue(SkipBlanks(r), ValueStyle::kWord, /*allow_spaces=*/false));
      }
    }
    return RedactSpan(ScanValue(k, ValueStyle::kWord, /*allow_spaces=*/false));
  }

  // `Bearer X` / `Basic X` outside a header: only when X looks like a credential, so that prose
  // ("Bearer token", "Basic Authentication") stays.
  size_t OnBareScheme(size_t we) {
    const size_t b = SkipBlanks(we);
    size_t e = b;
    while (Has(e, kToken68) || At(e) == '=') ++e;  // '=' padding, and whatever is glued to it
    if (!LooksSecret(b, e)) return kNoMatch;
    Redact(b, e);
    return e;
  }

  // `aws_secret_access_key = wJalr...` (ini files written through heredocs). Needs a separator
  // in the name and a quoted or secret-looking value, so code like `self.token = token` stays.
  size_t OnSpacedAssignment(size_t we, std::string_view name) {
    size_t k = SkipBlanks(we);
    if (At(k) != '=' || At(k + 1) == '=' || !HasSeparator(name) || !NameIsSecret(name)) {
      return kNoMatch;
    }
    k = SkipBlanks(k + 1);
    const Span sp = ScanValue(k, ValueStyle::kWord, /*allow_spaces=*/false);
    if (!sp.quoted && !LooksSecret(sp.b, sp.e)) return kNoMatch;
    return RedactSpan(sp);
  }

  static bool HasSeparator(std::string_view name) {
    return name.find_first_of("_-.") != std::string_view::npos;
  }

  // Random-looking, at least 8 bytes: letters mixed with digits; or base64 punctuation; or case
  // that changes often (3+ capitals after the first byte and no lowercase run longer than 5), which
  // base64 has ("dXNlcjpwYXNz") and CamelCase words ("TestFeatures", "GitHubActions") lack.
  bool LooksSecret(size_t b, size_t e) const {
    if (e <= b || e - b < 8) return false;
    // Already redacted (keeps a second pass from taking "token=REDACTED" for a credential).
    if (s_.substr(b, e - b).find(kRedacted) != std::string_view::npos) return false;
    bool digit = false;
    bool alpha = false;
    bool b64 = false;
    size_t inner_upper = 0;
    size_t lower_run = 0;
    size_t max_lower_run = 0;
    for (size_t k = b; k < e; ++k) {
      const unsigned char c = At(k);
      const uint16_t cls = ClassOf(c);
      if ((cls & kDigit) != 0) digit = true;
      if ((cls & (kLower | kUpper)) != 0) alpha = true;
      if ((cls & kUpper) != 0 && k > b) ++inner_upper;
      lower_run = (cls & kLower) != 0 ? lower_run + 1 : 0;
      if (lower_run > max_lower_run) max_lower_run = lower_run;
      if (c == '+' || c == '/' || c == '=') b64 = true;
    }
    const size_t len = e - b;
    return (digit && alpha) || (b64 && alpha && len >= 12) ||
           (len >= 12 && inner_upper >= 3 && max_lower_run > 0 && max_lower_run <= 5);
  }

  // Known token shapes, at a position not preceded by a letter or digit.
  size_t OnTokenShape(size_t i) {
    const std::string_view rest = s_.substr(i);
    auto starts = [&](std::string_view p) { return rest.substr(0, p.size()) == p; };
    switch (At(i)) {
      case 's':
        if (starts("sk_live_") || starts("sk_test_")) return Body(i, 8, kStripe, kAlnum, 16, false);
        if (starts("sk-")) return Body(i, 3, kSk, kToken, 20, true);
        return kNoMatch;
      case 'r':
        if (starts("rk_live_") || starts("rk_test_")) return Body(i, 8, kStripe, kAlnum, 16, false);
        return kNoMatch;
      case 'g':
        if (starts("github_pat_")) return Body(i, 11, kGithubPat, kToken, 20, false);
        if (starts("glpat-")) return Body(i, 6, kGitlab, kToken, 20, false);
        if (rest.size() > 4 && rest[1] == 'h' && rest[3] == '_' &&
            (rest[2] == 'p' || rest[2] == 'o' || rest[2] == 'u' || rest[2] == 's' ||
             rest[2] == 'r')) {
          return Body(i, 4, kGithub, kAlnum, 20, false);
        }
        return kNoMatch;
      case 'x':
        if (rest.size() > 5 && starts("xox") && rest[4] == '-' &&
            std::string_view("abprs").find(rest[3]) != std::string_view::npos) {
          return Body(i, 5, kSlack, kAlnum | kToken, 10, true);
        }
        return kNoMatch;
      case 'A':
        if (starts("AKIA") || starts("ASIA")) {
          const size_t e = RunEnd(i + 4, kUpper | kDigit);
          if (e - (i + 4) == 16 && !Has(e, kAlnum)) {
            Redact(i, e);
            return e;
          }
          return kNoMatch;
        }
        if (starts("AIza")) return Body(i, 4, kGoogle, kToken, 35, false);
        return kNoMatch;
      case 'h':
        if (starts("hf_")) return Body(i, 3, kHf, kAlnum, 20, false);
        return kNoMatch;
      case 'n':
        if (starts("npm_")) return Body(i, 4, kNpm, kAlnum, 20, false);
        return kNoMatch;
      case 'p':
        if (starts("pypi-")) return Body(i, 5, kPypi, kToken, 20, false);
        return kNoMatch;
      case 'e':
        if (starts("eyJ")) return Jwt(i);
        return kNoMatch;
      case '-':
        if (starts("-----BEGIN ")) return PemPrivateKey(i);
        return kNoMatch;
      default:
        return kNoMatch;
    }
  }

  // prefix + a run of `cls` bytes of at least min_len (with a digit, if asked). A failed run is
  // remembered per shape: a start inside it would find a shorter run of the same bytes and fail
  // too, so no byte is scanned twice for one shape (this keeps `sk-a-sk-a-sk-a-...` linear).
  size_t Body(size_t i, size_t prefix, Shape shape, uint16_t cls, size_t min_len, bool digit) {
    if (i < failed_until_[shape]) return kNoMatch;
    const size_t b = i + prefix;
    size_t k = b;
    bool has_digit = false;
    while (k < n_ && (ClassOf(At(k)) & cls) != 0) {
      if ((ClassOf(At(k)) & kDigit) != 0) has_digit = true;
      ++k;
    }
    if (k - b >= min_len && (has_digit || !digit)) {
      Redact(i, k);
      return k;
    }
    failed_until_[shape] = k;
    return kNoMatch;
  }

  // header.payload.signature, each base64url; header and payload both start with "eyJ" ('{"').
  size_t Jwt(size_t i) {
    if (i < failed_until_[kJwt]) return kNoMatch;
    const size_t h = RunEnd(i, kToken);
    const size_t p = At(h) == '.' ? RunEnd(h + 1, kToken) : h;
    if (h - i < 10 || p == h || p - h < 11 || s_.substr(h + 1, 3) != "eyJ" || At(p) != '.') {
      failed_until_[kJwt] = h;
      return kNoMatch;
    }
    const size_t e = RunEnd(p + 1, kToken);
    Redact(i, e);
    return e;
  }

  // -----BEGIN ... PRIVATE KEY----- body -----END ...: the body goes, the armor lines stay.
  size_t PemPrivateKey(size_t i) {
    const size_t label = i + 11;
    const size_t found = s_.substr(label, 64 + 5).find("-----");
    if (found == std::string_view::npos) return kNoMatch;
    const size_t close = label + found;
    const std::string_view name = s_.substr(label, close - label);
    if (name.find("PRIVATE KEY") == std::string_view::npos ||
        name.find(kRedacted) != std::string_view::npos) {
      return kNoMatch;
    }
    for (char ch : name) {  // "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "PGP PRIVATE KEY BLOCK"
      if ((ClassOf(static_cast<unsigned char>(ch)) & (kUpper | kDigit)) == 0 && ch != ' ') {
        return kNoMatch;
      }
    }
    size_t b = close + 5;
    while (b < n_ && (At(b) == '\n' || At(b) == '\r')) ++b;
    if (b + 1 < n_ && At(b) == '\\' && At(b + 1) == 'n') b += 2;  // a literal "\n"
    size_t e = s_.find("-----END", b);
    if (e == std::string_view::npos) e = n_;
    size_t body_end = e;
    while (body_end > b && (At(body_end - 1) == '\n' || At(body_end - 1) == '\r')) --body_end;
    if (body_end >= b + 2 && At(body_end - 2) == '\\' && At(body_end - 1) == 'n') body_end -= 2;
    if (body_end <= b) return kNoMatch;
    Redact(b, body_end);
    return body_end;
  }

  std::string_view s_;
  size_t n_;
  std::string out_;
  size_t copied_ = 0;
  size_t word_start_ = kNoMatch;
  Program program_ = Program::kOther;
  bool prev_word_is_flag_ = false;
  enum class Setter { kNone, kName, kValue };
  Setter setter_ = Setter::kNone;
  size_t plain_words_ = 0;  // words that are not flags since the last command separator
  std::array<size_t, kShapes> failed_until_{};
};

}  // namespace

std::string RedactSecrets(std::string_view command) { return Redactor(command).Run(); }

}  // namespace bgprof
