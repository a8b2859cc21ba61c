// What `bgprof calibrate` spends reading a shell history: ParseZshHistory over a generated
// ~/.zsh_history of 100,000 lines, as an EXTENDED_HISTORY file of a few years holds. Items are
// lines, so items_per_second reads as lines parsed per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "profiler/calibrate/shell_history.h"

namespace bgprof {
namespace {

constexpr size_t kHistoryLines = 100000;

// Commands from the versioned corpus (real agent commands, one-liners, tldr examples), each
// made a zsh history entry: most timed, a third with elapsed 0 (INC_APPEND_HISTORY), one in
// twenty continued over several lines, one in a hundred with bytes zsh metafies.
struct GeneratedHistory {
  std::string text;
  int64_t lines = 0;
};

GeneratedHistory GenerateZshHistory() {
  std::vector<std::string> commands;
  std::ifstream in(std::string(BGPROF_SOURCE_DIR) + "/tests/data/corpus/commands.txt");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) commands.push_back(line);
  }
  GeneratedHistory history;
  if (commands.empty()) return history;
  std::mt19937 random(20261203);
  auto any_command = [&]() -> const std::string& { return commands[random() % commands.size()]; };
  int64_t start = 1700000000;
  while (history.lines < static_cast<int64_t>(kHistoryLines)) {
    start += random() % 120;
    const auto kind = random() % 100;
    const auto elapsed = kind < 33 ? 0 : (kind < 90 ? random() % 3 : random() % 900);
    history.text += ": " + std::to_string(start) + ":" + std::to_string(elapsed) + ";";
    history.text += any_command();
    if (kind % 20 == 7) {
      for (auto more = 1 + random() % 3; more > 0; --more) {
        history.text += "\\\n  ";
        history.text += any_command();
        ++history.lines;
      }
    }
    if (kind == 42) history.text += " # \xE6\x83\xB7\xA5\xE6\x83\xBC\xAC";  // 日本
    history.text += '\n';
    ++history.lines;
  }
  return history;
}

void BM_ParseZshHistory100kLines(benchmark::State& state) {
  static const GeneratedHistory kHistory = GenerateZshHistory();
  if (kHistory.text.empty()) {
    state.SkipWithError("corpus not found");
    return;
  }
  for (auto _ : state) {
    HistoryRead read = ParseZshHistory(kHistory.text);
    benchmark::DoNotOptimize(read);
  }
  state.SetItemsProcessed(state.iterations() * kHistory.lines);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kHistory.text.size()));
}
BENCHMARK(BM_ParseZshHistory100kLines)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bgprof
