// libFuzzer target: the CSV record reader and row validation (core).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/csv_reader.h"
#include "core/record_parser.h"
#include "core/unicode.h"
#include "core/ward_directory.h"

using namespace wardscope::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::istringstream in(text);
    CsvReader reader(in, 0, 64);  // a tiny buffer exercises refills
    CsvRow row;
    if (!reader.next(row)) return 0;
    std::vector<std::string> header(row.fields.begin(), row.fields.end());
    for (RecordKind kind : {RecordKind::Case, RecordKind::Survey}) {
        const auto resolution = resolveHeader(kind, header, {});
        RecordParser parser(kind, resolution.columns, header.size(), RecordRules{});
        std::istringstream again(text);
        CsvReader rows(again);
        rows.next(row);
        ParsedRecord record;
        RowReject reject{};
        static WardDirectory directory = [] {
            WardDirectory d;
            d.build({"10888", "10903", "11383"}, {"Cẩm Giang", "Cẩm Giàng", "Lê Chân"});
            return d;
        }();
        while (rows.next(row)) {
            // The block check (SIMD) and the row check (which also says where)
            // agree on every row.
            if (isValidUtf8(row.raw) == findInvalidUtf8(row.raw).has_value()) __builtin_trap();
            if (parser.parse(row.fields, record, reject)) {
                (void)directory.findCode(record.location.wardCode);
                (void)directory.findName(record.location.wardName);
            }
        }
    }
    return 0;
}
