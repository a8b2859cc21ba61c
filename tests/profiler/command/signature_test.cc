#include "profiler/command/signature.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgprof {
namespace {

using ::testing::ElementsAre;

struct Case {
  std::string line;
  std::string program;
  std::string family;
  std::string command;
};

TEST(SignatureOf, TableOfRealisticCommands) {
  const std::vector<Case> cases = {
      {"npm test", "npm", "npm test", "npm test"},
      {"npm run build", "npm", "npm run build", "npm run build"},
      {"git -C /repo status --short", "git", "git status", "git status --short -C /repo"},
      {"git log --grep test", "git", "git log", "git log --grep test"},
      {"cargo test --release", "cargo", "cargo test", "cargo test --release"},
      {"make", "make", "make", "make"},
      {"make -j8 test", "make", "make test", "make test -j8"},
      {"make -j 8 all", "make", "make all", "make all -j 8"},
      {"make CC=clang check", "make", "make check", "make check CC=clang"},
      {"sudo apt-get install -y curl", "apt-get", "apt-get install", "apt-get install -y curl"},
      {"FOO=1 BAR=2 go test ./...", "go", "go test", "go test ./..."},
      {"time make", "make", "make", "make"},
      {"env -u HOME NODE_ENV=test npm test", "npm", "npm test", "npm test"},
      {"timeout 60 pytest -x", "pytest", "pytest", "pytest -x"},
      {"/usr/bin/python3.11 -m pytest tests", "pytest", "pytest", "pytest tests"},
      {"python3 script.py --fast", "python", "python script.py", "python script.py --fast"},
      {"cd build && make -j8 2>&1 | tail -20", "make", "make", "make -j8"},
      {"cd /tmp; export X=1; ./run.sh", "run.sh", "run.sh", "run.sh"},
      {"ls -la /tmp", "ls", "ls", "ls -la /tmp"},
      {"docker compose up -d", "docker", "docker compose up", "docker compose up -d"},
      {"npm --prefix web run lint", "npm", "npm run lint", "npm run lint --prefix web"},
      {"echo 'a && b' > out.txt", "echo", "echo", "echo a && b"},
      {"grep -rn \"TODO\" src/ 2>/dev/null", "grep", "grep", "grep -rn TODO src/"},
      {"cd dir", "cd", "cd", "cd dir"},
  };
  for (const Case& c : cases) {
    Signature signature = SignatureOf(c.line);
    EXPECT_EQ(signature.program, c.program) << c.line;
    EXPECT_EQ(signature.family, c.family) << c.line;
    EXPECT_EQ(signature.command, c.command) << c.line;
  }
}

TEST(SignatureOf, EmptyAndBlankLinesHaveNoProgram) {
  for (const char* line : {"", "   ", "\n\n", "# just a comment", "FOO=1"}) {
    EXPECT_EQ(SignatureOf(line).program, "") << line;
  }
}

TEST(SignatureOf, LongArgumentsAreCut) {
  const std::string line = "echo " + std::string(5000, 'x');
  EXPECT_LE(SignatureOf(line).command.size(), 200u);
}

TEST(SignatureOf, KeysAreCutBetweenCharactersNotInsideOne) {
  // "é" is two bytes; at every offset one of them lands on the 200-byte cut.
  for (size_t pad = 0; pad < 4; ++pad) {
    std::string word = std::string(pad, 'a');
    for (int i = 0; i < 150; ++i) word += "é";
    const std::string command = SignatureOf("grep " + word + " f").command;
    EXPECT_LE(command.size(), 200u);
    EXPECT_GE(command.size(), 198u);
    // Ends on a whole character: the last byte is ASCII or ends a two-byte "é".
    const unsigned char last = static_cast<unsigned char>(command.back());
    const unsigned char before = static_cast<unsigned char>(command[command.size() - 2]);
    EXPECT_TRUE(last < 0x80 || (last == 0xA9 && before == 0xC3)) << "pad " << pad;
  }
}

TEST(AnalyzeCommandLine, EachPartKnowsItsOwnCommandInsideTheLineKey) {
  // The dominant part (the install) names the tests after it in the line key.
  const CommandLine line = AnalyzeCommandLine("npm ci && cd web && npm test -- --ci | tail -5");
  const CommandPart& dominant = line.parts[line.dominant];
  EXPECT_EQ(dominant.signature.command, "npm ci ; npm test");
  EXPECT_EQ(dominant.own_command(), "npm ci");
  EXPECT_EQ(line.parts[2].own_command(), "npm test -- --ci");
  // In the middle of the key.
  const CommandLine middle = AnalyzeCommandLine("git pull && cargo build --release && ./deploy.sh");
  const CommandPart& built = middle.parts[middle.dominant];
  EXPECT_EQ(built.signature.command, "git pull ; cargo build --release ; deploy.sh");
  EXPECT_EQ(built.own_command(), "cargo build --release");
  // Alone, the key is the part's own.
  EXPECT_EQ(AnalyzeCommandLine("make test").parts[0].own_command(), "make test");
  // A key cut at 200 bytes cuts the own command with it, never past the end.
  const CommandLine cut =
      AnalyzeCommandLine("git pull && cargo build " + std::string(400, 'x') + " && ./deploy.sh");
  const CommandPart& cut_dominant = cut.parts[cut.dominant];
  EXPECT_EQ(cut_dominant.signature.command.size(), 200u);
  EXPECT_TRUE(cut_dominant.own_command().starts_with("cargo build x"));
  EXPECT_LT(cut_dominant.own_command().size(), 200u);
}

// `count` parts `part` joined by `joint`.
std::string Repeated(const std::string& part, const std::string& joint, size_t count) {
  std::string line;
  for (size_t i = 0; i < count; ++i) line.append(i == 0 ? "" : joint).append(part);
  return line;
}

TEST(AnalyzeCommandLine, SignsNoMoreThanItsBudgetOfCommands) {
  EXPECT_EQ(AnalyzeCommandLine(Repeated("make", " && ", kMaxSignedCommands)).parts.size(),
            kMaxSignedCommands);
  // The rest of a longer line is not read: its slow last part is not seen.
  const std::string line =
      Repeated("git status", " && ", 3 * kMaxSignedCommands) + " && cargo build";
  const CommandLine analyzed = AnalyzeCommandLine(line);
  EXPECT_EQ(analyzed.parts.size(), kMaxSignedCommands);
  EXPECT_EQ(analyzed.signature().family, "git status");
  EXPECT_EQ(analyzed.parts.back().next, Connector::kEnd);
  EXPECT_EQ(SignatureOf(line).command, analyzed.signature().command);
  // The commands of `bash -c` scripts count too, so nesting cannot multiply the budget.
  const std::string script = "bash -c '" + Repeated("make", "; ", kMaxSignedCommands) + "'";
  const std::string nested = Repeated(script, " && ", 8) + " && cargo build";
  // The first script spends what is left of the budget: the others are not read.
  EXPECT_EQ(AnalyzeCommandLine(nested).parts.size(), 2u);  // its `make` and `cargo build`
  EXPECT_EQ(SignatureOf(nested).command, AnalyzeCommandLine(nested).signature().command);
  // A line within the budget is read whole.
  EXPECT_EQ(
      AnalyzeCommandLine(Repeated("git status", " && ", 10) + " && cargo build").signature().family,
      "cargo build");
}

TEST(AnalyzeCommandLine, OtherWorkLongerThanTheKeyLeavesTheOwnCommandWhole) {
  // Found by tests/fuzz/fuzz_command_line: other work named before the dominant part filled the
  // whole key, and the part's own command started past its end.
  const CommandLine line = AnalyzeCommandLine(std::string(300, 'x') + " && cargo build --release");
  const CommandPart& dominant = line.parts[line.dominant];
  EXPECT_EQ(dominant.signature.program, "cargo");
  EXPECT_LE(dominant.own_command_at, dominant.signature.command.size());
  EXPECT_EQ(dominant.own_command(), "cargo build --release");
}

}  // namespace
}  // namespace bgprof
