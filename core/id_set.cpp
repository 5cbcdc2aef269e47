#include "core/id_set.h"

#include <cstring>

#include "core/radix_sort.h"

namespace wardscope::core {
namespace {

inline std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/// Two independent 64-bit hashes of the bytes (a simple 8-bytes-at-a-time
/// hash per seed, finished by MurmurHash3's fmix64), in one read of them.
IdSet::Hash hashBytes(std::string_view s, std::uint64_t seedA, std::uint64_t seedB) {
    std::uint64_t a = seedA ^ (s.size() * 0x9E3779B97F4A7C15ULL);
    std::uint64_t b = seedB ^ (s.size() * 0x9E3779B97F4A7C15ULL);
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        a = mix(a ^ w) + 0x632BE59BD9B4E019ULL;
        b = mix(b ^ w) + 0x632BE59BD9B4E019ULL;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    return {mix(a ^ tail ^ (seedA << 1)), mix(b ^ tail ^ (seedB << 1))};
}

}  // namespace

void IdSet::reserve(std::size_t count) {
    std::size_t slots = m_slots.empty() ? 1024 : m_slots.size();
    while (count * 10 > slots * 7) slots *= 2;
    if (slots > m_slots.size()) rehash(slots);
}

void IdSet::grow() { rehash(m_slots.empty() ? 1024 : m_slots.size() * 2); }

void IdSet::rehash(std::size_t slots) {
    ZeroedArray<Slot> old = std::move(m_slots);
    m_slots = ZeroedArray<Slot>(slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& s : old) {
        if (s.a == 0 && s.b == 0) continue;
        std::size_t pos = s.a & mask;
        while (m_slots[pos].a != 0 || m_slots[pos].b != 0) pos = (pos + 1) & mask;
        m_slots[pos] = s;
    }
}

void IdSet::insertAll(std::span<const Hash> keys, std::vector<char>& isNew) {
    isNew.assign(keys.size(), 0);
    if (keys.size() == 1) {  // a spreadsheet's rows come one by one
        isNew[0] = insert(keys[0]) ? 1 : 0;
        return;
    }
    reserve(m_size + keys.size());  // no rehash on the way: every key keeps its home slot
    const std::uint64_t mask = m_slots.size() - 1;
    m_sortKeys.resize(keys.size());
    m_sortRows.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        m_sortKeys[i] = keys[i].a & mask;
        m_sortRows[i] = static_cast<std::uint32_t>(i);
    }
    radixSortByKey(m_sortKeys, m_sortRows, m_scratchKeys, m_scratchRows);
    for (const std::uint32_t i : m_sortRows) isNew[i] = insert(keys[i]) ? 1 : 0;
}

IdSet::Hash IdSet::hash(std::string_view id) {
    Hash key = hashBytes(id, 0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL);
    if (key.a == 0 && key.b == 0) key.b = 1;
    return key;
}

bool IdSet::insert(Hash key) {
    if ((m_size + 1) * 10 > m_slots.size() * 7) grow();
    const std::size_t mask = m_slots.size() - 1;
    std::size_t pos = key.a & mask;
    for (;;) {
        Slot& s = m_slots[pos];
        if (s.a == 0 && s.b == 0) {
            s = key;
            ++m_size;
            return true;
        }
        if (s.a == key.a && s.b == key.b) return false;
        pos = (pos + 1) & mask;
    }
}

}  // namespace wardscope::core
