#include "core/unicode.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace wardscope::core {
namespace {

struct LatinDecomposition {
    char32_t codePoint;
    std::array<char32_t, 3> nfdLower;
};
struct CombiningClass {
    char32_t mark;
    int ccc;
};
#include "core/unicode_tables.inc"

constexpr char32_t kReplacement = 0xFFFD;

/// Decodes one code point at text[i], advancing i. Invalid input yields U+FFFD.
char32_t decodeOne(std::string_view text, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int len = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
        minimum = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
        minimum = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
        minimum = 0x10000;
    } else {
        ++i;
        return kReplacement;
    }
    if (i + static_cast<std::size_t>(len) > text.size()) {
        ++i;
        return kReplacement;
    }
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

const LatinDecomposition* findDecomposition(char32_t cp) {
    const auto* begin = std::begin(kLatinDecompositions);
    const auto* end = std::end(kLatinDecompositions);
    const auto* it = std::lower_bound(begin, end, cp, [](const LatinDecomposition& d, char32_t c) {
        return d.codePoint < c;
    });
    return (it != end && it->codePoint == cp) ? it : nullptr;
}

int combiningClass(char32_t cp) {
    if (cp < 0x0300 || cp > 0x036F) return 0;
    for (const auto& c : kCombiningClasses)
        if (c.mark == cp) return c.ccc;
    return 0;
}

bool isSpace(char32_t cp) {
    return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x00A0;
}

/// NFD of the lower-cased text, whitespace collapsed, marks canonically ordered.
std::vector<char32_t> decomposedLower(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    bool pendingSpace = false;
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t cp = decodeOne(text, i);
        if (isSpace(cp)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) {
            out.push_back(U' ');
            pendingSpace = false;
        }
        if (cp >= U'A' && cp <= U'Z') {
            out.push_back(cp - U'A' + U'a');
        } else if (const auto* d = findDecomposition(cp)) {
            for (char32_t part : d->nfdLower)
                if (part != 0) out.push_back(part);
        } else {
            out.push_back(cp);
        }
    }
    // Canonical ordering: sort each run of combining marks by class (stable).
    std::size_t k = 0;
    while (k < out.size()) {
        if (combiningClass(out[k]) == 0) {
            ++k;
            continue;
        }
        std::size_t end = k;
        while (end < out.size() && combiningClass(out[end]) != 0) ++end;
        std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(k),
                         out.begin() + static_cast<std::ptrdiff_t>(end),
                         [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        k = end;
    }
    return out;
}

}  // namespace

bool isValidUtf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

std::optional<std::size_t> findInvalidUtf8(std::string_view text) {
    // Well-formed sequences as in the Unicode standard (table 3-7): no overlong
    // forms, no surrogates, nothing above U+10FFFF.
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
    };
    while (i < n) {
        // ASCII runs sixteen, then eight bytes at a time.
#if defined(__SSE2__)
        while (i + 16 <= n) {
            const int high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)));
            if (high != 0) {
                i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));
                break;
            }
            i += 16;
        }
#endif
        while (i + 8 <= n) {
            std::uint64_t word = 0;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) != 0) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char b0 = s[i];
        if (b0 < 0x80) {
            ++i;
        } else if (b0 >= 0xC2 && b0 <= 0xDF) {
            if (!cont(1)) return i;
            i += 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
            if (!cont(1, lo, hi) || !cont(2)) return i;
            i += 3;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
            if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return i;
            i += 4;
        } else {
            return i;
        }
    }
    return std::nullopt;
}

std::string exactNameKey(std::string_view name) {
    std::string out;
    for (char32_t cp : decomposedLower(name)) appendUtf8(out, cp);
    return out;
}

std::string foldedNameKey(std::string_view name) {
    std::string out;
    for (char32_t cp : decomposedLower(name)) {
        if (cp >= 0x0300 && cp <= 0x036F) continue;
        if (cp == 0x0111) cp = U'd';  // đ
        appendUtf8(out, cp);
    }
    return out;
}

std::string_view stripUnitTypePrefix(std::string_view key) {
    static const std::array<std::string, 16> prefixes = [] {
        std::array<std::string, 16> p;
        const std::array<std::string_view, 8> words = {"thị trấn ", "đặc khu ", "phường ", "xã ",
                                                       "tt ", "p. ", "x. ", "dk "};
        for (std::size_t i = 0; i < words.size(); ++i) {
            p[2 * i] = exactNameKey(words[i]) + " ";
            p[2 * i + 1] = foldedNameKey(words[i]) + " ";
        }
        return p;
    }();
    for (const auto& prefix : prefixes) {
        if (key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix)
            return key.substr(prefix.size());
    }
    return key;
}

std::string_view detail::trimEnds(std::string_view text) {
    auto isWs = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty()) {
        if (isWs(text.front())) {
            text.remove_prefix(1);
        } else if (text.size() >= 2 && text.substr(0, 2) == "\xC2\xA0") {
            text.remove_prefix(2);
        } else {
            break;
        }
    }
    while (!text.empty()) {
        if (isWs(text.back())) {
            text.remove_suffix(1);
        } else if (text.size() >= 2 && text.substr(text.size() - 2) == "\xC2\xA0") {
            text.remove_suffix(2);
        } else {
            break;
        }
    }
    return text;
}

}  // namespace wardscope::core
