// The spool: records of hook events whose writes could not get the database's write lock within
// the hook's budget, kept beside the database (`bgprof.spool`, mode 0600) until a run that gets
// the lock merges them. One record a line, each appended with a single O_APPEND write(), so
// concurrent hooks never interleave. A merger claims the file by renaming it to a unique name
// (appends after that start a new spool) and unlinks it only once what it held was committed; a
// claimed file left by a merger that died is claimed again by the next one; a merger notes each
// file's unique name in the database with what it merged (Store::NoteSpoolClaimMerged), so a
// merger that died between its commit and the unlink is not merged twice. This unit knows files
// and lines; what a record says is hook/spooled_event's.
#ifndef BGPROF_DB_SPOOL_H_
#define BGPROF_DB_SPOOL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace bgprof {

// A record larger than this is refused: records hold no tool output, so only a pathological
// command line gets there.
inline constexpr size_t kMaxSpoolRecordBytes = 256 * 1024;

// <folder of the database>/bgprof.spool
std::string SpoolPathFor(const std::string& database_path);

// Appends `record` (one line, no newline in it) to the spool at `spool_path`, creating it 0600.
// Fails (and appends nothing) when the record is too large or holds a newline; a full disk fails
// with what write() said.
absl::Status AppendToSpool(const std::string& spool_path, std::string_view record);

// The spool files one merger claimed, with their records, oldest first. While it is held, other
// mergers leave these files alone (an exclusive flock); Release() unlinks them, once the records
// were committed. Dropped without Release() (the merge failed, the process died), the files stay
// claimed for a later merge.
class ClaimedSpool {
 public:
  ClaimedSpool() = default;
  ClaimedSpool(ClaimedSpool&& other) noexcept;
  ClaimedSpool& operator=(ClaimedSpool&& other) noexcept;
  ClaimedSpool(const ClaimedSpool&) = delete;
  ClaimedSpool& operator=(const ClaimedSpool&) = delete;
  ~ClaimedSpool();

  // One claimed file: its unique name and its records.
  struct Claim {
    std::string name;
    std::vector<std::string> records;
  };
  const std::vector<Claim>& claims() const { return claims_; }
  // The records of every claim, in order.
  std::vector<std::string> records() const;
  bool empty() const { return files_.empty(); }
  void Release();

 private:
  friend absl::StatusOr<ClaimedSpool> ClaimSpool(const std::string& spool_path);
  void Close();

  struct File {
    std::string path;
    int fd = -1;
  };
  std::vector<File> files_;
  std::vector<Claim> claims_;
};

// Whether a spool or a claimed file waits beside `spool_path`: a cheap look for every hook.
bool SpoolWaiting(const std::string& spool_path);

// Claims, oldest first, the claimed files of mergers that died and the current spool (renamed to
// a unique name first), and reads their records. Empty lines are skipped; each line is one record
// as appended, unless a write was torn (a full disk): readers skip what they cannot decode.
absl::StatusOr<ClaimedSpool> ClaimSpool(const std::string& spool_path);

}  // namespace bgprof

#endif  // BGPROF_DB_SPOOL_H_
