#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

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

TEST(IdSet, BatchInsertAnswersAsOneByOne) {
    // Batches with repeats inside a batch, across batches, and growth between
    // them: the batch answers equal those of inserting in order into a twin.
    IdSet batch, single;
    std::uint64_t state = 3;
    std::vector<char> isNew;
    for (int round = 0; round < 40; ++round) {
        std::vector<IdSet::Hash> keys;
        std::vector<char> expected;
        for (int k = 0; k < 5000; ++k) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const std::string id = "C" + std::to_string((state >> 33) % 60000);
            keys.push_back(IdSet::hash(id));
            expected.push_back(single.insert(keys.back()) ? 1 : 0);
        }
        batch.insertAll(keys, isNew);
        ASSERT_EQ(isNew, expected) << round;
        ASSERT_EQ(batch.size(), single.size());
    }
    EXPECT_GT(batch.size(), 50000u);
    for (const char* id : {"C1", "new-1", "new-1"}) {  // batches of one key
        const IdSet::Hash key = IdSet::hash(id);
        batch.insertAll({&key, 1}, isNew);
        ASSERT_EQ(isNew, std::vector<char>{single.insert(key) ? char{1} : char{0}}) << id;
    }
    batch.insertAll({}, isNew);
    EXPECT_TRUE(isNew.empty());
}

TEST(IdSet, KeysAtTheTableEndWrapAround) {
    // Keys whose home is the last slot (the largest a) probe on from slot 0;
    // they, and keys homed at slot 0, are all kept apart and found again.
    IdSet ids;
    ids.reserve(3000);  // a table that is not a power of two
    std::vector<IdSet::Hash> keys;
    for (std::uint64_t b = 1; b <= 50; ++b) keys.push_back({~std::uint64_t{0}, b});
    for (std::uint64_t b = 1; b <= 50; ++b) keys.push_back({1, b});
    for (const auto& k : keys) ASSERT_TRUE(ids.insert(k));
    for (const auto& k : keys) ASSERT_FALSE(ids.insert(k));
    EXPECT_EQ(ids.size(), keys.size());
    std::vector<char> isNew;
    IdSet batch;
    batch.reserve(3000);
    batch.insertAll(keys, isNew);
    EXPECT_EQ(isNew, std::vector<char>(keys.size(), 1));
    batch.insertAll(keys, isNew);
    EXPECT_EQ(isNew, std::vector<char>(keys.size(), 0));
}

TEST(IdSet, ShortIdsThatDifferInAnyByteAreDifferentKeys) {
    // Every string of 0..7 bytes over four byte values (0 and 0xFF included),
    // and 8..16-byte ones that differ only in their last bytes: the bytes past
    // the last full 8 are read with overlapping fixed-size loads, and no two of
    // these may share a key.
    const std::string alphabet("ab\0\xff", 4);
    std::vector<std::string> ids{""};
    for (std::size_t begin = 0, length = 1; length <= 7; ++length) {
        const std::size_t end = ids.size();
        for (std::size_t i = begin; i < end; ++i)
            for (char c : alphabet) ids.push_back(ids[i] + c);
        begin = end;
    }
    for (std::size_t length = 8; length <= 16; ++length)
        for (char c1 : alphabet)
            for (char c2 : alphabet) ids.push_back(std::string(length - 2, 'x') + c1 + c2);
    IdSet set;
    for (const auto& id : ids) ASSERT_TRUE(set.insert(id)) << "length " << id.size();
    for (const auto& id : ids) ASSERT_FALSE(set.insert(id));
    EXPECT_EQ(set.size(), ids.size());
}
