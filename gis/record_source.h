#pragma once
// Rows of a record file. CSV is read by core::CsvReader (streaming, with the
// physical line and raw text every reject entry needs); spreadsheets (XLSX, ODS)
// and point layers (GeoPackage, GeoJSON, ...) are read through GDAL/OGR.
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gis/crs.h"

namespace wardscope::gis {

struct SourceRow {
    std::size_t line = 0;       ///< CSV: physical line; spreadsheet: sheet row; layer: feature id
    std::string_view raw;       ///< the row as written (CSV) or re-encoded as CSV
    std::span<const std::string_view> fields;
    bool unterminatedQuote = false;
};

class RecordSource {
public:
    virtual ~RecordSource() = default;
    [[nodiscard]] virtual const std::vector<std::string>& header() const = 0;
    /// false at the end. Row memory is valid until the next call.
    virtual bool next(SourceRow& row) = 0;
    /// Approximate fraction read, for progress.
    [[nodiscard]] virtual double fractionRead() const = 0;
    [[nodiscard]] virtual std::string format() const = 0;
    /// A CRS the file itself declares (point layers), if any.
    [[nodiscard]] virtual std::optional<Crs> declaredCrs() const { return std::nullopt; }
    /// 1-based line (CSV) or sheet row of the header, for messages.
    [[nodiscard]] virtual std::size_t headerLine() const { return 1; }
};

/// How many record fields a candidate header row names (core::recognisedColumns).
using HeaderScore = std::function<std::size_t(const std::vector<std::string>&)>;

/// Opens a record file by its extension: .csv/.txt/.tsv -> CSV reader; anything
/// else through GDAL ("file.gpkg:layer" picks a layer). In an XLSX or ODS sheet
/// with `score`, the header is the row among the first 30 that names the most
/// fields (a ward office's sheet has a title block above it; headerLine() tells
/// which row), and an empty sheet row is an empty row (raw text ""). Throws
/// InputError when the file is missing, a directory, unreadable or has no header.
std::unique_ptr<RecordSource> openRecordSource(const std::string& spec, const HeaderScore& score = {});

/// A CSV file for reading. A file whose lines end in a carriage return alone
/// (Excel's "CSV (Macintosh)") is read whole, with each CR taken for a line
/// end; any other is streamed from the file. `crOnly` says which.
std::unique_ptr<std::istream> openCsvStream(const std::string& path, bool* crOnly = nullptr);

}  // namespace wardscope::gis
