#include "core/id_set.h"

#include <algorithm>
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

inline std::uint64_t load(const char* p, std::size_t bytes) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, bytes);  // a constant size: one load
    return w;
}

/// The bytes of s from `from` on (fewer than 8) as one word, read with loads of
/// a fixed size only: a memcpy of a variable size is a library call whose byte
/// stores the next load waits for (half the hash's time). Given the length
/// (mixed in by the caller), the word tells the bytes apart.
inline std::uint64_t tailWord(std::string_view s, std::size_t from) {
    const std::size_t rest = s.size() - from;
    if (rest == 0) return 0;
    const char* p = s.data();
    const std::size_t n = s.size();
    if (n >= 8) return load(p + n - 8, 8) >> (8 * (8 - rest));  // the last 8 bytes, without those hashed
    if (n >= 4) return load(p, 4) | load(p + n - 4, 4) << 32;    // 4..7 bytes: two overlapping words
    // 1..3 bytes: the first, middle and last.
    return load(p, 1) | load(p + n / 2, 1) << 8 | load(p + n - 1, 1) << 16;
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
    const std::uint64_t tail = tailWord(s, i);
    return {mix(a ^ tail ^ (seedA << 1)), mix(b ^ tail ^ (seedB << 1))};
}

}  // namespace

namespace {

/// The home slot of a key among `slots`: the high half of a * slots, which
/// spreads a uniform 64-bit a evenly over any table size (Lemire's
/// multiply-shift), so the table need not be a power of two.
__extension__ using Wide = unsigned __int128;  // GCC and Clang (__extension__: no -Wpedantic note)

inline std::size_t homeSlot(std::uint64_t a, std::size_t slots) {
    return static_cast<std::size_t>((static_cast<Wide>(a) * slots) >> 64);
}

/// Slots for `count` keys at most 70% full, rounded up to 4096 (64 KiB). Not
/// a power of two: 10^6 ids take 23 MB instead of 32 MB, 10^7 233 MB
/// instead of 268 MB.
std::size_t slotsFor(std::size_t count) {
    constexpr std::size_t kGranule = 4096;
    const std::size_t slots = (count * 10 + 6) / 7 + 1;
    return (slots + kGranule - 1) / kGranule * kGranule;
}

}  // namespace

void IdSet::reserve(std::size_t count) {
    if (count * 10 > m_slots.size() * 7) rehash(slotsFor(count));  // more slots than now: never shrinks
}

void IdSet::grow() { rehash(slotsFor(std::max<std::size_t>(2 * m_size, 1024))); }

void IdSet::rehash(std::size_t slots) {
    ZeroedArray<Slot> old = std::move(m_slots);
    m_slots = ZeroedArray<Slot>(slots);
    for (const Slot& s : old) {
        if (s.a == 0 && s.b == 0) continue;
        std::size_t pos = homeSlot(s.a, slots);
        while (m_slots[pos].a != 0 || m_slots[pos].b != 0) pos = pos + 1 == slots ? 0 : pos + 1;
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
    const std::size_t slots = m_slots.size();
    m_sortKeys.resize(keys.size());
    m_sortRows.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        m_sortKeys[i] = homeSlot(keys[i].a, slots);
        m_sortRows[i] = static_cast<std::uint32_t>(i);
    }
    radixSortByKey(m_sortKeys, m_sortRows, m_scratchKeys, m_scratchRows);
    // Keys a few apart in slot order are still a cache line or more apart in a
    // large table: each one's home slot is fetched some keys ahead.
    constexpr std::size_t kAhead = 16;
    const std::size_t n = m_sortRows.size();
    for (std::size_t j = 0; j < n; ++j) {
        if (j + kAhead < n) __builtin_prefetch(&m_slots[m_sortKeys[j + kAhead]], 1);
        const std::uint32_t i = m_sortRows[j];
        isNew[i] = insert(keys[i]) ? 1 : 0;
    }
}

IdSet::Hash IdSet::hash(std::string_view id) {
    Hash key = hashBytes(id, 0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL);
    if (key.a == 0 && key.b == 0) key.b = 1;
    return key;
}

bool IdSet::insert(Hash key) {
    if ((m_size + 1) * 10 > m_slots.size() * 7) grow();
    const std::size_t slots = m_slots.size();
    std::size_t pos = homeSlot(key.a, slots);
    for (;;) {
        Slot& s = m_slots[pos];
        if (s.a == 0 && s.b == 0) {
            s = key;
            ++m_size;
            return true;
        }
        if (s.a == key.a && s.b == key.b) return false;
        pos = pos + 1 == slots ? 0 : pos + 1;
    }
}

}  // namespace wardscope::core
