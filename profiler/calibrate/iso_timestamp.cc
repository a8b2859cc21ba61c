#include "profiler/calibrate/iso_timestamp.h"

namespace bgprof {
namespace {

// The number `count` digits at `at` make, or -1 when one of them is not a digit.
int Digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The zone's offset east of UTC in minutes, from `zone` (all that follows the time), or nullopt.
std::optional<int> ZoneOffsetMinutes(std::string_view zone) {
  if (zone == "Z" || zone == "z") return 0;
  if (zone.empty() || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  const int sign = zone[0] == '-' ? -1 : 1;
  const int hours = Digits(zone, 1, 2);
  int minutes = 0;
  if (zone.size() == 6 && zone[3] == ':') {
    minutes = Digits(zone, 4, 2);
  } else if (zone.size() == 5) {
    minutes = Digits(zone, 3, 2);
  } else if (zone.size() != 3) {
    return std::nullopt;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

}  // namespace

std::optional<int64_t> ParseIsoTimestampMs(std::string_view text) {
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  const int hour = Digits(text, 11, 2);
  const int minute = Digits(text, 14, 2);
  const int second = Digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  if (text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  if (day > DaysInMonth(year, month)) return std::nullopt;

  size_t at = 19;
  int64_t millis = 0;
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    ++at;
    const size_t first_digit = at;
    int64_t scale = 100;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      millis += (text[at] - '0') * scale;
      scale /= 10;
    }
    if (at == first_digit) return std::nullopt;
  }
  const std::optional<int> offset = ZoneOffsetMinutes(text.substr(at));
  if (!offset.has_value()) return std::nullopt;

  const int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                          second - int64_t{*offset} * 60;
  return seconds * 1000 + millis;
}

}  // namespace bgprof
