#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/radix_sort.h"
#include "core/random.h"

using namespace wardscope::core;

TEST(RadixSort, StableAndEqualToAStableSort) {
    Random rng(3);
    for (std::size_t n : {0, 1, 2, 1000, 70000}) {
        std::vector<std::uint64_t> keys(n);
        for (auto& k : keys) k = n % 2 ? rng.below(50) : (std::uint64_t{1} << 40) + rng.below(1u << 20);  // ties / shared leading bytes
        std::vector<std::uint32_t> values(n);
        std::iota(values.begin(), values.end(), 0u);
        std::vector<std::uint32_t> expected = values;
        std::stable_sort(expected.begin(), expected.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
        std::vector<std::uint64_t> sk;
        std::vector<std::uint32_t> sv;
        radixSortByKey(keys, values, sk, sv);
        EXPECT_EQ(values, expected) << n;
        EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    }
}

TEST(RadixSort, OrderedKeyKeepsTheOrderOfDoubles) {
    const std::vector<double> v = {-std::numeric_limits<double>::infinity(), -1e300, -2.5, -1e-310, -0.0, 0.0, 1e-310,
                                   1.0, 2.25e6, std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
        if (v[i] == v[i + 1]) {
            EXPECT_EQ(orderedKey(v[i]), orderedKey(v[i + 1]));  // -0 == +0
        } else {
            EXPECT_LT(orderedKey(v[i]), orderedKey(v[i + 1])) << v[i] << " " << v[i + 1];
        }
    }
}
