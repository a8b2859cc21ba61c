// A real bgprof database, and the ways disks and people damage one: random bytes where the file
// was, pages overwritten in the middle, a file cut short.
#ifndef BGPROF_TESTS_SUPPORT_DAMAGED_DATABASE_H_
#define BGPROF_TESTS_SUPPORT_DAMAGED_DATABASE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace bgprof::testing {

// Records `samples` runs of `families` families (their samples and family statistics) into the
// database at `path`, created when missing, and copies the WAL into the file, so that damage to
// the file is what a reader sees. False when that failed.
bool FillDatabase(const std::string& path, int samples, int families);

// Copies the WAL into the database file and empties it.
bool CheckpointFully(const std::string& path);

// The pages (numbered from 1) of table or index `name` that are not its root: those in the middle
// of the file that reads of some keys, and not others, go through.
std::vector<int64_t> NonRootPagesOf(const std::string& path, const std::string& name);

// Overwrites each of `pages` (numbered from 1, 4096 bytes) with random bytes.
void OverwritePages(const std::string& path, const std::vector<int64_t>& pages, uint32_t seed);

// Replaces the file with `bytes` random bytes.
void WriteRandomFile(const std::string& path, int64_t bytes, uint32_t seed);

// Cuts the file to `fraction` of its size.
void TruncateFile(const std::string& path, double fraction);

// The number of rows of `table`, or -1 when it cannot be read.
int64_t RowCount(const std::string& path, const std::string& table);

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_DAMAGED_DATABASE_H_
