// Tests of hook/protocol/transcript: finding the tool calls an assistant message issued together
// in the tail of a transcript. The lines follow claude-code-hooks.md §5, the first five verbatim.
#include "hook/protocol/transcript.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace bgprof {
namespace {

// §5: two Bash calls of message msg_01AbC, their results, and the task notice.
constexpr const char* kParallelBash =
    R"jsonl({"type":"assistant","uuid":"a1","parentUuid":"u0","timestamp":"2026-09-02T10:00:01.120Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","version":"2.1.240","message":{"id":"msg_01AbC","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Lint","name":"Bash","input":{"command":"npm run lint","description":"Run linter"}}]},"requestId":"req_01X"}
{"type":"assistant","uuid":"a2","parentUuid":"a1","timestamp":"2026-09-02T10:00:01.410Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","version":"2.1.240","message":{"id":"msg_01AbC","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Test","name":"Bash","input":{"command":"npm test","run_in_background":true,"description":"Run test suite"}}]},"requestId":"req_01X"}
{"type":"user","uuid":"u1","parentUuid":"a2","timestamp":"2026-09-02T10:00:01.600Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01Test","content":"Command running in background with ID: b7k2m9x4q. Output is being written to: ..."}]},"toolUseResult":{"stdout":"","stderr":"","interrupted":false,"isImage":false,"backgroundTaskId":"b7k2m9x4q"}}
{"type":"user","uuid":"u2","parentUuid":"a1","timestamp":"2026-09-02T10:00:09.870Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01Lint","content":"No lint errors","is_error":false}]},"toolUseResult":{"stdout":"No lint errors","stderr":"","interrupted":false,"isImage":false}}
{"type":"user","uuid":"u3","parentUuid":"u2","timestamp":"2026-09-02T10:03:42.015Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","origin":{"kind":"task-notification"},"message":{"role":"user","content":"<task-notification>\n<task-id>b7k2m9x4q</task-id>\n<tool-use-id>toolu_01Test</tool-use-id>\n<status>completed</status>\n<summary>Background command \"Run test suite\" completed (exit code 0)</summary>\n</task-notification>"}}
)jsonl";

// A later message: a thought, then Read and two Bash calls, one block a line; an earlier message
// precedes it.
constexpr const char* kThreeCalls =
    R"jsonl({"type":"assistant","uuid":"b0","timestamp":"2026-09-02T10:05:00.001Z","version":"2.1.240","message":{"id":"msg_01Prev","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Prev","name":"Bash","input":{"command":"git status"}}]},"requestId":"req_01P"}
{"type":"user","uuid":"v0","timestamp":"2026-09-02T10:05:00.200Z","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01Prev","content":"On branch main"}]},"toolUseResult":{"stdout":"On branch main","stderr":"","interrupted":false,"isImage":false}}
{"type":"assistant","uuid":"b1","timestamp":"2026-09-02T10:05:01.001Z","version":"2.1.240","message":{"id":"msg_01Three","role":"assistant","content":[{"type":"thinking","thinking":"Check the config, then build and test.","signature":"REDACTED"}]},"requestId":"req_01Y"}
{"type":"assistant","uuid":"b2","timestamp":"2026-09-02T10:05:01.120Z","version":"2.1.240","message":{"id":"msg_01Three","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Read","name":"Read","input":{"file_path":"/home/alex/webapp/package.json"}}]},"requestId":"req_01Y"}
{"type":"assistant","uuid":"b3","timestamp":"2026-09-02T10:05:01.220Z","version":"2.1.240","message":{"id":"msg_01Three","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Build","name":"Bash","input":{"command":"npm run build","description":"Build"}}]},"requestId":"req_01Y"}
{"type":"assistant","uuid":"b4","timestamp":"2026-09-02T10:05:01.320Z","version":"2.1.240","message":{"id":"msg_01Three","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Unit","name":"Bash","input":{"command":"npm test -- --ci","timeout":300000}}]},"requestId":"req_01Y"}
)jsonl";

std::vector<std::string> Ids(const std::vector<TranscriptToolCall>& calls) {
  std::vector<std::string> ids;
  for (const TranscriptToolCall& call : calls) ids.push_back(call.id);
  return ids;
}

TEST(ToolCallsOfSameMessageTest, FindsBothBashCallsOfAMessage) {
  for (const char* id : {"toolu_01Lint", "toolu_01Test"}) {
    SCOPED_TRACE(id);
    const std::vector<TranscriptToolCall> calls = ToolCallsOfSameMessage(kParallelBash, id);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].id, "toolu_01Lint");
    EXPECT_EQ(calls[0].name, "Bash");
    EXPECT_EQ(calls[0].input["command"], "npm run lint");
    EXPECT_EQ(calls[1].id, "toolu_01Test");
    EXPECT_EQ(calls[1].input["run_in_background"], true);
  }
}

TEST(ToolCallsOfSameMessageTest, FindsEveryToolOfTheMessageAndNoOther) {
  const std::string transcript = std::string(kParallelBash) + kThreeCalls;
  const std::vector<TranscriptToolCall> calls = ToolCallsOfSameMessage(transcript, "toolu_01Unit");
  EXPECT_EQ(Ids(calls),
            (std::vector<std::string>{"toolu_01Read", "toolu_01Build", "toolu_01Unit"}));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].name, "Read");
  EXPECT_EQ(calls[0].input["file_path"], "/home/alex/webapp/package.json");
  EXPECT_EQ(calls[2].input["timeout"], 300000);
  EXPECT_EQ(Ids(ToolCallsOfSameMessage(transcript, "toolu_01Prev")),
            (std::vector<std::string>{"toolu_01Prev"}));
}

TEST(ToolCallsOfSameMessageTest, SkipsACutFirstLine) {
  const std::string transcript = kThreeCalls;
  // The tail starts in the middle of the Read line.
  const std::string tail = transcript.substr(transcript.find("toolu_01Read") - 20);
  EXPECT_EQ(Ids(ToolCallsOfSameMessage(tail, "toolu_01Build")),
            (std::vector<std::string>{"toolu_01Build", "toolu_01Unit"}));
  EXPECT_TRUE(ToolCallsOfSameMessage(tail, "toolu_01Read").empty());
}

TEST(ToolCallsOfSameMessageTest, ReadsSeveralToolUsesInOneLine) {
  const std::string transcript =
      R"({"type":"assistant","uuid":"c1","message":{"id":"msg_01Two","role":"assistant","content":[{"type":"text","text":"Running both."},{"type":"tool_use","id":"toolu_01A","name":"Bash","input":{"command":"make"}},{"type":"tool_use","id":"toolu_01B","name":"Bash","input":{"command":"make check"}}]}})"
      "\n"
      R"({"type":"assistant","uuid":"c2","message":{"id":"msg_01Two","role":"assistant","content":[{"type":"tool_use","id":"toolu_01C","name":"Grep","input":{"pattern":"TODO"}}]}})"
      "\n";
  EXPECT_EQ(Ids(ToolCallsOfSameMessage(transcript, "toolu_01B")),
            (std::vector<std::string>{"toolu_01A", "toolu_01B", "toolu_01C"}));
}

TEST(ToolCallsOfSameMessageTest, IsEmptyForACallNotInTheTail) {
  EXPECT_TRUE(ToolCallsOfSameMessage(kParallelBash, "toolu_01Missing").empty());
  EXPECT_TRUE(ToolCallsOfSameMessage(kParallelBash, "toolu_01Tes").empty());  // a prefix
  EXPECT_TRUE(ToolCallsOfSameMessage(kParallelBash, "").empty());
  EXPECT_TRUE(ToolCallsOfSameMessage("", "toolu_01Test").empty());
}

TEST(ToolCallsOfSameMessageTest, AUserLineNamingTheCallIsNotItsMessage) {
  // Only the tool_result and the notice are left of msg_01AbC's calls.
  const std::string transcript = kParallelBash;
  const std::string tail = transcript.substr(transcript.find("\n{\"type\":\"user\"") + 1);
  EXPECT_TRUE(ToolCallsOfSameMessage(tail, "toolu_01Test").empty());
  EXPECT_TRUE(ToolCallsOfSameMessage(tail, "toolu_01Lint").empty());
}

TEST(ToolCallsOfSameMessageTest, AnAssistantLineOnlyMentioningTheCallIsNotItsMessage) {
  const std::string transcript =
      std::string(kParallelBash) +
      R"({"type":"assistant","uuid":"d1","message":{"id":"msg_01Talk","role":"assistant","content":[{"type":"text","text":"\"toolu_01Test\" runs in the background."}]}})"
      "\n";
  EXPECT_EQ(Ids(ToolCallsOfSameMessage(transcript, "toolu_01Test")),
            (std::vector<std::string>{"toolu_01Lint", "toolu_01Test"}));
}

TEST(ToolCallsOfSameMessageTest, IsEmptyWhenTheLinesAreOdd) {
  // No message id.
  EXPECT_TRUE(
      ToolCallsOfSameMessage(
          R"({"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01X","name":"Bash","input":{}}]}})",
          "toolu_01X")
          .empty());
  // Not an assistant line.
  EXPECT_TRUE(
      ToolCallsOfSameMessage(
          R"({"type":"progress","message":{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_01X","name":"Bash","input":{}}]}})",
          "toolu_01X")
          .empty());
  // Not JSON.
  EXPECT_TRUE(ToolCallsOfSameMessage(R"(garbage "toolu_01X" {{{)", "toolu_01X").empty());
  EXPECT_TRUE(ToolCallsOfSameMessage(R"(["toolu_01X"])", "toolu_01X").empty());
  EXPECT_TRUE(ToolCallsOfSameMessage(
                  R"({"type":"assistant","message":"toolu_01X"})"
                  "\n"
                  R"({"type":"assistant","message":{"id":"msg_1","content":"toolu_01X"}})",
                  "toolu_01X")
                  .empty());
}

TEST(ToolCallsOfSameMessageTest, SkipsGarbageLinesAroundTheMessage) {
  const std::string transcript =
      std::string("{\"type\":\"assist\n\xff\xfe garbage\n\n") + kParallelBash +
      "not json \"msg_01AbC\"\n" +
      R"({"type":"assistant","message":{"id":"msg_01AbC","content":[{"type":"tool_use","name":"Bash"},{"type":"tool_use","id":7},"x"]}})" +
      "\n{\"type\":\"assistant\",\"message\":{\"id\":\"msg_01AbC\"";
  EXPECT_EQ(Ids(ToolCallsOfSameMessage(transcript, "toolu_01Lint")),
            (std::vector<std::string>{"toolu_01Lint", "toolu_01Test"}));
}

TEST(ToolCallsOfSameMessageTest, ALineWrittenTwiceAddsNothing) {
  const std::string transcript = std::string(kParallelBash) + kParallelBash;
  EXPECT_EQ(Ids(ToolCallsOfSameMessage(transcript, "toolu_01Test")),
            (std::vector<std::string>{"toolu_01Lint", "toolu_01Test"}));
}

TEST(ToolCallsOfSameMessageTest, AcceptsWindowsLineEndings) {
  std::string transcript;
  for (char c : std::string(kParallelBash)) {
    if (c == '\n') transcript += '\r';
    transcript += c;
  }
  EXPECT_EQ(ToolCallsOfSameMessage(transcript, "toolu_01Test").size(), 2u);
}

}  // namespace
}  // namespace bgprof
