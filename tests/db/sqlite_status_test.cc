// Tests of db/sqlite_status: each kind of SQLite failure keeps its own absl code, since the hook
// acts on the kind (busy, damaged, read-only, full).
#include "db/sqlite_status.h"

#include <sqlite3.h>

#include <cerrno>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;

absl::StatusCode CodeOf(int extended_code, int system_errno = 0) {
  return SqliteStatus(extended_code, system_errno, "what", "text").code();
}

TEST(SqliteStatusTest, BusyAndLockedAreUnavailable) {
  EXPECT_EQ(CodeOf(SQLITE_BUSY), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeOf(SQLITE_BUSY_SNAPSHOT), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeOf(SQLITE_BUSY_TIMEOUT), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeOf(SQLITE_LOCKED), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeOf(SQLITE_LOCKED_SHAREDCACHE), absl::StatusCode::kUnavailable);
}

TEST(SqliteStatusTest, CorruptAndNotADatabaseAreDataLoss) {
  EXPECT_EQ(CodeOf(SQLITE_CORRUPT), absl::StatusCode::kDataLoss);
  EXPECT_EQ(CodeOf(SQLITE_CORRUPT_INDEX), absl::StatusCode::kDataLoss);
  EXPECT_EQ(CodeOf(SQLITE_CORRUPT_SEQUENCE), absl::StatusCode::kDataLoss);
  EXPECT_EQ(CodeOf(SQLITE_NOTADB), absl::StatusCode::kDataLoss);
}

TEST(SqliteStatusTest, ReadOnlyAndRefusedAccessArePermissionDenied) {
  EXPECT_EQ(CodeOf(SQLITE_READONLY), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_READONLY_CANTINIT), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_READONLY_DIRECTORY), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_PERM), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_AUTH), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_CANTOPEN, EACCES), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_CANTOPEN, EROFS), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(SQLITE_CANTOPEN, EPERM), absl::StatusCode::kPermissionDenied);
}

TEST(SqliteStatusTest, CannotOpenForAnotherReasonIsInternal) {
  EXPECT_EQ(CodeOf(SQLITE_CANTOPEN, ENOENT), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeOf(SQLITE_CANTOPEN, 0), absl::StatusCode::kInternal);
}

TEST(SqliteStatusTest, FullDiskAndFileSizeLimitAreResourceExhausted) {
  EXPECT_EQ(CodeOf(SQLITE_FULL), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeOf(SQLITE_IOERR_WRITE, ENOSPC), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeOf(SQLITE_IOERR_WRITE, EFBIG), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeOf(SQLITE_IOERR_FSYNC, EDQUOT), absl::StatusCode::kResourceExhausted);
}

TEST(SqliteStatusTest, OtherFailuresAreInternal) {
  EXPECT_EQ(CodeOf(SQLITE_IOERR_READ, EIO), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeOf(SQLITE_ERROR), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeOf(SQLITE_CONSTRAINT_TRIGGER), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeOf(SQLITE_MISUSE), absl::StatusCode::kInternal);
}

TEST(SqliteStatusTest, TheMessageSaysWhatFailedAndSqlitesOwnText) {
  const absl::Status status =
      SqliteStatus(SQLITE_CORRUPT, 0, "load stats", "database disk image is malformed");
  EXPECT_EQ(status.message(), "load stats: database disk image is malformed");
  EXPECT_THAT(SqliteStatus(SQLITE_IOERR_WRITE, EFBIG, "insert", "disk I/O error").message(),
              HasSubstr("File too large"));
}

TEST(SqliteStatusTest, AConnectionsLastFailureIsClassified) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA query_only=1", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_NE(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  const absl::Status status = SqliteStatusOf(db, "create");
  sqlite3_close(db);
  EXPECT_TRUE(absl::IsPermissionDenied(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("create: attempt to write a readonly database"));
}

TEST(FileErrorStatusTest, ErrnoIsClassifiedAsSqlitesIs) {
  EXPECT_TRUE(absl::IsPermissionDenied(FileErrorStatus(EACCES, "create")));
  EXPECT_TRUE(absl::IsPermissionDenied(FileErrorStatus(EROFS, "create")));
  EXPECT_TRUE(absl::IsResourceExhausted(FileErrorStatus(ENOSPC, "create")));
  EXPECT_TRUE(absl::IsInternal(FileErrorStatus(EIO, "create")));
  EXPECT_THAT(FileErrorStatus(ENOSPC, "create x").message(), HasSubstr("create x: "));
}

}  // namespace
}  // namespace bgprof
