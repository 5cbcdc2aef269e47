#include <gtest/gtest.h>

#include "core/unicode.h"

using namespace wardscope::core;

TEST(Unicode, ExactKeyIgnoresCaseAndWhitespaceButKeepsDiacritics) {
    EXPECT_EQ(exactNameKey("Phường  Đồ Sơn "), exactNameKey("phường đồ sơn"));
    EXPECT_EQ(exactNameKey("ĐỒ SƠN"), exactNameKey("đồ sơn"));
    EXPECT_NE(exactNameKey("Cẩm Giang"), exactNameKey("Cẩm Giàng"));
}

TEST(Unicode, DecomposedInputEqualsPrecomposed) {
    // "ệ" as e + combining dot below + combining circumflex (NFD order), and as
    // ê + combining dot below (a legacy "decomposed tone" form): same key.
    const std::string nfc = "Kiến Thụy Hệ";
    const std::string nfd = "Kie\xCC\x82\xCC\x81n Thu\xCC\xA3y He\xCC\xA3\xCC\x82";
    const std::string toneOnly = "Kiê\xCC\x81n Thu\xCC\xA3y Hê\xCC\xA3";
    EXPECT_EQ(exactNameKey(nfc), exactNameKey(nfd));
    EXPECT_EQ(exactNameKey(nfc), exactNameKey(toneOnly));
}

TEST(Unicode, FoldedKeyDropsDiacriticsAndFoldsDStroke) {
    EXPECT_EQ(foldedNameKey("Cẩm Giàng"), "cam giang");
    EXPECT_EQ(foldedNameKey("Đặc khu Bạch Long Vĩ"), "dac khu bach long vi");
    EXPECT_EQ(foldedNameKey("THỦY NGUYÊN"), "thuy nguyen");
}

TEST(Unicode, StripsUnitTypePrefixFromEitherKey) {
    EXPECT_EQ(stripUnitTypePrefix(foldedNameKey("Phường Lê Chân")), "le chan");
    EXPECT_EQ(stripUnitTypePrefix(foldedNameKey("Xã Vĩnh Bảo")), "vinh bao");
    EXPECT_EQ(stripUnitTypePrefix(exactNameKey("Đặc khu Cát Hải")), exactNameKey("Cát Hải"));
    EXPECT_EQ(stripUnitTypePrefix(foldedNameKey("Phường")), "phuong");  // nothing left to strip to
}

TEST(Unicode, FindsInvalidUtf8) {
    EXPECT_FALSE(findInvalidUtf8("Hải Phòng").has_value());
    EXPECT_FALSE(findInvalidUtf8("\xEF\xBF\xBD").has_value());  // a literal U+FFFD is valid
    EXPECT_EQ(findInvalidUtf8("ab\xC3\x28"), 2u);               // bad continuation
    EXPECT_EQ(findInvalidUtf8("\xC0\xAF"), 0u);                 // overlong
    EXPECT_EQ(findInvalidUtf8("x\xED\xA0\x80"), 1u);            // surrogate
    // Long ASCII runs are skipped eight bytes at a time: a bad byte is found at
    // every offset, before, inside and after a valid multi-byte character.
    for (std::size_t at = 0; at < 40; ++at) {
        std::string text(40, 'a');
        text[at] = '\xFF';
        EXPECT_EQ(findInvalidUtf8(text), at);
        EXPECT_EQ(findInvalidUtf8(std::string(at, 'b') + "ả" + std::string(17, 'c') + "\x80"), at + 3 + 17);  // ả is 3 bytes
        EXPECT_FALSE(findInvalidUtf8(std::string(at, 'd') + "Phường").has_value());
    }
    EXPECT_EQ(findInvalidUtf8("H\xE0i"), 1u);                   // Windows-1258 "à"
}

TEST(Unicode, TrimHandlesNoBreakSpace) {
    EXPECT_EQ(trim("\xC2\xA0 code \t"), "code");
    EXPECT_EQ(trim(""), "");
}
