#include "tests/support/file_access.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace bgprof::testing {
namespace {

constexpr int kFileAccessCapabilities[] = {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH};
constexpr int64_t kFillChunkBytes = 4096;

// Sets or clears the file access capabilities in this thread's effective set (raw syscalls: no
// libcap needed).
bool SetFileAccessEffective(bool on) {
  __user_cap_header_struct header{.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  for (int capability : kFileAccessCapabilities) {
    const __u32 bit = 1u << (capability % 32);
    if (on) {
      data[capability / 32].effective |= bit;
    } else {
      data[capability / 32].effective &= ~bit;
    }
  }
  return ::syscall(SYS_capset, &header, data) == 0;
}

std::string FillPath(const std::string& folder) { return folder + "/.fill"; }

}  // namespace

bool RunsAsRoot() { return ::geteuid() == 0; }

bool DropRootFileAccessForExec() {
  if (!RunsAsRoot()) return true;
  for (int capability : kFileAccessCapabilities) {
    if (::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0) return false;
  }
  return true;
}

ScopedNoRootFileAccess::ScopedNoRootFileAccess() {
  if (!RunsAsRoot()) {
    ok_ = true;
    return;
  }
  dropped_ = SetFileAccessEffective(false);
  ok_ = dropped_;
}

ScopedNoRootFileAccess::~ScopedNoRootFileAccess() {
  if (dropped_) (void)SetFileAccessEffective(true);
}

SmallDisk::SmallDisk(const std::string& folder, int64_t bytes) : folder_(folder) {
  std::filesystem::create_directories(folder);
  const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (::mount("tmpfs", folder.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    error_ = "cannot mount a tmpfs on " + folder + ": " + std::strerror(errno);
  }
}

SmallDisk::~SmallDisk() {
  if (ok()) (void)::umount2(folder_.c_str(), MNT_DETACH);
}

void SmallDisk::FillUp() const {
  const int fd = ::open(FillPath(folder_).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const std::string chunk(kFillChunkBytes, 'f');
  while (::write(fd, chunk.data(), chunk.size()) > 0) {
  }
  // The last bytes of the last block.
  while (::write(fd, chunk.data(), 1) > 0) {
  }
  ::close(fd);
}

void SmallDisk::MakeRoom() const { (void)::unlink(FillPath(folder_).c_str()); }

ReadOnlyMount::ReadOnlyMount(const std::string& folder) : folder_(folder) {
  if (::mount(folder.c_str(), folder.c_str(), nullptr, MS_BIND, nullptr) != 0) {
    error_ = "cannot bind-mount " + folder + ": " + std::strerror(errno);
    return;
  }
  mounted_ = true;
  if (::mount(nullptr, folder.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
    error_ = "cannot make " + folder + " read-only: " + std::strerror(errno);
  }
}

ReadOnlyMount::~ReadOnlyMount() {
  if (mounted_) (void)::umount2(folder_.c_str(), MNT_DETACH);
}

}  // namespace bgprof::testing
