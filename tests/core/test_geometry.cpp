#include <gtest/gtest.h>

#include "core/geometry.h"

using namespace wardscope::core;

TEST(Orientation, SignsOfSimpleTriangles) {
    EXPECT_EQ(orientation({0, 0}, {1, 0}, {0, 1}), 1);
    EXPECT_EQ(orientation({0, 0}, {0, 1}, {1, 0}), -1);
    EXPECT_EQ(orientation({0, 0}, {1, 1}, {2, 2}), 0);
}

TEST(Orientation, ExactWhereNaiveArithmeticFails) {
    // Points on the line y = x near 0.5 (Kettner et al. 2008): the naive
    // determinant gives wrong or inconsistent signs; the exact predicate must say
    // 0 for exactly collinear points and agree with a shifted exact test.
    const Point a{12, 12}, b{24, 24};
    for (int i = 0; i < 256; ++i) {
        const double x = 0.5 + i * 0x1.0p-53;
        EXPECT_EQ(orientation(a, b, {x, x}), 0);
    }
    const double tiny = 0x1.0p-52;
    EXPECT_EQ(orientation(a, b, {0.5, 0.5 + tiny}), 1);
    EXPECT_EQ(orientation(a, b, {0.5 + tiny, 0.5}), -1);
}

TEST(SignedArea, CounterClockwiseIsPositive) {
    const Ring square = {{0, 0}, {2, 0}, {2, 2}, {0, 2}};
    EXPECT_DOUBLE_EQ(signedArea(square), 4.0);
    const Ring reversed(square.rbegin(), square.rend());
    EXPECT_DOUBLE_EQ(signedArea(reversed), -4.0);
}
