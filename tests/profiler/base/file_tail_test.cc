// Tests of profiler/base/file_tail: reading the end of a file, from its first whole line.
#include "profiler/base/file_tail.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

class FileTailTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = folder_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  testing::ScratchFolder folder_;
};

TEST_F(FileTailTest, ReadsASmallFileWhole) {
  const std::string path = Write("small.jsonl", "first\nsecond\nthird");
  EXPECT_EQ(ReadFileTail(path, 1000).value(), "first\nsecond\nthird");
  EXPECT_EQ(ReadFileTail(path, 18).value(), "first\nsecond\nthird");  // exactly its size
}

TEST_F(FileTailTest, StartsABigFilesTailAfterANewline) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "line " + std::to_string(i) + "\n";
  const std::string path = Write("big.jsonl", text);
  const std::string tail = ReadFileTail(path, 100).value();
  ASSERT_FALSE(tail.empty());
  EXPECT_LE(tail.size(), 100u);
  EXPECT_EQ(tail.rfind("line ", 0), 0u) << tail;  // a whole line first
  EXPECT_TRUE(text.ends_with(tail));
  EXPECT_TRUE(tail.ends_with("line 9999\n"));
}

TEST_F(FileTailTest, KeepsTheFirstLineWhenTheWindowStartsOnOne) {
  const std::string path = Write("aligned.jsonl", "aaaa\nbbbb\ncccc\n");
  EXPECT_EQ(ReadFileTail(path, 10).value(), "bbbb\ncccc\n");  // starts right after a newline
  EXPECT_EQ(ReadFileTail(path, 9).value(), "cccc\n");         // "bbb" cut off
  EXPECT_EQ(ReadFileTail(path, 11).value(), "bbbb\ncccc\n");  // "\n" before it dropped
}

TEST_F(FileTailTest, IsEmptyWhenTheWindowHoldsNoWholeLine) {
  const std::string path = Write("long-line.jsonl", "short\n" + std::string(500, 'x'));
  EXPECT_EQ(ReadFileTail(path, 100).value(), "");
  EXPECT_EQ(ReadFileTail(path, 501).value(), std::string(500, 'x'));
}

TEST_F(FileTailTest, ReadsNothingForMaxBytesZero) {
  EXPECT_EQ(ReadFileTail(Write("some.jsonl", "abc\ndef\n"), 0).value(), "");
  EXPECT_EQ(ReadFileTail(Write("empty.jsonl", ""), 0).value(), "");
  EXPECT_EQ(ReadFileTail(Write("empty2.jsonl", ""), 100).value(), "");
}

TEST_F(FileTailTest, FailsForAMissingFile) {
  const absl::StatusOr<std::string> tail = ReadFileTail(folder_.path() + "/missing.jsonl", 100);
  ASSERT_FALSE(tail.ok());
  EXPECT_EQ(tail.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(tail.status().message().find("missing.jsonl"), std::string::npos);
}

TEST_F(FileTailTest, FailsForAFolder) { EXPECT_FALSE(ReadFileTail(folder_.path(), 100).ok()); }

TEST_F(FileTailTest, FailsForAnUnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const std::string path = Write("private.jsonl", "secret\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  const absl::StatusOr<std::string> tail = ReadFileTail(path, 100);
  ASSERT_FALSE(tail.ok());
  EXPECT_EQ(tail.status().code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace bgprof
