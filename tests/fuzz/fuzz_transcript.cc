// Fuzzes ToolCallsOfSameMessage (hook/protocol/transcript), which reads the end of a transcript
// on a Bash call's hot path. The input's first line is the tool_use id, the rest the tail. Beyond
// not crashing: what it finds is the message that issued that id (the id is among its calls),
// every call has an id, and reading is deterministic.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hook/protocol/transcript.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view id = input.substr(0, newline);
  const std::string_view tail =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const std::vector<bgprof::TranscriptToolCall> calls = bgprof::ToolCallsOfSameMessage(tail, id);
  bool issued = calls.empty();
  for (const bgprof::TranscriptToolCall& call : calls) {
    FUZZ_CHECK(!call.id.empty());
    issued = issued || call.id == id;
  }
  FUZZ_CHECK(issued);
  FUZZ_CHECK(bgprof::ToolCallsOfSameMessage(tail, id).size() == calls.size());
  return 0;
}
