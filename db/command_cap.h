// A command as the store keeps it: at most kMaxStoredCommandBytes (db/retention.h). A longer one
// loses its here-documents' bodies first (`cat <<EOF > f` stays, with a marker for the body), then
// its tail, cut between UTF-8 characters. Each cut leaves a visible marker with how much went and
// a digest of the whole command, so two long commands that share their first 2 KB stay apart
// (block mode's denials are keyed by the stored command).
#ifndef BGPROF_DB_COMMAND_CAP_H_
#define BGPROF_DB_COMMAND_CAP_H_

#include <string>
#include <string_view>

namespace bgprof {

// `command` unchanged when it fits, else cut as above; never longer than kMaxStoredCommandBytes.
std::string CappedCommand(std::string_view command);

}  // namespace bgprof

#endif  // BGPROF_DB_COMMAND_CAP_H_
