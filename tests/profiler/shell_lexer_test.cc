#include "profiler/shell_lexer.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgprof {
namespace {

using ::testing::ElementsAre;

// The words of each simple command, without the connectors.
std::vector<std::vector<std::string>> Words(std::string_view line) {
  std::vector<std::vector<std::string>> words;
  for (SimpleCommand& command : LexCommandLine(line)) words.push_back(std::move(command.words));
  return words;
}

std::vector<Connector> Connectors(std::string_view line) {
  std::vector<Connector> connectors;
  for (const SimpleCommand& command : LexCommandLine(line)) connectors.push_back(command.next);
  return connectors;
}

TEST(LexCommandLine, RecordsHowCommandsJoin) {
  EXPECT_THAT(Connectors("a && b || c; d | e & f\ng"),
              ElementsAre(Connector::kAnd, Connector::kOr, Connector::kSequence, Connector::kPipe,
                          Connector::kBackground, Connector::kSequence, Connector::kEnd));
  EXPECT_THAT(Connectors("npm run dev &"), ElementsAre(Connector::kBackground));
  EXPECT_THAT(Connectors("(cd a && make) | tee log"),
              ElementsAre(Connector::kAnd, Connector::kPipe, Connector::kEnd));
  EXPECT_THAT(Connectors("make |& tee log"), ElementsAre(Connector::kPipe, Connector::kEnd));
  EXPECT_THAT(Connectors("a &&\n  b"), ElementsAre(Connector::kAnd, Connector::kEnd));
  EXPECT_THAT(Connectors("{ a; b; } > out"), ElementsAre(Connector::kSequence, Connector::kEnd));
  EXPECT_THAT(Connectors("a &&"), ElementsAre(Connector::kEnd));
}

TEST(LexCommandLine, SplitsAtOperatorsAndDropsRedirections) {
  EXPECT_THAT(Words("a 1 && b 2 || c; d | e & f\ng"),
              ElementsAre(ElementsAre("a", "1"), ElementsAre("b", "2"), ElementsAre("c"),
                          ElementsAre("d"), ElementsAre("e"), ElementsAre("f"), ElementsAre("g")));
  EXPECT_THAT(Words("make 2>&1 >build.log < in.txt &>all.log"), ElementsAre(ElementsAre("make")));
}

TEST(LexCommandLine, QuotesEscapesAndSubstitutions) {
  EXPECT_THAT(
      Words(R"(git commit -m "fix: a \"quoted\" bug" --no-verify)"),
      ElementsAre(ElementsAre("git", "commit", "-m", "fix: a \"quoted\" bug", "--no-verify")));
  EXPECT_THAT(Words("echo 'it''s' a\\ b $(date +%s) ${HOME} `pwd`"),
              ElementsAre(ElementsAre("echo", "its", "a b", "$(date +%s)", "${HOME}", "`pwd`")));
}

TEST(LexCommandLine, HereDocumentBodiesAreSkipped) {
  EXPECT_THAT(Words("cat <<'EOF' > f.txt\nrm -rf /\nEOF\nls"),
              ElementsAre(ElementsAre("cat"), ElementsAre("ls")));
  EXPECT_THAT(Words("cat <<-END\n\tbody\n\tEND\nmake"),
              ElementsAre(ElementsAre("cat"), ElementsAre("make")));
}

TEST(LexCommandLine, UnbalancedInputIsReadAsFarAsItGoes) {
  for (const char* line : {"echo \"unterminated", "echo 'open", "echo $(", "echo ${", "echo `",
                           "a \\", "cat <<EOF", ">", "2>", "&&&", "(((", "echo \"$(\""}) {
    (void)Words(line);  // must return, not crash or hang
  }
  EXPECT_THAT(Words("echo \"unterminated"), ElementsAre(ElementsAre("echo", "unterminated")));
}

}  // namespace
}  // namespace bgprof
