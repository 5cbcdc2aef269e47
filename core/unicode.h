#pragma once
// UTF-8 checks and name keys for matching Vietnamese names without ICU.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wardscope::core {

/// Byte offset of the first invalid UTF-8 sequence, or nullopt when valid.
/// Overlong forms, surrogates and code points above U+10FFFF are invalid.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);
/// !findInvalidUtf8(text).has_value(), checked with SIMD instructions
/// (simdjson's validator; a few GB/s): for a whole block of rows at once, after
/// which findInvalidUtf8 is needed only where this says no.
bool isValidUtf8(std::string_view text);

/// Canonically decomposed (NFD), lower-cased key with whitespace collapsed:
/// "Phường  Đồ Sơn" and a decomposed "phường đồ sơn" give the same key.
/// Differences in diacritics still count ("Cẩm Giang" != "Cẩm Giàng").
std::string exactNameKey(std::string_view name);

/// Like exactNameKey but without any diacritic, and đ folded to d:
/// "Cẩm Giàng", "CAM GIANG" and "cam giang" give "cam giang".
std::string foldedNameKey(std::string_view name);

/// Strips a leading administrative type word from a key made by either
/// function above ("phuong ", "xa ", "dac khu ", "thi tran ", ...).
std::string_view stripUnitTypePrefix(std::string_view key);

namespace detail {
std::string_view trimEnds(std::string_view text);
}

/// Trims ASCII whitespace (and a UTF-8 no-break space) from both ends.
inline std::string_view trim(std::string_view text) {
    // Most values have nothing to trim: neither end can start whitespace.
    if (text.empty()) return text;
    const auto first = static_cast<unsigned char>(text.front());
    const auto last = static_cast<unsigned char>(text.back());
    if (first > 0x20 && first != 0xC2 && last > 0x20 && last != 0xA0) return text;
    return detail::trimEnds(text);
}

}  // namespace wardscope::core
