// libFuzzer target: the project file (TOML) and its column mappings (gis).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/records.h"
#include "gis/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto request = wardscope::gis::readProjectText(text, "/fuzz/project.toml");
        // Exercise the column mapping against a typical header.
        const std::vector<std::string> header = {"Mã hồ sơ", "Ngày phát hiện", "Tuổi", "Mã xã", "Kinh độ", "Vĩ độ"};
        (void)wardscope::core::resolveHeader(wardscope::core::RecordKind::Case, header, request.cases.columns);
        try {
            request.validate();
        } catch (const wardscope::Error&) {
        }
    } catch (const wardscope::Error&) {
    }
    return 0;
}
