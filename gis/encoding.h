#pragma once
// Guessing the legacy Vietnamese encoding of text that is not UTF-8, so that the
// message can say what to do ("save as UTF-8"), not just that the bytes are bad.
#include <string_view>

namespace wardscope::gis {

/// "Windows-1258", "TCVN3", "VNI" or "" when no candidate reads as Vietnamese.
/// TCVN3 and Windows-1258 are decoded with iconv and scored by how much of the
/// result is Vietnamese letters; VNI (not in iconv) by its tone-mark bytes after
/// ASCII letters.
std::string_view guessLegacyEncoding(std::string_view bytes);

}  // namespace wardscope::gis
