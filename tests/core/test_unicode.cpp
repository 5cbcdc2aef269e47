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

// Every sequence of one to three bytes (and four-byte ones around the limits),
// checked against a decoder written from the definition: a lead byte, the
// right number of continuation bytes, then no overlong form, no surrogate and
// nothing above U+10FFFF.
TEST(Unicode, FindsInvalidUtf8AsTheDefinitionSays) {
    auto reference = [](const std::string& t) -> std::optional<std::size_t> {
        std::size_t i = 0;
        while (i < t.size()) {
            const auto b0 = static_cast<unsigned char>(t[i]);
            if (b0 < 0x80) {
                ++i;
                continue;
            }
            const int len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
            if (len == 0 || i + static_cast<std::size_t>(len) > t.size()) return i;
            char32_t cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
            for (int k = 1; k < len; ++k) {
                const auto b = static_cast<unsigned char>(t[i + static_cast<std::size_t>(k)]);
                if ((b & 0xC0) != 0x80) return i;
                cp = (cp << 6) | (b & 0x3F);
            }
            const char32_t minimum = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
            if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
            i += static_cast<std::size_t>(len);
        }
        return std::nullopt;
    };
    std::size_t checked = 0;
    auto check = [&](const std::string& bytes) {
        // Short and long ASCII runs around the bytes (the long ones take the
        // sixteen- and eight-byte paths).
        for (const std::size_t before : {std::size_t{2}, std::size_t{19}}) {
            const std::string text = std::string(before, 'a') + bytes + "cd";
            ASSERT_EQ(findInvalidUtf8(text), reference(text)) << checked;
            ASSERT_EQ(isValidUtf8(text), !reference(text).has_value()) << checked;
            ++checked;
        }
        // And inside text long enough for the block check's widest registers
        // (64 bytes), at a position that is not a multiple of their width.
        const std::string text = std::string(70, 'a') + "Phường" + bytes + std::string(61, 'z');
        ASSERT_EQ(isValidUtf8(text), !reference(text).has_value()) << checked;
    };
    for (int a = 0; a < 256; ++a) {
        check(std::string(1, static_cast<char>(a)));
        for (int b = 0; b < 256; ++b) {
            check({static_cast<char>(a), static_cast<char>(b)});
            if (a < 0xE0) continue;
            for (int c = 0; c < 256; ++c) check({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
        }
    }
    for (int a = 0xF0; a < 0xF8; ++a)
        for (int b : {0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0})
            for (int c : {0x7F, 0x80, 0xBF, 0xC0})
                for (int d : {0x7F, 0x80, 0xBF, 0xC0})
                    check({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)});
    EXPECT_GT(checked, 4'000'000u);
}

TEST(Unicode, TrimHandlesNoBreakSpace) {
    EXPECT_EQ(trim("\xC2\xA0 code \t"), "code");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("code"), "code");
    EXPECT_EQ(trim(" \xC2\xA0"), "");
    EXPECT_EQ(trim("\xC2\xA0"), "");
    EXPECT_EQ(trim("c\xC2\xA0"), "c");
    EXPECT_EQ(trim("\xC3\xA0"), "\xC3\xA0");  // à is not a space
    EXPECT_EQ(trim("\tx\r"), "x");
}
