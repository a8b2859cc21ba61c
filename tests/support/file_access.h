// What a user's machine refuses and a test machine may not: a file or folder bgprof may only read
// (tests often run as root, whom file modes do not stop), a full disk (a small tmpfs), a
// file-size limit. Each helper says when it cannot do its part, so a test can skip with a reason.
#ifndef BGPROF_TESTS_SUPPORT_FILE_ACCESS_H_
#define BGPROF_TESTS_SUPPORT_FILE_ACCESS_H_

#include <cstdint>
#include <string>

namespace bgprof::testing {

bool RunsAsRoot();

// For a child process between fork and exec: file modes then bind for it as for any user, even
// as root (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH leave its bounding set, so exec does not give
// them back). False when that failed.
bool DropRootFileAccessForExec();

// Until destroyed, file modes bind for this thread as for any user, even as root (the two
// capabilities leave its effective set and come back at the end). ok() is false when that failed.
class ScopedNoRootFileAccess {
 public:
  ScopedNoRootFileAccess();
  ~ScopedNoRootFileAccess();
  ScopedNoRootFileAccess(const ScopedNoRootFileAccess&) = delete;
  ScopedNoRootFileAccess& operator=(const ScopedNoRootFileAccess&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
  bool dropped_ = false;
};

// A tmpfs of `bytes` mounted on `folder` (created) until destroyed: a disk that fills up. ok() is
// false, with the reason in error(), where mounting is not allowed.
class SmallDisk {
 public:
  SmallDisk(const std::string& folder, int64_t bytes);
  ~SmallDisk();
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // Writes a file into the folder until the disk refuses more.
  void FillUp() const;
  // Removes what FillUp wrote.
  void MakeRoom() const;

 private:
  std::string folder_;
  std::string error_;
};

// A read-only bind mount of `folder` onto itself until destroyed, the way a read-only file system
// looks (EROFS even for root). ok() and error() as for SmallDisk.
class ReadOnlyMount {
 public:
  explicit ReadOnlyMount(const std::string& folder);
  ~ReadOnlyMount();
  ReadOnlyMount(const ReadOnlyMount&) = delete;
  ReadOnlyMount& operator=(const ReadOnlyMount&) = delete;
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  std::string folder_;
  std::string error_;
  bool mounted_ = false;
};

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_FILE_ACCESS_H_
