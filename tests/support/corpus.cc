#include "tests/support/corpus.h"

#include <cstdlib>
#include <fstream>

namespace bgprof::testing {

std::string CorpusPath() {
  if (const char* path = std::getenv("BGPROF_CORPUS"); path != nullptr && *path != '\0') {
    return path;
  }
  return std::string(BGPROF_SOURCE_DIR) + "/tests/data/corpus/commands.txt";
}

std::vector<std::string> CorpusLines() {
  std::vector<std::string> lines;
  std::ifstream in(CorpusPath(), std::ios::binary);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace bgprof::testing
