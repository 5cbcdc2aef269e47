#include <gtest/gtest.h>

#include <string>

#include "core/id_set.h"

using wardscope::core::IdSet;

TEST(IdSet, DetectsRepeatsAcrossGrowth) {
    IdSet ids;
    for (int i = 0; i < 100000; ++i) ASSERT_TRUE(ids.insert("SYN-C-" + std::to_string(i)));
    EXPECT_EQ(ids.size(), 100000u);
    for (int i = 0; i < 100000; i += 997) EXPECT_FALSE(ids.insert("SYN-C-" + std::to_string(i)));
    EXPECT_TRUE(ids.insert(""));
    EXPECT_FALSE(ids.insert(""));
    EXPECT_TRUE(ids.insert("SYN-C-1 "));  // ids are compared as written
}

TEST(IdSet, ReserveKeepsWhatIsThereAndFindsRepeats) {
    IdSet ids;
    for (int i = 0; i < 5000; ++i) ASSERT_TRUE(ids.insert("A" + std::to_string(i)));
    ids.reserve(1000000);  // rehashes the 5,000 into a larger table
    ids.reserve(10);       // never shrinks
    EXPECT_EQ(ids.size(), 5000u);
    for (int i = 0; i < 5000; ++i) ASSERT_FALSE(ids.insert("A" + std::to_string(i)));
    for (int i = 0; i < 5000; ++i) ASSERT_TRUE(ids.insert("B" + std::to_string(i)));
    EXPECT_EQ(ids.size(), 10000u);
}
