// Tests of db/command_cap: commands stored at most kMaxStoredCommandBytes, here-documents' first
// lines kept, cut between UTF-8 characters, signatures those of the whole command.
#include "db/command_cap.h"

#include <sqlite3.h>

#include <optional>
#include <string>

#include "db/retention.h"
#include "db/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "profiler/command/signature.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

// Whether `text` is whole UTF-8: every lead byte followed by all its continuation bytes.
bool IsWholeUtf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const size_t length = lead < 0x80    ? 1
                          : lead >= 0xF0 ? 4
                          : lead >= 0xE0 ? 3
                          : lead >= 0xC0 ? 2
                                         : 0;
    if (length == 0 || at + length > text.size()) return false;
    for (size_t i = 1; i < length; ++i) {
      if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return false;
    }
    at += length;
  }
  return true;
}

std::string Repeated(std::string_view piece, size_t times) {
  std::string text;
  for (size_t i = 0; i < times; ++i) text += piece;
  return text;
}

TEST(CommandCapTest, ACommandThatFitsIsStoredAsItIs) {
  const std::string fits =
      "git commit -m \"" + std::string(kMaxStoredCommandBytes - 16, 'x') + "\"";
  ASSERT_LE(fits.size(), kMaxStoredCommandBytes);
  EXPECT_EQ(CappedCommand(fits), fits);
  EXPECT_EQ(CappedCommand("cat <<EOF > f\nbody\nEOF"), "cat <<EOF > f\nbody\nEOF");
}

TEST(CommandCapTest, ALongCommandKeepsItsStartAndEndsWithAMarker) {
  const std::string command = "python3 -c '" + Repeated("print(1); ", 5000) + "'";
  const std::string capped = CappedCommand(command);
  EXPECT_LE(capped.size(), kMaxStoredCommandBytes);
  EXPECT_GT(capped.size(), kMaxStoredCommandBytes - 100);
  EXPECT_THAT(capped, StartsWith("python3 -c 'print(1); print(1);"));
  EXPECT_THAT(capped, MatchesRegex(".* \\[bgprof cut [0-9]+ bytes #[0-9a-f]{16}\\]"));
}

TEST(CommandCapTest, CutsBetweenUtf8Characters) {
  // Two-, three- and four-byte characters, shifted so that each lands on the cut.
  for (const std::string piece : {"é", "€", "😀"}) {
    for (size_t shift = 0; shift < 4; ++shift) {
      const std::string command = "echo " + std::string(shift, 'a') + Repeated(piece, 3000);
      const std::string capped = CappedCommand(command);
      EXPECT_LE(capped.size(), kMaxStoredCommandBytes);
      EXPECT_TRUE(IsWholeUtf8(capped)) << piece << " shift " << shift;
    }
  }
}

TEST(CommandCapTest, AHereDocumentKeepsItsFirstLineAndLosesItsBody) {
  const std::string body = Repeated("a line of the file being written by the agent\n", 400);
  const std::string command =
      "cat <<'EOF' > notes.md\n" + body + "EOF\nmake -j8 && ./run_tests --all";
  const std::string capped = CappedCommand(command);
  EXPECT_LE(capped.size(), kMaxStoredCommandBytes);
  EXPECT_THAT(capped, StartsWith("cat <<'EOF' > notes.md\n[bgprof cut " +
                                 std::to_string(body.size()) + " bytes #"));
  EXPECT_THAT(capped, EndsWith("]\nEOF\nmake -j8 && ./run_tests --all"));
  EXPECT_THAT(capped, Not(HasSubstr("a line of the file")));
}

TEST(CommandCapTest, ATabbedClosingLineAndAHereStringAreRead) {
  const std::string body = Repeated("\tindented body line\n", 200);
  const std::string command = "cat <<-END > f && grep x <<< \"$v\"\n" + body + "\t\tEND\necho done";
  const std::string capped = CappedCommand(command);
  EXPECT_THAT(capped, StartsWith("cat <<-END > f && grep x <<< \"$v\"\n[bgprof cut"));
  EXPECT_THAT(capped, EndsWith("]\n\t\tEND\necho done"));
}

TEST(CommandCapTest, AHereDocumentInACommandSubstitutionAndTwoOnALine) {
  const std::string body = Repeated("feat: body text of a long commit message\n", 100);
  const std::string command = "git commit -m \"$(cat <<'EOF'\n" + body +
                              "EOF\n)\" && paste <<A <<B\n" + body + "A\n" + body + "B\ngit push";
  const std::string capped = CappedCommand(command);
  EXPECT_LE(capped.size(), kMaxStoredCommandBytes);
  EXPECT_THAT(capped, Not(HasSubstr("feat: body")));
  EXPECT_THAT(capped, HasSubstr("\nEOF\n)\" && paste <<A <<B\n[bgprof cut"));
  EXPECT_THAT(capped, HasSubstr("]\nA\n[bgprof cut"));
  EXPECT_THAT(capped, EndsWith("]\nB\ngit push"));
}

TEST(CommandCapTest, SignaturesOfACutHereDocumentAreThoseOfTheWholeCommand) {
  const std::string body = Repeated("x = compute(y) # a generated line of a script\n", 300);
  for (const std::string& command :
       {"cat > gen.py <<'PY'\n" + body + "PY\npython3 gen.py && cargo test --release",
        "cd /repo && git commit -m \"$(cat <<'EOF'\n" + body + "EOF\n)\" && git push"}) {
    const std::string capped = CappedCommand(command);
    ASSERT_NE(capped, command);
    const Signature whole = SignatureOf(command);
    const Signature stored = SignatureOf(capped);
    EXPECT_EQ(stored.program, whole.program);
    EXPECT_EQ(stored.family, whole.family);
    EXPECT_EQ(stored.command, whole.command);
  }
}

TEST(CommandCapTest, LongCommandsThatShareTheirStartStayApart) {
  const std::string start = "node -e '" + std::string(4000, 'x');
  EXPECT_NE(CappedCommand(start + "a'"), CappedCommand(start + "b'"));
  EXPECT_EQ(CappedCommand(start + "a'"), CappedCommand(start + "a'"));
}

TEST(CommandCapTest, AnUnclosedHereDocumentRunsToTheEnd) {
  const std::string command = "cat <<EOF > f\n" + std::string(5000, 'z');
  EXPECT_THAT(CappedCommand(command),
              MatchesRegex("cat <<EOF > f\n\\[bgprof cut 5000 bytes #[0-9a-f]+\\]"));
}

class StoredCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }
  // The longest text in `column` of `table`, read past the store.
  int64_t LongestIn(const char* table, const char* column) {
    sqlite3* db = nullptr;
    int64_t longest = -1;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      const std::string sql =
          std::string("SELECT max(length(CAST(") + column + " AS BLOB))) FROM " + table;
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
          sqlite3_step(statement) == SQLITE_ROW) {
        longest = sqlite3_column_int64(statement, 0);
      }
      sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return longest;
  }

  testing::ScratchFolder scratch_{"bgprof-cap"};
  const std::string path_ = scratch_.path() + "/bgprof.db";
  std::optional<Store> store_;
};

TEST_F(StoredCommandTest, EveryTableThatStoresACommandCapsIt) {
  const std::string huge = "make " + std::string(50'000, 'y');
  const Signature signature = SignatureOf(huge);
  ASSERT_TRUE(store_
                  ->InsertSample(Sample{.at_ms = 1,
                                        .command = huge,
                                        .program = signature.program,
                                        .family = signature.family,
                                        .signature = signature.command})
                  .ok());
  ASSERT_TRUE(store_->OpenTask(Task{.session = "s", .task_id = "t", .command = huge}).ok());
  ASSERT_TRUE(store_->RememberDenial("s", huge, 1).ok());
  ASSERT_TRUE(
      store_->RecordChange(FileChange{.at_ms = 1, .project = "/p", .path = huge, .tool = "Bash"})
          .ok());
  const auto bound = static_cast<int64_t>(kMaxStoredCommandBytes);
  EXPECT_LE(LongestIn("samples", "command"), bound);
  EXPECT_GT(LongestIn("samples", "command"), bound - 100);
  EXPECT_LE(LongestIn("tasks", "command"), bound);
  EXPECT_LE(LongestIn("denials", "command"), bound);
  EXPECT_LE(LongestIn("changes", "path"), bound);
  // The signature columns are the whole command's, not the stored text's.
  EXPECT_EQ(LongestIn("samples", "signature"), static_cast<int64_t>(signature.command.size()));
  // Block mode finds its denial of the same long command again, and only of it.
  EXPECT_EQ(*store_->LastDenial("s", huge), std::optional<int64_t>(1));
  EXPECT_EQ(*store_->LastDenial("s", huge + "z"), std::nullopt);
}

}  // namespace
}  // namespace bgprof
