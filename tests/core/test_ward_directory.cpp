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

TEST(WardDirectory, FormerUnitsAndReusedNames) {
    // As the bundled layer's formed_from lists them (Hai Phong, July 2025): the
    // former Phường An Dương (Lê Chân) is now in Phường An Biên, while today's
    // Phường An Dương was made of other units; Vĩnh Niệm was split in two.
    WardDirectory d;
    d.build({"11407", "11581", "11383"}, {"An Biên", "An Dương", "Lê Chân"},
            {"Phường An Biên", "Phường An Dương", "Phường Lê Chân"},
            {"Phường An Dương, Phường An Biên, Phường Trần Nguyên Hãn, Phường Vĩnh Niệm",
             "Phường Nam Sơn (quận An Dương), Phường An Hải, Phường Lê Lợi",
             "Phường Dư Hàng Kênh, Phường Vĩnh Niệm, Phường Lê Chân"});
    EXPECT_EQ(d.formerUnit("Phường An Dương"), (std::vector<std::int32_t>{0}));  // not ward 1: a re-used name
    EXPECT_EQ(d.findName("Phường An Dương").ward, 1);
    EXPECT_EQ(d.formerUnit("phuong an duong"), (std::vector<std::int32_t>{0}));
    EXPECT_EQ(d.formerUnit("An Dương"), (std::vector<std::int32_t>{0}));         // without its type word
    EXPECT_EQ(d.formerUnit("Phường Vĩnh Niệm"), (std::vector<std::int32_t>{0, 2}));
    EXPECT_EQ(d.formerUnit("Phường Nam Sơn"), (std::vector<std::int32_t>{1}));  // the qualifier is dropped
    EXPECT_EQ(d.formerUnit("Xã Nam Sơn"), (std::vector<std::int32_t>{}));       // another type: another unit
    EXPECT_EQ(d.formerUnit("Phường An Biên"), (std::vector<std::int32_t>{0}));  // kept its name: not re-used
    EXPECT_TRUE(d.formerUnit("Không Có").empty());
}
