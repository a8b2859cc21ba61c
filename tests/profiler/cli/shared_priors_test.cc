// Tests of profiler/cli/shared_priors: the file `bgprof export` writes and `bgprof import` reads.
#include "profiler/cli/shared_priors.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

KeyedStats Entry(std::string key, int64_t runs = 5) {
  return KeyedStats{.key = std::move(key),
                    .stats = RunStats{.runs = runs,
                                      .mean_log_ms = std::log(61234.5),
                                      .var_log = 0.1 + 0.2,  // not a short decimal
                                      .last_ms = 60000,
                                      .last_seen_ms = 1700000000000,
                                      .outlier_side = 1,
                                      .lower_bounds = 1,
                                      .recent_ms = {58000, 64000, 60000}}};
}

// The error ParseSharedPriors gives `text`; "ok" when it accepts it.
std::string ErrorOf(const std::string& text) {
  absl::StatusOr<SharedPriors> parsed = ParseSharedPriors(text);
  return parsed.ok() ? "ok" : std::string(parsed.status().message());
}

// A file with one family entry whose fields are `fields`.
std::string FileWithFamily(const std::string& fields) {
  return R"({"bgprof_export": 1, "programs": [], "families": [{)" + fields + "}]}";
}

constexpr const char* kGoodFields =
    R"("key": "make", "runs": 3, "mean_log_ms": 8.5, "var_log": 0.2, "recent_ms": [4000, 5000],
       "lower_bounds": 0)";

TEST(ShareProblemTest, PlainFamiliesAndALeadingDotSlashMayGo) {
  EXPECT_EQ(ShareProblem("make"), KeyProblem::kNone);
  EXPECT_EQ(ShareProblem("npm run build"), KeyProblem::kNone);
  EXPECT_EQ(ShareProblem("./configure"), KeyProblem::kNone);
  EXPECT_EQ(ShareProblem("go test <selected>"), KeyProblem::kNone);
  EXPECT_EQ(ShareProblem("cargo test -- --nocapture"), KeyProblem::kNone);
}

TEST(ShareProblemTest, AnyWordThatIsAPathStaysBehind) {
  EXPECT_EQ(ShareProblem("./scripts/build.sh"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("/home/me/x.sh"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("~/bin/deploy"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("~deploy"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("bash scripts/ci.sh"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("make -C ../lib"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("././configure"), KeyProblem::kPath);
  EXPECT_EQ(ShareProblem("make\t/srv/app"), KeyProblem::kPath);
}

TEST(ShareProblemTest, AKeyRedactionWouldChangeStaysBehind) {
  EXPECT_EQ(ShareProblem("mysql -psecret123"), KeyProblem::kSecret);
  EXPECT_EQ(ShareProblem("mysql -p"), KeyProblem::kNone);
}

TEST(KeepShareableTest, LeavesOutPathsSecretsAndEmptyRowsAndCountsWhy) {
  SharedPriors priors{.families = {Entry("make"), Entry("./scripts/build.sh"),
                                   Entry("mysql -psecret123"), Entry("npm test", 0)},
                      .programs = {Entry("make"), Entry("/usr/local/bin/tool")}};
  const LeftOut left_out = KeepShareable(priors);
  EXPECT_EQ(left_out.paths, 2);
  EXPECT_EQ(left_out.secrets, 1);
  ASSERT_EQ(priors.families.size(), 1u);
  EXPECT_EQ(priors.families[0].key, "make");
  ASSERT_EQ(priors.programs.size(), 1u);
  EXPECT_EQ(priors.programs[0].key, "make");
}

TEST(SharedPriorsTest, TheFileRoundTripsTheStatisticsButNotWhenTheyRan) {
  const SharedPriors priors{.families = {Entry("npm test"), Entry("cargo build", 40)},
                            .programs = {Entry("npm", 9)}};
  const std::string text = SharedPriorsText(priors);
  EXPECT_THAT(text, Not(HasSubstr("1700000000000")));
  absl::StatusOr<SharedPriors> parsed = ParseSharedPriors(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << text;
  ASSERT_EQ(parsed->families.size(), 2u);
  ASSERT_EQ(parsed->programs.size(), 1u);
  const KeyedStats& cargo = parsed->families[0];  // sorted by key
  EXPECT_EQ(cargo.key, "cargo build");
  EXPECT_EQ(cargo.stats.runs, 40);
  EXPECT_EQ(cargo.stats.mean_log_ms, std::log(61234.5));  // exactly
  EXPECT_EQ(cargo.stats.var_log, 0.1 + 0.2);
  EXPECT_EQ(cargo.stats.recent_ms, (std::vector<int64_t>{58000, 64000, 60000}));
  EXPECT_EQ(cargo.stats.lower_bounds, 1);
  EXPECT_EQ(cargo.stats.last_ms, 60000);  // the newest recent run
  EXPECT_EQ(cargo.stats.last_seen_ms, 0);
  EXPECT_EQ(cargo.stats.outlier_side, 0);
  EXPECT_EQ(parsed->families[1].key, "npm test");
  EXPECT_EQ(parsed->programs[0].stats.runs, 9);
}

TEST(SharedPriorsTest, OneKeyALineSortedSoThatCopiesDiffWell) {
  const std::string text =
      SharedPriorsText({.families = {Entry("npm test"), Entry("make")}, .programs = {}});
  EXPECT_THAT(text,
              HasSubstr("{\n  \"bgprof_export\": 1,\n  \"families\": [\n    {\"key\":\"make\","));
  EXPECT_THAT(text, HasSubstr("},\n    {\"key\":\"npm test\","));
  EXPECT_THAT(text, HasSubstr("\"programs\": []\n}\n"));
}

TEST(SharedPriorsTest, AGoodEntryParses) { EXPECT_EQ(ErrorOf(FileWithFamily(kGoodFields)), "ok"); }

TEST(SharedPriorsTest, AFileThatIsNoExportIsRefusedWithWhereItWentWrong) {
  EXPECT_THAT(ErrorOf("{\"bgprof_export\": 1,"), HasSubstr("not JSON"));
  EXPECT_THAT(ErrorOf("[]"), HasSubstr("not a bgprof export"));
  EXPECT_THAT(ErrorOf(R"({"families": [], "programs": []})"), HasSubstr("not a bgprof export"));
  EXPECT_THAT(ErrorOf(R"({"bgprof_export": 2, "families": [], "programs": []})"),
              HasSubstr("version 2"));
  EXPECT_THAT(ErrorOf(R"({"bgprof_export": 1, "families": {}, "programs": []})"),
              HasSubstr("\"families\" must be a list"));
  EXPECT_THAT(ErrorOf(R"({"bgprof_export": 1, "families": []})"),
              HasSubstr("\"programs\" must be a list"));
  EXPECT_EQ(ErrorOf(R"({"bgprof_export": 1, "families": [], "programs": [], "later": 1})"), "ok");
}

TEST(SharedPriorsTest, EveryFieldOfAnEntryIsChecked) {
  const std::string good = kGoodFields;
  auto with = [&](const std::string& field, const std::string& value) {
    const size_t at = good.find("\"" + field + "\"");
    const size_t end = good.find_first_of(",}", good.find(':', at));
    std::string fields = good;
    fields.replace(at, (end == std::string::npos ? good.size() : end) - at,
                   value.empty() ? "\"unused\": 0" : "\"" + field + "\": " + value);
    return ErrorOf(FileWithFamily(fields));
  };
  EXPECT_THAT(with("runs", "0"), HasSubstr("families[0].runs must be a whole number from 1"));
  EXPECT_THAT(with("runs", "2.5"), HasSubstr("families[0].runs"));
  EXPECT_THAT(with("runs", ""), HasSubstr("families[0].runs"));
  EXPECT_THAT(with("runs", "18446744073709551615"), HasSubstr("families[0].runs"));
  EXPECT_THAT(with("mean_log_ms", "-1"), HasSubstr("families[0].mean_log_ms"));
  EXPECT_THAT(with("mean_log_ms", "\"8\""), HasSubstr("families[0].mean_log_ms"));
  EXPECT_THAT(with("var_log", "1e300"), HasSubstr("families[0].var_log"));
  EXPECT_THAT(with("lower_bounds", "4"), HasSubstr("families[0].lower_bounds"));
  EXPECT_THAT(with("key", "\"\""), HasSubstr("families[0].key"));
  EXPECT_THAT(with("key", "7"), HasSubstr("families[0].key"));
  EXPECT_THAT(with("key", "\"make\\nrm\""), HasSubstr("control character"));
  EXPECT_THAT(with("key", "\"./scripts/build.sh\""), HasSubstr("names a path"));
  EXPECT_THAT(with("key", "\"mysql -psecret123\""), HasSubstr("holds a secret"));
  EXPECT_THAT(ErrorOf(FileWithFamily(
                  R"("key": "make", "runs": 3, "mean_log_ms": 8.5, "var_log": 0.2,
                     "recent_ms": [1, -2], "lower_bounds": 0)")),
              HasSubstr("families[0].recent_ms[1]"));
  std::string many = "[";
  for (int i = 0; i < 25; ++i) many += (i == 0 ? "1" : ",1");
  EXPECT_THAT(ErrorOf(FileWithFamily(
                  R"("key": "make", "runs": 3, "mean_log_ms": 8.5, "var_log": 0.2,
                     "lower_bounds": 0, "recent_ms": )" +
                  many + "]")),
              HasSubstr("families[0].recent_ms must be a list of at most 24"));
}

TEST(SharedPriorsTest, AKeyTwiceInASectionIsRefused) {
  const std::string entry = std::string("{") + kGoodFields + "}";
  EXPECT_THAT(
      ErrorOf(R"({"bgprof_export": 1, "programs": [], "families": [)" + entry + "," + entry + "]}"),
      HasSubstr("families[1].key \"make\" appears twice"));
  // The same key as a family and as a program is two rows.
  EXPECT_EQ(ErrorOf(R"({"bgprof_export": 1, "programs": [)" + entry + R"(], "families": [)" +
                    entry + "]}"),
            "ok");
}

TEST(SharedPriorsTest, TheFirstBadEntryIsNamedWhereverItIs) {
  const std::string entry = std::string("{") + kGoodFields + "}";
  EXPECT_THAT(ErrorOf(R"({"bgprof_export": 1, "families": [)" + entry +
                      R"(], "programs": [{"key": "npm"}]})"),
              HasSubstr("programs[0].runs"));
}

}  // namespace
}  // namespace bgprof
