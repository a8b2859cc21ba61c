// A fresh folder under the system's temporary folder for one test, removed with all it holds when
// the test ends: tests never write where a user's own bgprof or Claude Code files live.
#ifndef BGPROF_TESTS_SUPPORT_SCRATCH_FOLDER_H_
#define BGPROF_TESTS_SUPPORT_SCRATCH_FOLDER_H_

#include <string>
#include <string_view>

namespace bgprof::testing {

class ScratchFolder {
 public:
  // The folder is named `prefix` and six random characters.
  explicit ScratchFolder(std::string_view prefix = "bgprof-test");
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_SCRATCH_FOLDER_H_
