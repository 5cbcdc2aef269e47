#include "core/zeroed_buffer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

namespace wardscope::core {
namespace {

struct Pair {
    std::uint64_t a = 0, b = 0;
};

// Small buffers come from the heap, large ones from their own mapping: both start
// as zeros, hold what is written, and move without copying.
TEST(ZeroedArray, SmallAndLargeStartAsZerosAndKeepWhatIsWritten) {
    for (const std::size_t count : {std::size_t{2}, std::size_t{1000}, std::size_t{1} << 20, (std::size_t{1} << 22) + 3}) {
        ZeroedArray<Pair> array(count);
        ASSERT_EQ(array.size(), count);
        std::size_t nonZero = 0;
        for (const Pair& p : array) nonZero += (p.a != 0 || p.b != 0) ? 1 : 0;
        EXPECT_EQ(nonZero, 0u) << count;
        array[0] = {1, 2};
        array[count - 1] = {3, 4};
        EXPECT_EQ(array[0].b, 2u);
        EXPECT_EQ(array[count - 1].a, 3u);
    }
}

TEST(ZeroedArray, LargeTablesStartAtATwoMebibyteBoundary) {
    ZeroedArray<Pair> array(std::size_t{1} << 20);  // 16 MiB
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(array.begin()) % (std::uintptr_t{2} << 20), 0u);
}

TEST(ZeroedArray, MovingHandsOverTheElementsAndEmptiesTheSource) {
    ZeroedArray<Pair> a(std::size_t{1} << 19);
    a[7] = {7, 7};
    const Pair* data = a.begin();
    ZeroedArray<Pair> b = std::move(a);
    EXPECT_EQ(b.begin(), data);
    EXPECT_EQ(b[7].a, 7u);
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    ZeroedArray<Pair> c(10);
    c = std::move(b);
    EXPECT_EQ(c.size(), std::size_t{1} << 19);
    EXPECT_EQ(c[7].b, 7u);
    EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace wardscope::core
