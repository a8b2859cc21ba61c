#include "tests/support/hook_harness.h"

#include <filesystem>
#include <fstream>

#include "hook/dispatch.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {

HookHarness::HookHarness() : project_(scratch_.path() + "/webapp") {
  std::filesystem::create_directories(project_ + "/.git");
  environment.database_path = scratch_.path() + "/data/bgprof.db";
  environment.now_ms = 1'700'000'000'000;
}

std::string HookHarness::Send(const std::string& event) {
  return HandleHookEvent(event, environment);
}

nlohmann::json HookHarness::SendJson(const std::string& event) {
  const std::string output = Send(event);
  if (output.empty()) return nullptr;
  return nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
}

void HookHarness::Run(const std::string& command, int ms) {
  const std::string id = "toolu_run" + std::to_string(++calls_);
  Send(PreToolUse(command, project_, id));
  environment.now_ms += ms;
  Send(PostToolUse(command, project_, ms, id));
}

std::string HookHarness::WithTranscript(const std::string& event, const std::string& text) {
  const std::string path = scratch_.path() + "/transcript.jsonl";
  std::ofstream(path, std::ios::binary) << text;
  nlohmann::json parsed = nlohmann::json::parse(event);
  parsed["transcript_path"] = path;
  return parsed.dump();
}

}  // namespace bgprof::testing
