#include <gtest/gtest.h>

#include "core/date.h"

using namespace wardscope::core;

struct DateCase {
    const char* name;
    const char* text;
    DateParse expected;
    Date date;
};

class DateParsing : public ::testing::TestWithParam<DateCase> {};

TEST_P(DateParsing, ParsesAsDocumented) {
    const auto& c = GetParam();
    Date d;
    EXPECT_EQ(parseDate(c.text, d), c.expected) << c.text;
    if (c.expected == DateParse::Ok) {
        EXPECT_EQ(d, c.date) << c.text;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, DateParsing,
    ::testing::Values(DateCase{"iso", "2024-03-15", DateParse::Ok, {2024, 3, 15}},
                      DateCase{"iso_with_time", "2024-03-15T08:30:00", DateParse::Ok, {2024, 3, 15}},
                      DateCase{"gdal_slashes", "2024/03/15 00:00:00", DateParse::Ok, {2024, 3, 15}},
                      DateCase{"vietnamese_day_first", "15/03/2024", DateParse::Ok, {2024, 3, 15}},
                      DateCase{"day_first_dashes", "5-3-2024", DateParse::Ok, {2024, 3, 5}},
                      DateCase{"day_first_dots", "15.03.2024", DateParse::Ok, {2024, 3, 15}},
                      DateCase{"leap_day", "2024-02-29", DateParse::Ok, {2024, 2, 29}},
                      DateCase{"not_leap", "2023-02-29", DateParse::Impossible, {}},
                      DateCase{"century_not_leap", "1900-02-29", DateParse::Impossible, {}},
                      DateCase{"april_31", "31/04/2024", DateParse::Impossible, {}},
                      DateCase{"month_13", "2024-13-01", DateParse::Impossible, {}},
                      DateCase{"empty", "  ", DateParse::Empty, {}},
                      DateCase{"words", "mùng 5 tháng 3", DateParse::Malformed, {}},
                      DateCase{"two_digit_year", "15/03/24", DateParse::Ok, {2024, 3, 15}},
                      DateCase{"two_digit_year_office", "24/01/25", DateParse::Ok, {2025, 1, 24}},
                      DateCase{"two_digit_year_single_digits", "5/1/26", DateParse::Ok, {2026, 1, 5}},
                      DateCase{"two_digit_year_impossible", "29/02/25", DateParse::Impossible, {}},
                      DateCase{"two_digit_year_first", "25/01/24/", DateParse::Malformed, {}},
                      DateCase{"two_digit_all", "24-01-25", DateParse::Ok, {2025, 1, 24}},
                      DateCase{"excel_serial", "45366", DateParse::Malformed, {}}),
    [](const auto& row) { return std::string(row.param.name); });

TEST(Date, IsoFormatting) { EXPECT_EQ((Date{2021, 1, 5}).iso(), "2021-01-05"); }

TEST(Date, StrictIsoForOptions) {
    EXPECT_TRUE(parseIsoDate("2025-12-31").has_value());
    EXPECT_FALSE(parseIsoDate("31/12/2025").has_value());
    EXPECT_FALSE(parseIsoDate("2025-02-30").has_value());
}
