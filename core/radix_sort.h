#pragma once
// Stable LSD radix sort of (key, value) pairs by unsigned 64-bit key, 8 bits a
// pass; a pass where every key has the same byte (the leading bytes of nearby
// coordinates, say) is skipped. O(n) per pass instead of O(n log n) comparisons.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace wardscope::core {

/// Sorts keys ascending and moves values with them; equal keys keep their order.
/// `scratchKeys`/`scratchValues` are working space (resized), reusable across calls.
template <typename Value>
void radixSortByKey(std::vector<std::uint64_t>& keys, std::vector<Value>& values, std::vector<std::uint64_t>& scratchKeys,
                    std::vector<Value>& scratchValues) {
    const std::size_t n = keys.size();
    scratchKeys.resize(n);
    scratchValues.resize(n);
    // The counts of all eight bytes in one read of the keys.
    std::array<std::array<std::size_t, 257>, 8> counts{};
    for (const std::uint64_t k : keys)
        for (int b = 0; b < 8; ++b) ++counts[static_cast<std::size_t>(b)][((k >> (8 * b)) & 0xFF) + 1];
    for (int shift = 0; shift < 64; shift += 8) {
        auto& count = counts[static_cast<std::size_t>(shift / 8)];
        if (std::find(count.begin() + 1, count.end(), n) != count.end()) continue;
        for (std::size_t d = 1; d < count.size(); ++d) count[d] += count[d - 1];
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t slot = count[(keys[i] >> shift) & 0xFF]++;
            scratchKeys[slot] = keys[i];
            scratchValues[slot] = values[i];
        }
        keys.swap(scratchKeys);
        values.swap(scratchValues);
    }
}

/// An unsigned key with the order of the double (-0 and +0 equal; NaN not allowed).
inline std::uint64_t orderedKey(double v) {
    v += 0.0;  // -0 becomes +0
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return (b >> 63) != 0 ? ~b : b | (std::uint64_t{1} << 63);
}

}  // namespace wardscope::core
