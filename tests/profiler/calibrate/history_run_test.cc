#include "profiler/calibrate/history_run.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(HistoryKeyTest, StableAcrossRunsAndVersions) {
  // FNV-1a 64 of "make": a changed digest would import every history line a second time.
  EXPECT_EQ(HistoryKey("1700000000", "make"), "1700000000:1f5359a2ce9388cf");
  EXPECT_EQ(HistoryKey("", ""), ":cbf29ce484222325");
}

TEST(HistoryKeyTest, TellsCommandsAndPlacesApart) {
  EXPECT_NE(HistoryKey("1", "make"), HistoryKey("1", "make test"));
  EXPECT_NE(HistoryKey("1", "make"), HistoryKey("2", "make"));
}

}  // namespace
}  // namespace bgprof
