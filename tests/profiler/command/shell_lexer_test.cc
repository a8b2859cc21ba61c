#include "profiler/command/shell_lexer.h"

#include <string>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgprof {
namespace {

using ::testing::ElementsAre;

// `field` of each simple command of `line`, in order.
template <typename Field>
auto EachCommand(std::string_view line, Field field) {
  std::vector<std::invoke_result_t<Field, const SimpleCommand&>> out;
  for (const SimpleCommand& command : LexCommandLine(line).commands) out.push_back(field(command));
  return out;
}

// The words of each simple command, without the connectors.
std::vector<std::vector<std::string>> Words(std::string_view line) {
  return EachCommand(line, [](const SimpleCommand& command) {
    return std::vector<std::string>(command.words.begin(), command.words.end());
  });
}

std::vector<Connector> Connectors(std::string_view line) {
  return EachCommand(line, [](const SimpleCommand& command) { return command.next; });
}

std::vector<int> SubshellDepths(std::string_view line) {
  return EachCommand(line, [](const SimpleCommand& command) { return command.subshell_depth; });
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

TEST(LexCommandLine, RecordsTheSubshellsEachCommandRunsIn) {
  EXPECT_THAT(SubshellDepths("(cd a && make) | tee log"), ElementsAre(1, 1, 0));
  EXPECT_THAT(SubshellDepths("a; (b; (c); d); e"), ElementsAre(0, 1, 2, 1, 0));
  // Brace groups run in the same shell; a `case` pattern's `)` closes nothing.
  EXPECT_THAT(SubshellDepths("{ cd a; make; }; b"), ElementsAre(0, 0, 0));
  EXPECT_THAT(SubshellDepths("case $x in a) b;; esac; c"), ElementsAre(0, 0, 0, 0));
  EXPECT_THAT(SubshellDepths("echo $(cd a && pwd); b"), ElementsAre(0, 0));
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

TEST(LexCommandLine, PlainWordsViewTheLineAndJoinedOnesAreStored) {
  const std::string line = R"(git commit -m "a \"b\"" --author='x'y)";
  LexedLine lexed = LexCommandLine(line);
  ASSERT_EQ(lexed.commands.size(), 1u);
  const auto& words = lexed.commands[0].words;
  ASSERT_EQ(words.size(), 5u);
  EXPECT_GE(words[0].data(), line.data());  // "git": a view into the line
  EXPECT_LT(words[0].data(), line.data() + line.size());
  EXPECT_EQ(words[3], "a \"b\"");
  EXPECT_EQ(words[4], "--author=xy");
  EXPECT_EQ(lexed.storage.size(), 2u);  // only the two joined words were copied
  LexedLine moved = std::move(lexed);   // moving keeps the stored words in place
  EXPECT_EQ(moved.commands[0].words[4], "--author=xy");
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

TEST(LexCommandLine, StopsAfterTheCommandsItMayRead) {
  const LexedLine lexed = LexCommandLine("a && b | c; d", 2);
  ASSERT_EQ(lexed.commands.size(), 2u);
  EXPECT_THAT(
      std::vector<std::string>(lexed.commands[1].words.begin(), lexed.commands[1].words.end()),
      ElementsAre("b"));
  EXPECT_EQ(lexed.commands[1].next, Connector::kEnd);  // the last one read ends the line
  EXPECT_EQ(LexCommandLine("a &", 1).commands[0].next, Connector::kBackground);
  EXPECT_TRUE(LexCommandLine("a; b", 0).commands.empty());
  EXPECT_EQ(LexCommandLine("a; b", 2).commands.size(), 2u);
}

}  // namespace
}  // namespace bgprof
