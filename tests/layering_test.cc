// The folders form layers, each a library target that may use only the layers below it (see
// ARCHITECTURE.md). This test reads every source file and fails on an include that points up
// the graph, or into a folder it does not know: a new folder must take its place here.
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgprof {
namespace {

namespace fs = std::filesystem;

// Lowest first. A file may include headers of its own layer and of the layers before it.
const std::vector<std::string>& Layers() {
  static const std::vector<std::string> kLayers = {
      "estimator",         "profiler/base",      "db",   "profiler/command", "hook/protocol",
      "profiler/learning", "profiler/calibrate", "hook", "profiler/cli"};
  return kLayers;
}

// The layer of a path relative to the source root: the longest folder that holds it, or -1.
int LayerOf(const std::string& path) {
  int found = -1;
  size_t longest = 0;
  for (size_t i = 0; i < Layers().size(); ++i) {
    const std::string folder = Layers()[i] + "/";
    if (path.starts_with(folder) && folder.size() > longest) {
      found = static_cast<int>(i);
      longest = folder.size();
    }
  }
  return found;
}

std::vector<std::string> SourceFiles() {
  std::vector<std::string> files;
  for (const char* top : {"estimator", "db", "hook", "profiler"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(BGPROF_SOURCE_DIR) / top)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".h" || ext == ".cc") {
        files.push_back(fs::relative(entry.path(), BGPROF_SOURCE_DIR).string());
      }
    }
  }
  return files;
}

TEST(LayeringTest, EveryFolderIsALayer) {
  const std::vector<std::string> files = SourceFiles();
  ASSERT_GT(files.size(), 40u);
  for (const std::string& file : files) EXPECT_NE(LayerOf(file), -1) << file;
}

TEST(LayeringTest, NoIncludePointsUpTheGraph) {
  const std::regex include(R"re(^#include "([^"]+)")re");
  std::vector<std::string> violations;
  for (const std::string& file : SourceFiles()) {
    std::ifstream in(fs::path(BGPROF_SOURCE_DIR) / file);
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      if (!std::regex_search(line, match, include)) continue;
      const std::string header = match[1];
      if (header.starts_with("absl/")) continue;
      const int to = LayerOf(header);
      if (to == -1 || to > LayerOf(file)) violations.push_back(file + " includes " + header);
    }
  }
  EXPECT_THAT(violations, ::testing::IsEmpty());
}

TEST(LayeringTest, TheCheckSeesAnUpwardInclude) {
  // The rule itself, on names: the estimator may not use the command model, the reverse is fine.
  EXPECT_GT(LayerOf("profiler/command/signature.h"), LayerOf("estimator/estimate.cc"));
  EXPECT_LT(LayerOf("hook/protocol/event.h"), LayerOf("hook/dispatch.cc"));
  EXPECT_EQ(LayerOf("tests/x.cc"), -1);
}

}  // namespace
}  // namespace bgprof
