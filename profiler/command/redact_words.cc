#include "profiler/command/redact_words.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "profiler/command/redact_names.h"
#include "profiler/command/shell_lexer.h"

namespace bgprof {
namespace {

// How deep quoted commands are read (`ssh h "bash -c 'mysql -pX'"` is three levels). Each level
// reads only text inside the one before, so the pass stays linear.
constexpr int kMaxNesting = 4;

// Programs whose own flags or operands carry a password.
enum class Program {
  kOther,
  kMysql,        // -p<pass>, attached only: `-p db` prompts
  kSshpass,      // -p pass
  kLoginCli,     // docker/podman/helm/az/...: becomes kLogin after "login"
  kLogin,        // -p pass
  kTwine,        // -p pass
  kMongo,        // -p pass
  kRedis,        // -a pass
  kLdap,         // -w pass
  kCurl,         // -u/-U/--user/--proxy-user user:pass; -b/--cookie name=value
  kHttpie,       // -a/--auth user:pass
  kGh,           // becomes kGhSecret after "secret"
  kGhSecret,     // --body/-b value; reads stdin without them
  kSshKeygen,    // -N new, -P old
  kZip,          // -P pass (zip, unzip, zipcloak)
  kArchiver,     // -p<pass>, attached only (7z, rar)
  kOpenssl,      // -k pass, -K hexkey
  kHtpasswd,     // -b file user pass: the last operand
  kChpasswd,     // user:pass lines on stdin
  kStdinReader,  // passwd, cryptsetup: the password on stdin
  kSudo,         // -S: the password on stdin
  kVault,        // becomes kVaultLogin after "login"
  kVaultLogin,   // the token operand; `-` reads stdin
  kSmb,          // -U user%pass
  kSqlcmd,       // -P pass
  kUseradd,      // -p hash
  kNmcli,        // password X, wifi-sec.psk X
  kKubectl,      // --from-literal=key=value
  kGpg,          // --passphrase-fd 0 reads stdin
  kWrangler,     // secret put NAME: the value on stdin
  kBase64,       // `echo -n user:pass | base64`: Basic credentials
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
    {"mysqlcheck", Program::kMysql},
    {"mysqlshow", Program::kMysql},
    {"mysqlpump", Program::kMysql},
    {"mysqlslap", Program::kMysql},
    {"mysqlbinlog", Program::kMysql},
    {"mariadb", Program::kMysql},
    {"mariadb-dump", Program::kMysql},
    {"mariadb-admin", Program::kMysql},
    {"sshpass", Program::kSshpass},
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
    {"twine", Program::kTwine},
    {"mongo", Program::kMongo},
    {"mongosh", Program::kMongo},
    {"mongodump", Program::kMongo},
    {"mongorestore", Program::kMongo},
    {"mongoexport", Program::kMongo},
    {"mongoimport", Program::kMongo},
    {"redis-cli", Program::kRedis},
    {"valkey-cli", Program::kRedis},
    {"keydb-cli", Program::kRedis},
    {"ldapsearch", Program::kLdap},
    {"ldapadd", Program::kLdap},
    {"ldapmodify", Program::kLdap},
    {"ldapdelete", Program::kLdap},
    {"ldapwhoami", Program::kLdap},
    {"ldappasswd", Program::kLdap},
    {"ldapcompare", Program::kLdap},
    {"ldapmodrdn", Program::kLdap},
    {"curl", Program::kCurl},
    {"http", Program::kHttpie},
    {"https", Program::kHttpie},
    {"xh", Program::kHttpie},
    {"xhs", Program::kHttpie},
    {"gh", Program::kGh},
    {"ssh-keygen", Program::kSshKeygen},
    {"zip", Program::kZip},
    {"unzip", Program::kZip},
    {"zipcloak", Program::kZip},
    {"7z", Program::kArchiver},
    {"7za", Program::kArchiver},
    {"7zr", Program::kArchiver},
    {"7zz", Program::kArchiver},
    {"rar", Program::kArchiver},
    {"unrar", Program::kArchiver},
    {"openssl", Program::kOpenssl},
    {"htpasswd", Program::kHtpasswd},
    {"chpasswd", Program::kChpasswd},
    {"chgpasswd", Program::kChpasswd},
    {"passwd", Program::kStdinReader},
    {"cryptsetup", Program::kStdinReader},
    {"sudo", Program::kSudo},
    {"vault", Program::kVault},
    {"smbclient", Program::kSmb},
    {"rpcclient", Program::kSmb},
    {"smbmap", Program::kSmb},
    {"sqlcmd", Program::kSqlcmd},
    {"bcp", Program::kSqlcmd},
    {"useradd", Program::kUseradd},
    {"usermod", Program::kUseradd},
    {"nmcli", Program::kNmcli},
    {"kubectl", Program::kKubectl},
    {"oc", Program::kKubectl},
    {"gpg", Program::kGpg},
    {"gpg2", Program::kGpg},
    {"wrangler", Program::kWrangler},
    {"base64", Program::kBase64},
};

Program ProgramOf(std::string_view base) {
  if (base.empty() || base.size() > 16) return Program::kOther;
  for (const ProgramEntry& e : kPrograms) {
    if (e.name[0] == base[0] && e.name == base) return e.program;
  }
  return Program::kOther;
}

// "/usr/bin/mysql" -> "mysql".
std::string_view Basename(std::string_view word) {
  const size_t slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

bool IsFlag(std::string_view word) { return word.size() >= 2 && word[0] == '-' && word != "--"; }

bool IsIdentifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

// `username=bob`: a name, then a value. A token can hold a '=' too (base64 padding, or one a
// later stage takes away with a URL's password), but not after a name and before a value.
bool IsKeyValue(std::string_view word) {
  const size_t eq = word.find('=');
  return eq != std::string_view::npos && IsIdentifier(word.substr(0, eq)) && eq + 1 < word.size() &&
         word[eq + 1] != '=';
}

// `-kS`, `-nbB`: a cluster of one-letter flags holding `letter`.
bool ShortClusterHas(std::string_view word, char letter) {
  if (word.size() < 2 || word[0] != '-' || word[1] == '-') return false;
  for (char c : word.substr(1)) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return word.find(letter, 1) != std::string_view::npos;
}

bool IsQuote(char c) { return c == '\'' || c == '"'; }

// A word and where it is written.
struct Word {
  std::string_view text;  // quotes removed
  LineExtent raw;         // in the whole line
};

// Inline: most commands have few words, and this runs on every Bash call.
using Words = absl::InlinedVector<Word, 8>;

class WordPass {
 public:
  explicit WordPass(std::string_view line) : line_(line) {}

  std::vector<WordSecret> Run() {
    Lex(0, line_.size(), 0);
    std::sort(found_.begin(), found_.end(),
              [](const Found& a, const Found& b) { return a.begin < b.begin; });
    std::vector<WordSecret> secrets;
    for (size_t k = 0; k < found_.size();) {
      Found merged = found_[k];
      for (++k; k < found_.size() && found_[k].begin < merged.end; ++k) {
        merged.end = std::max(merged.end, found_[k].end);
      }
      std::string requote;
      if (merged.word_begin != kNoWord) {
        requote = Requote(QuotingAt(merged.word_begin, merged.begin),
                          QuotingAt(merged.word_begin, merged.end));
      }
      secrets.push_back({{merged.begin, merged.end}, std::move(requote)});
    }
    return secrets;
  }

 private:
  // Lexes line_[begin, end) and applies the rules to each simple command in it.
  void Lex(size_t begin, size_t end, int depth) {
    const LexedLine lexed = LexCommandLine(line_.substr(begin, end - begin));
    Words previous;
    const SimpleCommand* previous_command = nullptr;
    for (const SimpleCommand& command : lexed.commands) {
      Words words;
      for (size_t k = 0; k < command.words.size() && k < command.word_extents.size(); ++k) {
        const LineExtent& e = command.word_extents[k];
        words.push_back({command.words[k], {begin + e.begin, begin + e.end}});
      }
      const bool piped = previous_command != nullptr && previous_command->next == Connector::kPipe;
      OnCommand(words, command, begin, piped ? &previous : nullptr,
                piped ? previous_command : nullptr);
      if (depth + 1 < kMaxNesting) {
        for (const Word& w : words) Nested(w.raw, depth + 1);
        for (const InlineInput& in : command.inline_inputs) {
          if (!in.here_document) {
            Nested({begin + in.extent.begin, begin + in.extent.end}, depth + 1);
            continue;
          }
          HereDocumentLines(begin + in.extent.begin, begin + in.extent.end);
          Lex(begin + in.extent.begin, begin + in.extent.end, depth + 1);
        }
      }
      previous = std::move(words);
      previous_command = &command;
    }
  }

  // Quoted text, `$(...)` and backquotes inside a word, read as commands when they could be
  // (they hold a blank or an operator).
  void Nested(LineExtent raw, int depth) {
    size_t i = raw.begin;
    while (i < raw.end) {
      const char c = line_[i];
      size_t b = 0;
      size_t e = 0;
      size_t next = 0;
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '\'' || c == '`') {
        b = i + 1;
        e = std::min(line_.find(c, b), raw.end);
        next = e + 1;
      } else if (c == '"') {
        b = i + 1;
        e = b;
        while (e < raw.end && line_[e] != '"') e += line_[e] == '\\' ? 2 : 1;
        e = std::min(e, raw.end);
        next = e + 1;
      } else if (c == '$' && i + 1 < raw.end && line_[i + 1] == '(') {
        b = i + 2;
        int open = 1;
        e = b;
        for (; e < raw.end; ++e) {
          if (line_[e] == '(') ++open;
          if (line_[e] == ')' && --open == 0) break;
        }
        next = e + 1;
      } else {
        ++i;
        continue;
      }
      const std::string_view inner = line_.substr(b, e - b);
      if (inner.find_first_of(" \t\n;|&") != std::string_view::npos) Lex(b, e, depth);
      i = std::max(next, i + 1);
    }
  }

  void OnCommand(const Words& words, const SimpleCommand& command, size_t base,
                 const Words* piped_from, const SimpleCommand* piped_command) {
    Program program = Program::kOther;
    bool stdin_secret = false;
    bool colon_lines = false;  // chpasswd: `user:pass` lines
    bool env_args = false;     // export, env, declare...: NAME=value operands
    bool htpasswd_batch = false;
    bool prev_flag = false;
    size_t last_operand = words.size();
    size_t operands = 0;  // since the program word
    size_t plain = 0;     // words that are not flags, for `set`/`config`
    enum class Setter { kNone, kName, kValue } setter = Setter::kNone;
    bool leading = true;  // still in the NAME=value prefix of the command
    for (size_t k = 0; k < words.size(); ++k) {
      const std::string_view w = words[k].text;
      const size_t eq = w.find('=');
      if (leading && eq != std::string_view::npos && IsIdentifier(w.substr(0, eq))) {
        if (EnvNameIsSecret(w.substr(0, eq))) RedactFrom(words[k], eq + 1);
        continue;
      }
      leading = false;
      OnHeaderWord(words[k]);
      if (IsFlag(w)) {
        if (setter == Setter::kValue) setter = Setter::kNone;
        const size_t used = OnFlag(words, k, program, stdin_secret, htpasswd_batch);
        prev_flag = used == k;
        k = used;
        continue;
      }
      // An operand.
      const size_t index = plain++;
      if (setter == Setter::kValue) {
        setter = Setter::kNone;
        RedactValue(words[k], 0);
        continue;
      }
      if (setter == Setter::kName) {
        const std::string_view name = TrailingKey(w);
        const bool compound = name.find_first_of("_-.") != std::string_view::npos ||
                              HasInnerUpper(name) ||
                              EqualsAnyLower(name, {"requirepass", "masterauth"});
        setter = compound && NameIsSecret(name) ? Setter::kValue : Setter::kNone;
      }
      if (index >= 1 && index <= 3 &&
          (w == "set" || w == "SET" || w == "config" || w == "CONFIG")) {
        setter = Setter::kName;
      }
      if (env_args && eq != std::string_view::npos && IsIdentifier(w.substr(0, eq))) {
        if (EnvNameIsSecret(w.substr(0, eq))) RedactFrom(words[k], eq + 1);
        continue;
      }
      if (!prev_flag) {
        const std::string_view base_name = Basename(w);
        const Program p = ProgramOf(base_name);
        if (p != Program::kOther) {
          program = p;
          operands = 0;
          if (p == Program::kChpasswd) colon_lines = stdin_secret = true;
          if (p == Program::kStdinReader) stdin_secret = true;
          continue;
        }
        if (EqualsAnyLower(base_name,
                           {"export", "env", "declare", "typeset", "local", "readonly"})) {
          env_args = true;
          continue;
        }
        if (program == Program::kLoginCli && w == "login") {
          program = Program::kLogin;
        } else if (program == Program::kGh && w == "secret") {
          program = Program::kGhSecret;
          stdin_secret = true;  // unless --body gives the value
        } else if (program == Program::kVault && w == "login") {
          program = Program::kVaultLogin;
          continue;
        } else if (program == Program::kWrangler && w == "secret") {
          stdin_secret = true;
        } else if (program == Program::kLoginCli && w == "secret") {
          stdin_secret = true;  // docker secret create NAME -
        }
      }
      prev_flag = false;
      ++operands;
      last_operand = k;
      switch (program) {
        case Program::kVaultLogin:
          if (w == "-") {
            stdin_secret = true;
          } else if (operands == 1 && !IsKeyValue(w)) {
            RedactValue(words[k], 0);
          }
          break;
        case Program::kNmcli:
          if ((w == "password" || EndsWithLower(w, ".psk") || EndsWithLower(w, ".password")) &&
              k + 1 < words.size()) {
            RedactValue(words[k + 1], 0);
            ++k;
          }
          break;
        default:
          break;
      }
    }
    if (program == Program::kHtpasswd && htpasswd_batch && last_operand < words.size() &&
        operands >= 2) {
      RedactValue(words[last_operand], 0);
    }
    if (program == Program::kBase64 && piped_from != nullptr) {
      RedactEcho(*piped_from, /*colon=*/true, /*need_colon=*/true);
    }
    if (!stdin_secret) return;
    for (const InlineInput& in : command.inline_inputs) {
      const LineExtent e{base + in.extent.begin, base + in.extent.end};
      if (in.here_document) {
        RedactLines(e, colon_lines);
      } else {
        RedactRaw(e.begin, e.end, e.begin, colon_lines);
      }
    }
    if (piped_from == nullptr) return;
    RedactEcho(*piped_from, colon_lines, /*need_colon=*/false);
    for (const InlineInput& in : piped_command->inline_inputs) {  // cat <<EOF | docker login ...
      const LineExtent e{base + in.extent.begin, base + in.extent.end};
      if (in.here_document) {
        RedactLines(e, colon_lines);
      } else {
        RedactRaw(e.begin, e.end, e.begin, colon_lines);
      }
    }
  }

  // A flag at words[k]; returns the index of the last word it used (k, or k + 1 for a value).
  size_t OnFlag(const Words& words, size_t k, Program program, bool& stdin_secret,
                bool& htpasswd_batch) {
    const std::string_view w = words[k].text;
    const bool has_next = k + 1 < words.size() && !IsFlag(words[k + 1].text);
    auto next_value = [&](size_t offset = 0) {
      if (!has_next) return k;
      RedactValue(words[k + 1], offset);
      return k + 1;
    };
    // `-pX` or `-p X`.
    auto short_value = [&](char letter) -> size_t {
      if (w.size() < 2 || w[0] != '-' || w[1] != letter) return words.size();
      if (w.size() > 2) {
        RedactValue(words[k], 2);
        return k;
      }
      return next_value();
    };
    std::string_view name = w;
    while (!name.empty() && name.front() == '-') name.remove_prefix(1);
    const size_t eq = name.find('=');
    const std::string_view flag = name.substr(0, eq);
    const size_t value_at = w.size() - name.size() + eq + 1;
    if ((ContainsWord(flag, "stdin") &&
         (ContainsWord(flag, "pass") || ContainsWord(flag, "password") ||
          ContainsWord(flag, "token") || ContainsWord(flag, "secret") ||
          ContainsWord(flag, "key"))) ||
        flag == "with-token" || flag == "password-from-stdin") {
      stdin_secret = true;
      return k;
    }
    if (flag == "from-literal") {  // kubectl create secret generic --from-literal=key=value
      if (eq != std::string_view::npos) {
        const size_t second = w.find('=', value_at);
        if (second != std::string_view::npos) RedactValue(words[k], second + 1);
        return k;
      }
      if (has_next) {
        const size_t second = words[k + 1].text.find('=');
        if (second != std::string_view::npos) RedactValue(words[k + 1], second + 1);
        return k + 1;
      }
      return k;
    }
    size_t used = words.size();
    switch (program) {
      case Program::kMysql:
      case Program::kArchiver:
        if (w.size() > 2 && w[1] == 'p') {
          RedactValue(words[k], 2);
          used = k;
        }
        break;
      case Program::kSshpass:
      case Program::kLogin:
      case Program::kTwine:
      case Program::kMongo:
        used = short_value('p');
        break;
      case Program::kUseradd:
        if (w == "-p" || w == "--password") used = next_value();
        break;
      case Program::kRedis:
        used = short_value('a');
        break;
      case Program::kLdap:
        used = short_value('w');
        break;
      case Program::kZip:
      case Program::kSqlcmd:
        used = short_value('P');
        break;
      case Program::kSshKeygen:
        used = short_value('N');
        if (used == words.size()) used = short_value('P');
        break;
      case Program::kOpenssl:
        if (w == "-k" || w == "-K") used = next_value();
        break;
      case Program::kHtpasswd:
        if (ShortClusterHas(w, 'b')) htpasswd_batch = true;
        break;
      case Program::kSudo:
        if (ShortClusterHas(w, 'S') || w == "--stdin") stdin_secret = true;
        break;
      case Program::kStdinReader:
      case Program::kGpg:
        if (flag == "passphrase-fd" && has_next && words[k + 1].text == "0") stdin_secret = true;
        break;
      case Program::kGhSecret:
        if (w == "-b" || w == "--body" || (w.size() > 2 && w[1] == 'b') ||
            w.substr(0, 7) == "--body=") {
          stdin_secret = false;
          used = w == "-b" || w == "--body" ? next_value()
                                            : (RedactValue(words[k], w[1] == 'b' ? 2 : 7), k);
        }
        break;
      case Program::kCurl:
        used = UserPass(words, k, {"-u", "-U", "--user", "--proxy-user"}, ':');
        if (used == words.size()) used = Cookies(words, k);
        break;
      case Program::kHttpie:
        used = UserPass(words, k, {"-a", "--auth"}, ':');
        break;
      case Program::kSmb:
        used = UserPass(words, k, {"-U", "--user"}, '%');
        break;
      default:
        break;
    }
    if (used != words.size()) return used;
    if (FlagIsSecret(flag)) {
      if (eq != std::string_view::npos) {
        RedactValue(words[k], value_at);
        return k;
      }
      return next_value();
    }
    return k;
  }

  // curl -u user:pass, -uuser:pass, --user=user:pass; smbclient -U user%pass.
  size_t UserPass(const Words& words, size_t k, std::initializer_list<std::string_view> flags,
                  char separator) {
    const std::string_view w = words[k].text;
    for (std::string_view f : flags) {
      size_t word = words.size();
      size_t offset = 0;
      if (w == f && k + 1 < words.size()) {
        word = k + 1;
      } else if (w.size() > f.size() && w.substr(0, f.size()) == f) {
        if (f.size() == 2) {
          word = k;
          offset = 2;
        } else if (w[f.size()] == '=') {
          word = k;
          offset = f.size() + 1;
        }
      }
      if (word == words.size()) continue;
      const size_t sep = words[word].text.find(separator, offset);
      if (sep != std::string_view::npos) RedactValue(words[word], sep + 1);
      return word;
    }
    return words.size();
  }

  // curl -b / --cookie: a value with `=` is cookies (a value without one names a file).
  size_t Cookies(const Words& words, size_t k) {
    const std::string_view w = words[k].text;
    size_t word = words.size();
    size_t offset = 0;
    if ((w == "-b" || w == "--cookie") && k + 1 < words.size()) {
      word = k + 1;
    } else if (w.size() > 2 && w.substr(0, 2) == "-b") {
      word = k;
      offset = 2;
    } else if (w.substr(0, 9) == "--cookie=") {
      word = k;
      offset = 9;
    }
    if (word == words.size()) return word;
    const size_t eq = words[word].text.find('=', offset);
    if (eq != std::string_view::npos) RedactValue(words[word], eq + 1);
    return word;
  }

  // `Authorization: Bearer X`, `Cookie: a=1; b=2` as a whole word (`-H "..."`, `-H'...'`,
  // `--header=...`, httpie's `Authorization:Bearer\ X`).
  void OnHeaderWord(const Word& word) {
    std::string_view w = word.text;
    size_t skip = 0;
    if (w.size() > 2 && w[0] == '-' && w[1] == 'H') skip = 2;
    if (w.substr(0, 9) == "--header=") skip = 9;
    w.remove_prefix(skip);
    const size_t colon = w.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 40) return;
    const std::string_view name = w.substr(0, colon);
    // Cookies keep their names: the text pass takes each value.
    if (!IsCredentialHeader(name) || IsCookieHeader(name)) return;
    size_t v = colon + 1;
    while (v < w.size() && (w[v] == ' ' || w[v] == '\t')) ++v;
    size_t r = v;
    while (r < w.size() && w[r] != ' ' && w[r] != '\t') ++r;
    if (IsAuthScheme(w.substr(v, r - v))) {
      if (r == w.size()) return;  // a scheme alone (the credential is the next word, if any)
      v = r;
      while (v < w.size() && (w[v] == ' ' || w[v] == '\t')) ++v;
    }
    if (v < w.size()) RedactValue(word, skip + v);
  }

  // echo/printf/yes before a pipe into a command that reads a password on stdin.
  void RedactEcho(const Words& words, bool colon, bool need_colon) {
    if (words.empty()) return;
    const std::string_view program = Basename(words[0].text);
    const bool printf = program == "printf";
    if (program != "echo" && !printf && program != "yes") return;
    bool format_seen = !printf;
    bool options = true;
    for (size_t k = 1; k < words.size(); ++k) {
      const std::string_view w = words[k].text;
      if (options && IsFlag(w) && w.size() <= 4) continue;  // echo -n, -e, -ne
      options = false;
      if (!format_seen) {
        format_seen = true;
        // printf 'pw\n' has no operand to fill: the format is the password.
        if (w.find('%') != std::string_view::npos && k + 1 < words.size()) continue;
      }
      const size_t c = w.find(':');
      if (colon || need_colon) {
        if (c != std::string_view::npos) {
          RedactValue(words[k], c + 1);
        } else if (!need_colon) {
          RedactValue(words[k], 0);
        }
      } else {
        RedactValue(words[k], 0);
      }
    }
  }

  // Lines of a here-document read by a command that takes a password on stdin.
  void RedactLines(LineExtent body, bool colon) {
    size_t i = body.begin;
    while (i < body.end) {
      const size_t end = std::min(line_.find('\n', i), body.end);
      size_t b = i;
      if (colon) {
        const size_t c = line_.substr(i, end - i).find(':');
        b = c == std::string_view::npos ? end : i + c + 1;
      }
      if (end > b) Add(b, end);
      i = end + 1;
    }
  }

  // `key: value`, `KEY=value`, `key = value` and .netrc's `password value` lines of any
  // here-document whose key names a secret (.env files, YAML, ini, credentials).
  void HereDocumentLines(size_t begin, size_t end) {
    size_t i = begin;
    while (i < end) {
      const size_t line_end = std::min(line_.find('\n', i), end);
      size_t k = i;
      auto blanks = [&] {
        while (k < line_end && (line_[k] == ' ' || line_[k] == '\t')) ++k;
      };
      blanks();
      if (k + 1 < line_end && line_[k] == '-' && line_[k + 1] == ' ') ++k;  // a YAML list item
      blanks();
      if (line_.substr(k, 7) == "export ") k += 7;
      blanks();
      const size_t key_begin = k;
      if (k < line_end && IsQuote(line_[k])) ++k;
      while (k < line_end && IsKeyByte(line_[k])) ++k;
      const std::string_view key = line_.substr(key_begin, k - key_begin);
      if (k < line_end && IsQuote(line_[k])) ++k;
      const size_t after_key = k;
      blanks();
      bool secret = false;
      if (k < line_end && (line_[k] == ':' || line_[k] == '=')) {
        const std::string_view bare = StripQuotes(key);
        secret =
            NameIsSecret(bare) || (line_[k] == '=' && IsIdentifier(bare) && EnvNameIsSecret(bare));
        ++k;
      } else if (k > after_key && EqualsAnyLower(key, {"password", "passwd"})) {
        secret = true;  // .netrc
      }
      blanks();
      size_t e = line_end;
      while (e > k && (line_[e - 1] == '\r' || line_[e - 1] == ' ' || line_[e - 1] == '\t' ||
                       line_[e - 1] == ',')) {
        --e;
      }
      if (secret && e > k && line_[k] != '$' && line_[k] != '{' && line_[k] != '|' &&
          line_[k] != '>') {
        RedactRaw(k, e, k, false, /*shell_word=*/false);
      }
      i = line_end + 1;
    }
  }

  static bool IsKeyByte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  }

  static std::string_view StripQuotes(std::string_view s) {
    if (!s.empty() && IsQuote(s.front())) s.remove_prefix(1);
    if (!s.empty() && IsQuote(s.back())) s.remove_suffix(1);
    return s;
  }

  // A secret value: word's text from `offset` on. `pass:X` keeps its `pass:`; `env:VAR`,
  // `file:path`, `fd:N`, `stdin` and references (`$VAR`, `$(...)`) name where the secret is and
  // stay.
  void RedactValue(const Word& word, size_t offset) {
    if (offset >= word.text.size()) return;
    std::string_view value = word.text.substr(offset);
    if (StartsWithLower(value, "pass:")) {
      offset += 5;
      value.remove_prefix(5);
    }
    if (value.empty() || StartsWithLower(value, "env:") || StartsWithLower(value, "file:") ||
        StartsWithLower(value, "fd:") || EqualsLower(value, "stdin") || value == "-" ||
        IsRedacted(value)) {
      return;
    }
    const size_t raw = RawOffset(word, offset);
    if (raw >= word.raw.end) return;
    if (line_[raw] == '$' && raw + 1 < word.raw.end && line_[raw + 1] != '\'') return;
    if (line_[raw] == '`') return;
    if (line_[raw] == '"' && raw + 1 < word.raw.end &&
        (line_[raw + 1] == '$' || line_[raw + 1] == '`')) {
      return;
    }
    RedactRaw(raw, word.raw.end, word.raw.begin, false);
  }

  // Where byte `offset` of the word's unquoted text is written. Mirrors the lexer's unquoting.
  size_t RawOffset(const Word& word, size_t offset) const {
    const std::string_view t = word.text;
    if (t.data() >= line_.data() && t.data() + t.size() <= line_.data() + line_.size()) {
      return static_cast<size_t>(t.data() - line_.data()) + offset;  // a slice of the line
    }
    size_t produced = 0;
    size_t i = word.raw.begin;
    const size_t end = word.raw.end;
    char quote = 0;
    while (i < end) {
      const char c = line_[i];
      if (quote == 0 && produced == offset && c != '\'' && c != '"') return i;
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else if (produced++ == offset) {
          return i;
        }
        ++i;
      } else if (c == '\\' &&
                 (quote == 0 || (i + 1 < end && std::string_view("$`\"\\\n").find(line_[i + 1]) !=
                                                    std::string_view::npos))) {
        if (i + 1 < end && line_[i + 1] != '\n' && produced++ == offset) return i;
        i += 2;
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        if (produced == offset && i + 1 < end && line_[i + 1] == c) return i;
        quote = c;
        ++i;
      } else if (quote == '"' && c == '"') {
        quote = 0;
        ++i;
      } else {
        if (produced++ == offset) return i;
        ++i;
      }
    }
    return end;
  }

  // Redacts [b, e) of the line, leaving out quotes that enclose the value: `"x y"` keeps its
  // quotes, `'bob:pa ss'` its closing one; quotes inside a shell word's value are put back after
  // the REDACTED (Requote). A here-document's line (!shell_word) is text, its quotes too. With
  // `colon`, only what follows the first ':'.
  void RedactRaw(size_t b, size_t e, size_t word_begin, bool colon, bool shell_word = true) {
    if (colon) {
      const size_t c = line_.substr(b, e - b).find(':');
      if (c == std::string_view::npos) return;
      b += c + 1;
    }
    if (e <= b) return;
    if (line_[b] == '$' && e - b >= 3 && line_[b + 1] == '\'' && line_[e - 1] == '\'') {
      b += 2;
      --e;
    } else if (e - b >= 2 && IsQuote(line_[b]) && line_[e - 1] == line_[b]) {
      ++b;
      --e;
    } else if (IsQuote(line_[e - 1])) {
      const std::string_view before = line_.substr(word_begin, b - word_begin);
      if (std::count(before.begin(), before.end(), line_[e - 1]) % 2 == 1) --e;
    }
    if (e > b) Add(b, e, shell_word ? word_begin : kNoWord);
  }

  // The quoting the lexer reads byte `at` of a word written from `word_begin` in, innermost
  // last: '\'' and '"' quotes, '`' backquotes, '{' a `${...}`, '(' a level of `$(...)`. Mirrors
  // the lexer's ReadWordPieces and SkipBalanced.
  std::string QuotingAt(size_t word_begin, size_t at) const {
    std::string open;
    for (size_t i = word_begin; i < at && i < line_.size(); ++i) {
      const char c = line_[i];
      const char next = i + 1 < line_.size() ? line_[i + 1] : 0;
      const char top = open.empty() ? 0 : open.back();
      if (top == '\'' || top == '`' || top == '{') {
        if (c == (top == '{' ? '}' : top)) open.pop_back();
      } else if (top == '(') {
        if (c == '\\') {
          ++i;
        } else if (c == '\'' || c == '(') {
          open += c;
        } else if (c == ')') {
          open.pop_back();
        }
      } else if (c == '\\') {
        if (top == 0 || std::string_view("$`\"\\\n").find(next) != std::string_view::npos) ++i;
      } else if (c == '$' && (next == '(' || (next == '{' && top == 0))) {
        open += next;
        ++i;
      } else if (top == '"') {
        if (c == '"') open.pop_back();
      } else if (c == '\'' || c == '"' || c == '`') {
        open += c;
      }
    }
    return open;
  }

  // What must follow the REDACTED that replaces a value read in quoting `from` up to quoting
  // `to`: the value's own bytes go, but the quoting it closes or opens stays, or the shell (and a
  // second redaction) would read the rest of the line differently (`"id=abc"def x` becomes
  // `"id=REDACTED" x`, not `"id=REDACTED x`).
  static std::string Requote(std::string_view from, std::string_view to) {
    size_t common = 0;
    while (common < from.size() && common < to.size() && from[common] == to[common]) ++common;
    std::string quotes;
    for (size_t k = from.size(); k > common; --k) {
      const char q = from[k - 1];
      quotes += q == '(' ? ')' : q == '{' ? '}' : q;
    }
    for (size_t k = common; k < to.size(); ++k) {
      const char q = to[k];
      if (q == '(') {
        quotes += k > 0 && to[k - 1] == '(' ? "(" : "$(";
      } else if (q == '{') {
        quotes += "${";
      } else {
        quotes += q;
      }
    }
    return quotes;
  }

  void RedactFrom(const Word& word, size_t offset) { RedactValue(word, offset); }

  // [b, e) of a word that starts at word_begin, or of a here-document's line (kNoWord), whose
  // quotes are text, not the shell's.
  void Add(size_t b, size_t e, size_t word_begin = kNoWord) {
    if (IsRedacted(line_.substr(b, e - b))) return;
    found_.push_back({b, e, word_begin});
  }

  // Whether `name` holds `part` as one of its dash- or underscore-separated pieces.
  static bool ContainsWord(std::string_view name, std::string_view part) {
    size_t start = 0;
    while (start <= name.size()) {
      size_t end = name.find_first_of("-_", start);
      if (end == std::string_view::npos) end = name.size();
      if (EqualsLower(name.substr(start, end - start), part)) return true;
      start = end + 1;
    }
    return false;
  }

  static bool HasInnerUpper(std::string_view name) {
    for (size_t k = 1; k < name.size(); ++k) {
      if (name[k] >= 'A' && name[k] <= 'Z') return true;
    }
    return false;
  }

  // The key at the end of a word: "//registry.npmjs.org/:_authToken" -> "_authToken".
  static std::string_view TrailingKey(std::string_view word) {
    size_t b = word.size();
    while (b > 0 && IsKeyByte(word[b - 1])) --b;
    return word.substr(b);
  }

  std::string_view line_;
  static constexpr size_t kNoWord = std::string_view::npos;
  struct Found {
    size_t begin;
    size_t end;
    size_t word_begin;
  };
  std::vector<Found> found_;
};

}  // namespace

std::vector<WordSecret> FindSecretWords(std::string_view line) { return WordPass(line).Run(); }

}  // namespace bgprof
