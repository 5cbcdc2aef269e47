#pragma once
// Remembers record ids to find duplicates in a stream without keeping the ids.
// Each id is stored as a 128-bit hash (two independent 64-bit hashes): the chance
// that two different ids among 10^7 collide is about 10^-25.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/zeroed_buffer.h"

namespace wardscope::core {

class IdSet {
public:
    struct Hash {
        std::uint64_t a = 0, b = 0;  // a == 0 && b == 0 marks an empty slot
    };
    /// The 128-bit key of an id (computable in any thread).
    static Hash hash(std::string_view id);

    /// Inserts the id; false when it was already present.
    bool insert(std::string_view id) { return insert(hash(id)); }
    bool insert(Hash key);
    [[nodiscard]] std::size_t size() const { return m_size; }
    /// Makes room for about `count` ids without rehashing on the way.
    void reserve(std::size_t count);

    /// Inserts many keys; isNew[i] is true when keys[i] was not present before
    /// and is the first of its equals in `keys` -- exactly what inserting them
    /// one by one, in order, would answer. The keys go in in the order of their
    /// table slots (a stable sort): once the table outgrows the caches, that
    /// walks it in memory order instead of missing the cache on every key.
    void insertAll(std::span<const Hash> keys, std::vector<char>& isNew);

private:
    using Slot = Hash;
    void grow();
    void rehash(std::size_t slots);
    ZeroedArray<Slot> m_slots;  ///< zero = empty; large tables on huge pages
    std::size_t m_size = 0;
    // insertAll's working space, kept between calls.
    std::vector<std::uint64_t> m_sortKeys, m_scratchKeys;
    std::vector<std::uint32_t> m_sortRows, m_scratchRows;
};

}  // namespace wardscope::core
