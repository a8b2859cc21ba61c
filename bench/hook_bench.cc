// What one `bgprof hook` call spends in-process, piece by piece: tokenizing and normalizing the
// command, redacting it, parsing the event, predicting from SQLite, finding the other calls of
// the message in the transcript's tail, and a whole PreToolUse.
// Process start is measured separately by bench/startup.sh.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "db/store.h"
#include "estimator/estimate.h"
#include "hook/dispatch.h"
#include "hook/protocol/event.h"
#include "hook/protocol/transcript.h"
#include "profiler/command/priors.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/learning/changes.h"
#include "profiler/learning/history.h"

namespace bgprof {
namespace {

const std::string kShort = "npm test";
const std::string kTypical =
    "cd /home/alex/webapp && FOO=1 timeout 600 npm run test -- --grep 'login flow' 2>&1 | tail -40";
const std::string kLong =
    "git add -A && git commit -m \"$(cat <<'EOF'\nfeat: add the parser\n\nLong body text with "
    "details of the change, wrapped over several lines of prose.\nEOF\n)\" && git push origin "
    "feature/parser && gh pr create --title 'Parser' --body 'See commit' --base main";

const std::string kPreToolUse =
    R"({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/x.jsonl","cwd":"/tmp","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"npm test","description":"Run test suite","timeout":300000},"tool_use_id":"toolu_01Test9a8b7c6d5e4f3g2h1i"})";

void BM_SignatureShort(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SignatureOf(kShort));
}
BENCHMARK(BM_SignatureShort);

void BM_SignatureTypical(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SignatureOf(kTypical));
}
BENCHMARK(BM_SignatureTypical);

void BM_SignatureLong(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SignatureOf(kLong));
}
BENCHMARK(BM_SignatureLong);

// Every 60–120 character line of the versioned corpus (real agent commands first), one per
// iteration, so the time per iteration is the mean over a realistic mix.
void BM_SignatureCorpus60To120(benchmark::State& state) {
  std::vector<std::string> lines;
  std::ifstream in(std::string(BGPROF_SOURCE_DIR) + "/tests/data/corpus/commands.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.size() >= 60 && line.size() <= 120) lines.push_back(line);
  }
  if (lines.empty()) {
    state.SkipWithError("corpus not found");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(SignatureOf(lines[i]));
    if (++i == lines.size()) i = 0;
  }
  state.counters["lines"] = static_cast<double>(lines.size());
}
BENCHMARK(BM_SignatureCorpus60To120);

void BM_RedactTypical(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(RedactSecrets(kTypical));
}
BENCHMARK(BM_RedactTypical);

void BM_ParsePreToolUse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ParseHookEvent(kPreToolUse));
}
BENCHMARK(BM_ParsePreToolUse);

// The model alone, from statistics already in memory: the seven levels of a command that found
// a change state, blended under a prior.
void BM_EstimateFromWarmStats(benchmark::State& state) {
  std::array<Evidence, 7> evidence;
  const Source levels[] = {Source::kCommand, Source::kCommand, Source::kFamily, Source::kFamily,
                           Source::kFamily,  Source::kFamily,  Source::kProgram};
  for (size_t i = 0; i < evidence.size(); ++i) {
    evidence[i].level = levels[i];
    for (int run = 0; run < static_cast<int>(i) + 1; ++run) {
      ObserveRun(evidence[i].stats, 4000 + 1000 * run, run);
    }
  }
  const std::optional<Prior> prior = PriorFor("npm test", "npm");
  for (auto _ : state) benchmark::DoNotOptimize(EstimateRuntime(evidence, prior));
}
BENCHMARK(BM_EstimateFromWarmStats);

std::string ScratchDatabase() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bgprof-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern + "/bgprof.db";
}

// A complete run of `command` in /tmp, signed as the hook signs it.
Sample RunOf(const std::string& command, int64_t at_ms, int64_t duration_ms) {
  const Signature signature = SignatureOf(command);
  return Sample{.at_ms = at_ms,
                .project = "/tmp",
                .command = command,
                .program = signature.program,
                .family = signature.family,
                .signature = signature.command,
                .facts = signature.facts,
                .duration_ms = duration_ms};
}

// Prediction from an open store with some history: the indexed reads of one estimate.
void BM_PredictFromStore(benchmark::State& state) {
  const std::string path = ScratchDatabase();
  Store store = *Store::Open(path);
  for (int i = 0; i < 200; ++i) {
    (void)RecordSample(store, RunOf("npm run task" + std::to_string(i % 20), i, 1000 + i));
  }
  const Signature signature = SignatureOf("npm run task7");
  for (auto _ : state) benchmark::DoNotOptimize(PredictRuntime(store, signature, "/tmp"));
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}
BENCHMARK(BM_PredictFromStore);

// A whole line's prediction as PreToolUse makes it in a project where edits are followed: the
// change state (one stats read, two reads of `changes`), then seven levels.
void BM_PredictLineWithChangeState(benchmark::State& state) {
  const std::string path = ScratchDatabase();
  Store store = *Store::Open(path);
  for (int i = 0; i < 200; ++i) {
    (void)store.RecordChange(FileChange{.at_ms = i * 1000,
                                        .session = "s",
                                        .project = "/tmp",
                                        .path = "src/file" + std::to_string(i % 30) + ".c",
                                        .tool = "Edit"});
    const std::string command = i % 2 == 0 ? "make -j2" : "npm run task" + std::to_string(i % 20);
    (void)RecordRun(store, RunOf(command, i * 1000 + 500, 1000 + i));
  }
  // Arg 2: a command never seen, whose every level is read; a warm one stops at the level that
  // stands alone.
  const CommandLine line = AnalyzeCommandLine(state.range(0) == 2 ? "make -j2 docs" : "make -j2");
  // Arg 1: the change state alone.
  if (state.range(0) == 1) {
    for (auto _ : state) benchmark::DoNotOptimize(ChangeStateOf(store, line, 0, "/tmp"));
  } else {
    for (auto _ : state) benchmark::DoNotOptimize(PredictCommandLine(store, line, "/tmp"));
  }
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}
BENCHMARK(BM_PredictLineWithChangeState)->Arg(0)->Arg(1)->Arg(2);

// What PostToolUse writes for a finished run, in an open store with some history: the sample,
// the statistics of its levels, and `bgprof top`'s runtimes of its family and command.
void BM_RecordRun(benchmark::State& state) {
  const std::string path = ScratchDatabase();
  Store store = *Store::Open(path);
  for (int i = 0; i < 200; ++i) {
    (void)RecordSample(store, RunOf("npm run task" + std::to_string(i % 20), i, 1000 + i));
  }
  int64_t at_ms = 1000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(RecordRun(store, RunOf("npm run task7", ++at_ms, 1500)));
  }
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}
BENCHMARK(BM_RecordRun);

// A whole PreToolUse as the hook handles it, opening the database each time like a new process.
void BM_HandlePreToolUse(benchmark::State& state) {
  HookEnvironment environment;
  environment.database_path = ScratchDatabase();
  environment.now_ms = 1;
  for (auto _ : state) benchmark::DoNotOptimize(HandleHookEvent(kPreToolUse, environment));
  std::filesystem::remove_all(std::filesystem::path(environment.database_path).parent_path());
}
BENCHMARK(BM_HandlePreToolUse);

// The other calls of a message in a transcript tail as PreToolUse reads it (256 KiB): earlier
// tool results, then the message's two Bash calls.
void BM_SiblingsInTranscriptTail(benchmark::State& state) {
  std::string tail;
  const std::string output(3000, 'x');
  while (tail.size() < 250 * 1024) {
    tail += R"({"type":"user","message":{"role":"user","content":[{"type":"tool_result",)"
            R"("tool_use_id":"toolu_old","content":")" +
            output + "\"}]}}\n";
  }
  for (const char* id : {"toolu_1", "toolu_2"}) {
    tail += std::string(R"({"type":"assistant","message":{"id":"msg_1","role":"assistant",)") +
            R"("content":[{"type":"tool_use","id":")" + id +
            R"(","name":"Bash","input":{"command":"npm test"}}]}})" + "\n";
  }
  for (auto _ : state) benchmark::DoNotOptimize(ToolCallsOfSameMessage(tail, "toolu_1"));
}
BENCHMARK(BM_SiblingsInTranscriptTail);

}  // namespace
}  // namespace bgprof
