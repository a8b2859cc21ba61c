#include "profiler/command/redact_text.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "profiler/command/redact_names.h"

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

// The two stages of the pattern pass. Token shapes need no context, so they go first, over the
// whole text; the rules that read a context (a key, a flag, a header, a URL) then read the text
// with every token already REDACTED, as a second pass would: a token never hides the key it
// starts (`ghp_x.HUB_TOKEN='v'`), and a name is judged without the bytes of a token in it.
enum class Stage { kTokenShapes, kContext };

class Redactor {
 public:
  Redactor(std::string_view s, Stage stage) : s_(s), n_(s.size()), stage_(stage) {}

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
      if ((cls & kWordEnd) != 0) {  // separators, < >
        if (c == '\n') netrc_line_ = false;
        ++i;
        continue;
      }
      const uint16_t prev = i == 0 ? kBlank | kWordEnd : ClassOf(At(i - 1));
      size_t next = kNoMatch;
      if ((prev & kWordEnd) != 0) word_start_ = i;
      if (stage_ == Stage::kTokenShapes) {
        if ((prev & kAlnum) == 0) next = OnTokenShape(i);
      } else {
        if (c == ':') next = OnScheme(i);
        if (next == kNoMatch && (cls & kKey) != 0 && (prev & kKey) == 0) next = OnKey(i);
      }
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
    kVault,
    kSlackApp,
    kGoogleOauth,
    kSendgrid,
    kDigitalOcean,
    kShopify,
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

  // Replaces [b, e) with REDACTED, followed by the bytes in it that the shell lexer reads as
  // quoting, in order: this pass knows no shell, and a quote it takes as part of a value can be
  // one that ends a backquoted command or a word for the lexer, which would then read the rest
  // of the line differently (and a second redaction with it).
  void Redact(size_t b, size_t e) {
    if (out_.empty()) out_.reserve(n_ + 16);
    out_.append(s_.data() + copied_, b - copied_);
    out_.append(kRedacted);
    for (size_t k = b; k < e; ++k) {
      const unsigned char c = At(k);
      if (c == '\\') {
        if (k + 1 >= e) {  // escapes the byte after the value
          out_ += '\\';
        } else if (IsLexerQuoting(At(k + 1)) || At(k + 1) == '\\' || At(k + 1) == '$') {
          out_ += '\\';
          out_ += static_cast<char>(At(k + 1));
        }
        ++k;
      } else if (IsLexerQuoting(c) || (c == '$' && (At(k + 1) == '(' || At(k + 1) == '{'))) {
        out_ += static_cast<char>(c);
      }
    }
    copied_ = e;
  }

  static bool IsLexerQuoting(unsigned char c) {
    return c == '\'' || c == '"' || c == '`' || c == '(' || c == ')' || c == '{' || c == '}';
  }

  // Reads the value starting at j. Quoted values are their contents. With !allow_spaces a quote
  // may instead close a string the key sits in (`grep "password=" src/`, `grep 'token="' f`):
  // the contents are the value only if the quote closes on its line and either no blank comes
  // before that or the contents start with no blank and hold no other quote; otherwise the
  // value is what comes before the first blank, newline or quote (often nothing). The cut never
  // depends on what follows it, which a later rule may redact: so a second pass, reading
  // REDACTED there, cuts at the same place.
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
      bool closed = false;
      bool blank = false;
      bool other_quote = false;
      size_t cut = kNoMatch;  // the first blank, newline or other quote
      while (k < n_) {
        const unsigned char d = At(k);
        if (escaped) {
          if (d == '\\' && At(k + 1) == q) {
            closed = true;
            break;
          }
        } else if (d == q) {
          closed = true;
          break;
        } else if (d == '\\' && q == '"' && k + 1 < n_) {
          ++k;
        }
        if (!allow_spaces) {
          const bool is_blank = (ClassOf(d) & kBlank) != 0 || d == '\n';
          // Inside `\"...\"` the shell string around is double-quoted: a `'` is a letter.
          const bool is_quote = (ClassOf(d) & kQuote) != 0 && !(escaped && d == '\'');
          if ((is_blank || is_quote) && cut == kNoMatch) cut = k;
          // A newline, or another quote past a blank, settles it: the value is cut.
          const bool settled = d == '\n' || (is_quote && blank);
          blank = blank || is_blank;
          other_quote = other_quote || is_quote;
          if (settled) break;
        }
        ++k;
      }
      if (k > n_) k = n_;
      // Another quote first: ours closes a string (`'{"password": "'"$PW"'"}'`).
      if (!allow_spaces && cut == b && (ClassOf(At(b)) & kQuote) != 0) return Span{j, j, j};
      if (!allow_spaces && blank && !(closed && !other_quote && cut != b)) {
        sp.quoted = true;
        sp.single_quoted = q == '\'';
        sp.b = b;
        sp.e = cut;
        sp.next = cut;
        return sp;
      }
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
    if (at == kNoMatch) return OnWebhook(i + 3);
    if (colon == kNoMatch || colon > at) {
      // A user with no password: a token standing in for both (`https://<token>@github.com`)
      // looks random; a user name (`git@`, `bob@`) does not.
      const std::string_view user = s_.substr(i + 3, at - i - 3);
      if (user.size() < 12 || user[0] == '$' || !LooksSecret(i + 3, at)) return kNoMatch;
      Redact(i + 3, at);
      return at;
    }
    if (colon + 1 == at) return kNoMatch;
    if (At(colon + 1) == '$') return kNoMatch;  // https://user:$TOKEN@host
    Redact(colon + 1, at);
    return at;
  }

  // A URL whose path is the credential: Slack, Discord and Teams webhooks, a Telegram bot's
  // token. `host` is where the host starts; the path after the service's prefix goes.
  size_t OnWebhook(size_t host) {
    struct Hook {
      std::string_view prefix;  // host and the path that stays
      char stop;                // the credential ends there, or at the end of the URL
    };
    static constexpr Hook kHooks[] = {
        {"hooks.slack.com/services/", 0},        {"hooks.slack.com/workflows/", 0},
        {"hooks.slack.com/triggers/", 0},        {"discord.com/api/webhooks/", 0},
        {"discordapp.com/api/webhooks/", 0},     {"ptb.discord.com/api/webhooks/", 0},
        {"canary.discord.com/api/webhooks/", 0}, {"api.telegram.org/bot", '/'},
        {"api.telegram.org/file/bot", '/'},      {"webhook.office.com/webhookb2/", 0},
    };
    const std::string_view rest = s_.substr(host, 40);
    for (const Hook& hook : kHooks) {
      size_t at = host;
      if (rest.substr(0, hook.prefix.size()) != hook.prefix) {
        // Teams: <tenant>.webhook.office.com/...
        if (hook.prefix[0] != 'w') continue;
        const size_t dot = rest.find(".webhook.office.com/webhookb2/");
        if (dot == std::string_view::npos) continue;
        at = host + dot + 1;
      }
      const size_t b = at + hook.prefix.size();
      size_t e = b;
      while (e < n_ && (ClassOf(At(e)) & kValueStop) == 0 && At(e) != '?' && At(e) != '#' &&
             At(e) != '\\' && (hook.stop == 0 || At(e) != hook.stop)) {
        ++e;
      }
      if (e - b < 8 || At(b) == '$' || !LooksSecret(b, e)) return kNoMatch;
      Redact(b, e);
      return e;
    }
    return kNoMatch;
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
      if (i == word_start_ && EqualsAnyLower(w, {"machine", "login", "default"})) {
        netrc_line_ = true;
      } else if (netrc_line_ && EqualsAnyLower(w, {"password", "passwd"})) {
        // .netrc: `machine host login user password secret`.
        return RedactSpan(ScanValue(SkipBlanks(we), ValueStyle::kWord, /*allow_spaces=*/false));
      }
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
    if (IsCookieHeader(name)) return OnCookies(SkipBlanks(colon + 1));
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

  // `Cookie: a=1; b=2`: every value goes, to the end of the quoted header or of the line; the
  // names stay.
  size_t OnCookies(size_t v) {
    size_t k = v;
    size_t next = kNoMatch;
    while (k < n_ && At(k) != '\n' && (ClassOf(At(k)) & kQuote) == 0 && At(k) != '\\') {
      const size_t name_end = RunEndNot(k, kValueStop | kSep);
      if (At(name_end) != '=') {
        k = name_end + 1;
        continue;
      }
      size_t e = name_end + 1;
      while (e < n_ && At(e) != ';' && At(e) != '\n' && At(e) != '\\' &&
             (ClassOf(At(e)) & (kQuote | kBlank)) == 0) {
        ++e;
      }
      if (e > name_end + 1 && At(name_end + 1) != '$') {
        Redact(name_end + 1, e);
        next = e;
      }
      k = SkipBlanks(e + (At(e) == ';' ? 1 : 0));
    }
    return next;
  }

  size_t RunEndNot(size_t i, uint16_t cls) const {
    while (i < n_ && (ClassOf(At(i)) & cls) == 0 && At(i) != '=') ++i;
    return i;
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

  bool LooksSecret(size_t b, size_t e) const {
    return e > b && bgprof::LooksSecret(s_.substr(b, e - b));
  }

  // Known token shapes, at a position not preceded by a letter or digit.
  size_t OnTokenShape(size_t i) {
    const std::string_view rest = s_.substr(i);
    auto starts = [&](std::string_view p) { return rest.substr(0, p.size()) == p; };
    switch (At(i)) {
      case 's':
        if (starts("shpat_") || starts("shpss_") || starts("shpca_")) {
          return Body(i, 6, kShopify, kAlnum, 20, false);
        }
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
      case 'y':
        if (starts("ya29.")) return Body(i, 5, kGoogleOauth, kToken, 20, false);
        return kNoMatch;
      case 'S':
        if (starts("SG.")) return Body(i, 3, kSendgrid, kToken68, 40, false);
        return kNoMatch;
      case 'd':
        if (starts("dop_v1_")) return Body(i, 7, kDigitalOcean, kAlnum, 32, false);
        return kNoMatch;
      case 'x':
        if (starts("xapp-")) return Body(i, 5, kSlackApp, kToken, 20, true);
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
        if (starts("hvs.") || starts("hvb.") || starts("hvr.")) {
          return Body(i, 4, kVault, kToken, 20, false);
        }
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
  Stage stage_;
  std::string out_;
  size_t copied_ = 0;
  size_t word_start_ = kNoMatch;
  bool netrc_line_ = false;  // a `machine` or `login` word came earlier on this line
  std::array<size_t, kShapes> failed_until_{};
};

}  // namespace

std::string RedactTokenShapes(std::string_view text) {
  return Redactor(text, Stage::kTokenShapes).Run();
}

std::string RedactSecretsInContext(std::string_view text) {
  return Redactor(text, Stage::kContext).Run();
}

}  // namespace bgprof
