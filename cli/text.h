#pragma once
// Terminal text helpers for the front end.
#include <string>

namespace wardscope::cli {

/// Pads UTF-8 text with spaces to `width` characters (not bytes), so that
/// Vietnamese names line up in columns.
inline std::string padUtf8(const std::string& text, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
    return text + std::string(chars < width ? width - chars : 0, ' ');
}

}  // namespace wardscope::cli
