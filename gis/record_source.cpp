#include "gis/record_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "core/csv_reader.h"
#include "core/error.h"
#include "core/unicode.h"
#include "gis/encoding.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

std::unique_ptr<std::istream> openCsvStream(const std::string& path, bool* crOnly) {
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) throw InputError(path + ": cannot be opened for reading");
    // The first 64 KiB tell: carriage returns and no line feed.
    std::string head(64 * 1024, '\0');
    file->read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(file->gcount()));
    const bool cr = head.find('\r') != std::string::npos && head.find('\n') == std::string::npos;
    if (crOnly) *crOnly = cr;
    if (!cr) {
        file->clear();
        file->seekg(0);
        return file;
    }
    std::string text = head + std::string(std::istreambuf_iterator<char>(*file), std::istreambuf_iterator<char>());
    std::replace(text.begin(), text.end(), '\r', '\n');
    return std::make_unique<std::istringstream>(std::move(text));
}

namespace {

class CsvSource final : public RecordSource {
public:
    explicit CsvSource(const std::string& path) : m_path(path) {
        std::error_code ec;
        m_size = std::filesystem::file_size(path, ec);
        m_in = openCsvStream(path);
        m_reader = std::make_unique<core::CsvReader>(*m_in);
        core::CsvRow header;
        if (!m_reader->next(header)) throw InputError(path + ": is empty (no header row)");
        if (auto bad = core::findInvalidUtf8(header.raw)) {
            const std::string_view guess = guessLegacyEncoding(header.raw);
            throw InputError(path + ": line 1: header is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")" +
                             (guess.empty() ? std::string() : "; it looks like " + std::string(guess)) +
                             "; save the file as UTF-8");
        }
        for (auto f : header.fields) m_header.emplace_back(core::trim(f));
        if (m_header.size() == 1 && m_header[0].empty()) throw InputError(path + ": line 1: the header row is empty");
    }
    const std::vector<std::string>& header() const override { return m_header; }
    bool next(SourceRow& row) override {
        if (!m_reader->next(m_row)) return false;
        row.line = m_row.line;
        row.raw = m_row.raw;
        row.fields = m_row.fields;
        row.unterminatedQuote = m_row.unterminatedQuote;
        return true;
    }
    double fractionRead() const override {
        return m_size ? static_cast<double>(m_reader->bytesConsumed()) / static_cast<double>(m_size) : 1.0;
    }
    std::string format() const override {
        const char d = m_reader->delimiter();
        return std::string("CSV (") + (d == ';' ? "semicolon" : d == '\t' ? "tab" : "comma") +
               (m_reader->hadByteOrderMark() ? ", UTF-8 with BOM)" : ")");
    }

private:
    std::string m_path;
    std::uintmax_t m_size = 0;
    std::unique_ptr<std::istream> m_in;
    std::unique_ptr<core::CsvReader> m_reader;
    std::vector<std::string> m_header;
    core::CsvRow m_row;
};

std::string csvJoin(const std::vector<std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out.push_back(',');
        out += core::csvEscape(values[i]);
    }
    return out;
}

class OgrSource final : public RecordSource {
public:
    OgrSource(const std::string& path, const std::string& layerName, const HeaderScore& score) {
        m_ds = openVector(path);
        m_driver = m_ds->GetDriver() ? m_ds->GetDriver()->GetDescription() : "GDAL";
        m_spreadsheet = m_driver == "XLSX" || m_driver == "ODS" || m_driver == "XLS";
        // XLSX and ODS sheets are read as text with GDAL's header guess off, so
        // that the header row can be found under a title block.
        const bool findHeader = score && (m_driver == "XLSX" || m_driver == "ODS");
        if (findHeader) m_ds = openVector(path, {"HEADERS=DISABLE", "FIELD_TYPES=STRING"});
        m_layer = &layerOf(*m_ds, path, layerName);
        OGRFeatureDefn* defn = m_layer->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) m_header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        m_fieldCount = m_header.size();
        const auto geomType = wkbFlatten(m_layer->GetGeomType());
        if (defn->GetGeomFieldCount() > 0 && (geomType == wkbPoint || geomType == wkbUnknown)) {
            m_crs = Crs::fromSpatialRef(m_layer->GetSpatialRef());
            const bool projected = m_crs && m_crs->isProjected();
            m_header.emplace_back(projected ? "x" : "lon");
            m_header.emplace_back(projected ? "y" : "lat");
            m_pointColumns = true;
        }
        m_total = m_layer->GetFeatureCount(FALSE);
        m_layer->ResetReading();
        if (findHeader) findHeaderRow(score);
    }
    const std::vector<std::string>& header() const override { return m_header; }
    bool next(SourceRow& row) override {
        std::size_t line = 0;
        if (m_buffered < m_buffer.size()) {
            line = m_buffer[m_buffered].first;
            m_values = std::move(m_buffer[m_buffered].second);
            ++m_buffered;
            ++m_read;
        } else if (!readFeature(line)) {
            return false;
        }
        m_views.assign(m_values.begin(), m_values.end());
        // A row with nothing in it is an empty row, as a blank CSV line is.
        const bool blank = std::all_of(m_values.begin(), m_values.end(), [](const std::string& v) { return core::trim(v).empty(); });
        m_raw = blank ? std::string() : csvJoin(m_values);
        row.line = line;
        row.raw = m_raw;
        row.fields = m_views;
        row.unterminatedQuote = false;
        return true;
    }
    double fractionRead() const override {
        return m_total > 0 ? static_cast<double>(m_read) / static_cast<double>(m_total) : 0.0;
    }
    std::string format() const override { return m_driver; }
    std::optional<Crs> declaredCrs() const override {
        if (m_crs && !m_crs->empty()) return m_crs;
        return std::nullopt;
    }
    std::size_t headerLine() const override { return m_headerLine; }

private:
    /// The next feature's values into m_values; `line` is its sheet row (the
    /// header is row m_headerLine) or, in a layer, its feature id.
    bool readFeature(std::size_t& line) {
        OGRFeatureUniquePtr f(m_layer->GetNextFeature());
        if (!f) return false;
        ++m_read;
        m_values.assign(m_header.size(), std::string());
        for (std::size_t i = 0; i < m_fieldCount; ++i)
            if (f->IsFieldSetAndNotNull(static_cast<int>(i))) m_values[i] = f->GetFieldAsString(static_cast<int>(i));
        if (m_pointColumns) {
            if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty()) {
                if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "%.10g", g->toPoint()->getX());
                    m_values[m_fieldCount] = buf;
                    std::snprintf(buf, sizeof buf, "%.10g", g->toPoint()->getY());
                    m_values[m_fieldCount + 1] = buf;
                } else {
                    m_values[m_fieldCount] = std::string("not a point: ") + g->getGeometryName();
                    m_values[m_fieldCount + 1] = "";
                }
            }
        }
        if (m_headerRowsRead) {
            line = static_cast<std::size_t>(f->GetFID());  // headers off: feature n is sheet row n
        } else {
            // GDAL took sheet row 1 as the header, so feature n is row n + 1.
            line = m_spreadsheet ? static_cast<std::size_t>(m_read) + 1 : static_cast<std::size_t>(f->GetFID());
        }
        return true;
    }

    /// Reads the first kHeaderSearchRows rows and takes as the header the first
    /// one that names the most record fields (at least 2); the rows above it
    /// (a title block) are not records. Without such a row, row 1 is the header.
    void findHeaderRow(const HeaderScore& score) {
        constexpr std::size_t kHeaderSearchRows = 30;
        m_headerRowsRead = true;
        std::size_t line = 0;
        while (m_buffer.size() < kHeaderSearchRows && readFeature(line)) {
            for (auto& v : m_values) v = std::string(core::trim(v));
            m_buffer.emplace_back(line, m_values);
        }
        m_read = 0;
        std::size_t best = 0, bestScore = 0;
        for (std::size_t k = 0; k < m_buffer.size(); ++k) {
            const std::size_t s = score(m_buffer[k].second);
            if (s > bestScore) best = k, bestScore = s;
        }
        if (m_buffer.empty()) return;
        if (bestScore < 2) best = 0;
        m_header = m_buffer[best].second;
        m_headerLine = m_buffer[best].first;
        m_buffered = best + 1;
        m_total -= static_cast<GIntBig>(m_buffered);
    }

    DatasetPtr m_ds;
    OGRLayer* m_layer = nullptr;
    std::string m_driver;
    bool m_spreadsheet = false;
    bool m_headerRowsRead = false;  ///< GDAL's header guess off: every sheet row is a feature
    std::size_t m_headerLine = 1;
    std::vector<std::string> m_header;
    std::size_t m_fieldCount = 0;
    bool m_pointColumns = false;
    std::optional<Crs> m_crs;
    GIntBig m_total = 0;
    GIntBig m_read = 0;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> m_buffer;  ///< rows read to find the header
    std::size_t m_buffered = 0;  ///< the next of them to hand out
    std::vector<std::string> m_values;
    std::vector<std::string_view> m_views;
    std::string m_raw;
};

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

std::unique_ptr<RecordSource> openRecordSource(const std::string& spec, const HeaderScore& score) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(spec, ec)) throw InputError(spec + ": is a directory, not a file");
    const std::string ext = lowerExtension(spec);
    if (ext == ".csv" || ext == ".txt" || ext == ".tsv") {
        if (!fs::exists(spec, ec)) throw InputError(spec + ": no such file");
        return std::make_unique<CsvSource>(spec);
    }
    const LayerPath lp = parseLayerPath(spec);
    if (fs::is_directory(lp.path, ec)) throw InputError(lp.path + ": is a directory, not a file");
    return std::make_unique<OgrSource>(lp.path, lp.layer, score);
}

}  // namespace wardscope::gis
