#include <gtest/gtest.h>

#include "core/record_parser.h"
#include "core/ward_directory.h"

using namespace wardscope::core;

namespace {
WardDirectory haiphongSample() {
    WardDirectory d;
    d.build({"10888", "10903", "11383", "11948", "00123"},
            {"Cẩm Giang", "Cẩm Giàng", "Lê Chân", "Bạch Long Vĩ", "Thử"},
            {"Xã Cẩm Giang", "Xã Cẩm Giàng", "Phường Lê Chân", "Đặc khu Bạch Long Vĩ", "Xã Thử"});
    return d;
}
}  // namespace

TEST(WardDirectory, FindsCodesWithSpreadsheetNoise) {
    const auto d = haiphongSample();
    EXPECT_EQ(d.findCode("11383"), 2);
    EXPECT_EQ(d.findCode(" 11383.0 "), 2);
    EXPECT_EQ(d.findCode("123"), 4);  // leading zeros lost by a spreadsheet
    EXPECT_EQ(d.findCode("99999"), -1);
}

TEST(WardDirectory, NameMatchingSteps) {
    const auto d = haiphongSample();
    EXPECT_EQ(d.findName("Cẩm Giàng").ward, 1);                 // exact with diacritics
    EXPECT_EQ(d.findName("XÃ CẨM GIANG").ward, 0);              // full name, any case
    EXPECT_EQ(d.findName("Phường Lê Chân").ward, 2);
    EXPECT_EQ(d.findName("le chan").ward, 2);                   // no diacritics
    EXPECT_EQ(d.findName("Bach Long Vi").ward, 3);
    EXPECT_EQ(d.findName("Đặc khu Bach Long Vi").ward, 3);
    const auto ambiguous = d.findName("Cam Giang");
    EXPECT_EQ(ambiguous.kind, WardNameMatch::Kind::Ambiguous);
    EXPECT_EQ(ambiguous.candidates, (std::vector<std::int32_t>{0, 1}));
    EXPECT_EQ(d.findName("Không Có").kind, WardNameMatch::Kind::Unknown);
}

TEST(WardDirectory, ReportsDuplicateCodes) {
    WardDirectory d;
    d.build({"1", "2", "01"}, {"A", "B", "C"});
    EXPECT_EQ(d.duplicateCodes(), (std::vector<std::string>{"1"}));
}
