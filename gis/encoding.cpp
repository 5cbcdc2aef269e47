#include "gis/encoding.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace wardscope::gis {

namespace {

bool isVietnameseLetter(char32_t c) {
    if (c >= 0xC0 && c <= 0xFD) {
        static constexpr std::u32string_view latin1 = U"ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";
        return latin1.find(c) != std::u32string_view::npos;
    }
    switch (c) {
        case 0x102: case 0x103: case 0x110: case 0x111: case 0x128: case 0x129: case 0x168: case 0x169:
        case 0x1A0: case 0x1A1: case 0x1AF: case 0x1B0: case 0x300: case 0x301: case 0x303: case 0x309: case 0x323:
            return true;
        default: return c >= 0x1EA0 && c <= 0x1EF9;
    }
}

/// Score of `bytes` decoded from `encoding`: +1 per Vietnamese letter, -2 per other
/// non-ASCII character; a failed decoding scores very low.
int iconvScore(std::string_view bytes, const char* encoding) {
    iconv_t cd = iconv_open("UTF-32LE", encoding);
    if (cd == reinterpret_cast<iconv_t>(-1)) return -1000000;
    std::string in(bytes);
    std::u32string out(in.size() * 2 + 4, U'\0');
    char* inPtr = in.data();
    std::size_t inLeft = in.size();
    char* outPtr = reinterpret_cast<char*>(out.data());
    std::size_t outLeft = out.size() * sizeof(char32_t);
    const std::size_t rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) return -1000000;
    out.resize((out.size() * sizeof(char32_t) - outLeft) / sizeof(char32_t));
    int score = 0;
    for (char32_t c : out)
        if (c >= 0x80) score += isVietnameseLetter(c) ? 1 : -2;
    return score;
}

bool isAsciiVowel(unsigned char c) {
    switch (c | 0x20) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
        default: return false;
    }
}

/// Windows-1258 writes tones as combining bytes after a vowel (0xCC grave, 0xEC
/// acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below); VNI writes marks as bytes after
/// an ASCII vowel (0xE2/0xEA/0xEB/0xE4 hats and breve, 0xF8 0xF9 0xFB 0xF5 0xEF tones).
void signatures(std::string_view bytes, int& cp1258, int& vni) {
    cp1258 = vni = 0;
    for (std::size_t i = 1; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        const auto prev = static_cast<unsigned char>(bytes[i - 1]);
        if (b < 0x80) continue;
        const bool cpTone = b == 0xCC || b == 0xEC || b == 0xD2 || b == 0xDE || b == 0xF2;
        const bool vniMark = b == 0xE2 || b == 0xEA || b == 0xEB || b == 0xE4 || b == 0xF8 || b == 0xF9 || b == 0xFB ||
                             b == 0xF5 || b == 0xEF;
        if (cpTone && (isAsciiVowel(prev) || prev >= 0xC0)) ++cp1258;
        if (vniMark && isAsciiVowel(prev)) ++vni;
    }
}

}  // namespace

std::string_view guessLegacyEncoding(std::string_view bytes) {
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 && b != '\t' && b != '\r' && b != '\n') return "";  // binary, not text
    }
    int cp1258 = 0, vni = 0;
    signatures(bytes, cp1258, vni);
    if (cp1258 > vni && cp1258 > 0 && iconvScore(bytes, "CP1258") > 0) return "Windows-1258";
    if (vni > cp1258 && vni > 0) return "VNI";
    if (iconvScore(bytes, "TCVN5712-1") > 0) return "TCVN3";
    return "";
}

}  // namespace wardscope::gis
