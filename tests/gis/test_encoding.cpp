#include <gtest/gtest.h>

#include "gis/encoding.h"

using wardscope::gis::guessLegacyEncoding;

TEST(LegacyEncoding, GuessesTheCommonVietnameseEncodings) {
    // "Phường Lê Chân, Đặc khu Cát Hải, trẻ em lao động" in each encoding.
    EXPECT_EQ(guessLegacyEncoding("Ph\xad\xeang L\xaa Ch\xa9n, \xa7\xc6" "c khu C\xb8t H\xb6i, tr\xce em lao \xae\xe9ng"), "TCVN3");
    EXPECT_EQ(guessLegacyEncoding("Ph\xfd\xf5\xccng L\xea Ch\xe2n, \xd0\xe3\xf2" "c khu C\xe1t Ha\xd2i, tre\xd2 em lao \xf0\xf4\xf2ng"),
              "Windows-1258");
    EXPECT_EQ(guessLegacyEncoding("Ph\xf6\xf4\xf8ng Le\xe2 Cha\xe2n, \xd1" "a\xeb\xef" "c khu Ca\xf9t Ha\xfbi, tre\xfb em lao \xf1o\xe4\xefng"), "VNI");
    EXPECT_EQ(guessLegacyEncoding("\x01\x02\x03\x81\x82\x83\x84\x85"), "");
}
