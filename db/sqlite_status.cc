#include "db/sqlite_status.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

namespace bgprof {
namespace {

bool IsAccessError(int error_number) {
  return error_number == EACCES || error_number == EPERM || error_number == EROFS;
}

bool IsRoomError(int error_number) {
  return error_number == ENOSPC || error_number == EFBIG || error_number == EDQUOT;
}

}  // namespace

absl::Status SqliteStatus(int extended_code, int system_errno, const std::string& what,
                          const std::string& sqlite_text) {
  std::string message = what + ": " + sqlite_text;
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(message);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::PermissionDeniedError(message);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(message);
    case SQLITE_CANTOPEN:
      if (IsAccessError(system_errno)) {
        return absl::PermissionDeniedError(message + " (" + std::strerror(system_errno) + ")");
      }
      break;
    case SQLITE_IOERR:
      if (IsRoomError(system_errno)) {
        return absl::ResourceExhaustedError(message + " (" + std::strerror(system_errno) + ")");
      }
      if (IsAccessError(system_errno)) {
        return absl::PermissionDeniedError(message + " (" + std::strerror(system_errno) + ")");
      }
      break;
    default:
      break;
  }
  return absl::InternalError(message);
}

absl::Status SqliteStatusOf(sqlite3* db, const std::string& what) {
  if (db == nullptr) return absl::ResourceExhaustedError(what + ": out of memory");
  return SqliteStatus(sqlite3_extended_errcode(db), sqlite3_system_errno(db), what,
                      sqlite3_errmsg(db));
}

absl::Status FileErrorStatus(int error_number, const std::string& what) {
  std::string message = what + ": " + std::strerror(error_number);
  if (IsAccessError(error_number)) return absl::PermissionDeniedError(message);
  if (IsRoomError(error_number)) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

}  // namespace bgprof
