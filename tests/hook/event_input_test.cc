// Reading the hook's event from stdin: whole within the cap, dropped (and measured) over it, from
// a pipe or a file.
#include "hook/event_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/bgprof_runner.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

// What ReadEventInput makes of `text` written into a pipe by another thread.
absl::StatusOr<EventInput> ReadFromPipe(const std::string& text, size_t max_bytes) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < text.size();) {
      const ssize_t wrote = ::write(fds[1], text.data() + at, text.size() - at);
      if (wrote <= 0) break;
      at += static_cast<size_t>(wrote);
    }
    ::close(fds[1]);
  });
  absl::StatusOr<EventInput> input = ReadEventInput(fds[0], max_bytes);
  writer.join();
  ::close(fds[0]);
  return input;
}

TEST(ReadEventInput, ReadsAnEventWithinTheCapWhole) {
  const std::string event = R"({"hook_event_name":"Stop"})";
  absl::StatusOr<EventInput> input = ReadFromPipe(event, 1024);
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ(input->text, event);
  EXPECT_EQ(input->size, event.size());
  EXPECT_FALSE(input->over_cap);
  // Larger than one read, exactly at the cap.
  const std::string large(300 * 1024, 'x');
  absl::StatusOr<EventInput> at_cap = ReadFromPipe(large, large.size());
  ASSERT_TRUE(at_cap.ok()) << at_cap.status();
  EXPECT_EQ(at_cap->text, large);
  EXPECT_FALSE(at_cap->over_cap);
}

TEST(ReadEventInput, DropsAnEventOverTheCapAndMeasuresIt) {
  const std::string huge(5 * 1024 * 1024 + 3, 'x');
  absl::StatusOr<EventInput> input = ReadFromPipe(huge, 1024 * 1024);
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_TRUE(input->over_cap);
  EXPECT_TRUE(input->text.empty());
  EXPECT_EQ(input->size, huge.size());  // the rest of the pipe was read and counted
  absl::StatusOr<EventInput> one_over = ReadFromPipe(std::string(1025, 'x'), 1024);
  ASSERT_TRUE(one_over.ok());
  EXPECT_TRUE(one_over->over_cap);
  EXPECT_EQ(one_over->size, 1025u);
}

TEST(ReadEventInput, TakesTheSizeOfALargeFileWithoutReadingIt) {
  testing::ScratchFolder scratch("bgprof-event-input");
  const std::string path = scratch.path() + "/event.json";
  testing::WriteFile(path, std::string(2048, 'x'));
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  absl::StatusOr<EventInput> input = ReadEventInput(fd, 1024);
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_TRUE(input->over_cap);
  EXPECT_EQ(input->size, 2048u);
  EXPECT_EQ(::lseek(fd, 0, SEEK_CUR), 0);  // not a byte read
  // Within the cap, a file is read whole.
  absl::StatusOr<EventInput> whole = ReadEventInput(fd, 4096);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->text, std::string(2048, 'x'));
  ::close(fd);
}

TEST(ReadEventInput, AReadErrorIsAnError) {
  testing::ScratchFolder scratch("bgprof-event-input");
  const int folder = ::open(scratch.path().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(folder, 0);
  EXPECT_FALSE(ReadEventInput(folder, 1024).ok());  // EISDIR
  ::close(folder);
}

}  // namespace
}  // namespace bgprof
