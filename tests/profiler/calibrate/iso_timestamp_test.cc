#include "profiler/calibrate/iso_timestamp.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(IsoTimestampTest, ReadsClaudeCodesTimestamps) {
  // Expected values from Python's calendar.timegm, not from the code under test.
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02T10:00:00.000Z"), 1788343200000);
  EXPECT_EQ(ParseIsoTimestampMs("2026-02-12T20:23:25.359Z"), 1770927805359);
  EXPECT_EQ(ParseIsoTimestampMs("2000-02-29T00:00:00Z"), 951782400000);
  EXPECT_EQ(ParseIsoTimestampMs("1969-12-31T23:59:59.5Z"), -500);
}

TEST(IsoTimestampTest, TruncatesFractionsToMilliseconds) {
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02T10:00:00.1Z"), 1788343200100);
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02T10:00:00.123999999Z"), 1788343200123);
}

TEST(IsoTimestampTest, AppliesZoneOffsets) {
  const int64_t utc = 1788343200000;
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02T12:00:00+02:00"), utc);
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02T05:30:00-0430"), utc);
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02T11:00:00+01"), utc);
  EXPECT_EQ(ParseIsoTimestampMs("2026-09-02 10:00:00z"), utc);
}

TEST(IsoTimestampTest, RejectsWhatIsNoTimestamp) {
  for (const char* text :
       {"", "2026-09-02", "2026-09-02T10:00:00", "2026-09-02T10:00:00.Z", "2026-02-29T10:00:00Z",
        "2026-13-01T10:00:00Z", "2026-09-02T24:00:00Z", "2026-09-02T10:00:00Zjunk",
        "2026/09/02T10:00:00Z", "2026-09-02T10:00:00+2", "2026-09-02T10:00:00+02:60",
        "abcd-ef-ghTij:kl:mnZ"}) {
    EXPECT_FALSE(ParseIsoTimestampMs(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace bgprof
