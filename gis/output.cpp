#include "gis/output.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cstring>
#include <mutex>
#include <random>
#include <cmath>
#include <cstdio>
#include <future>

#include "core/csv_reader.h"
#include "core/error.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

namespace {

std::mutex g_inputsMutex;
std::vector<fs::path> g_inputs;

constexpr std::string_view kTempPrefix = ".tmp-wardscope-";

}  // namespace

void protectInput(const fs::path& input) {
    std::error_code ec;
    if (!fs::exists(input, ec)) return;
    const std::lock_guard lock(g_inputsMutex);
    g_inputs.push_back(input);
}

AtomicFile::AtomicFile(fs::path finalPath) : m_final(std::move(finalPath)) {
    static std::mutex mutex;
    static std::random_device device;
    std::uint64_t token = 0;
    {
        const std::lock_guard lock(mutex);
        token = (std::uint64_t{device()} << 32) ^ device();
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(token));
    m_temp = m_final.parent_path() /
             (std::string(kTempPrefix) + std::to_string(::getpid()) + "-" + hex + "-" + m_final.filename().string());
}

AtomicFile::~AtomicFile() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove(m_temp, ec);
    }
}

namespace {

/// fsync of a file or folder; false (errno set) when it fails.
bool syncPath(const fs::path& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0 || errno == EINVAL;  // some file systems cannot sync a folder
    ::close(fd);
    return ok;
}

}  // namespace

void AtomicFile::commit() {
    std::error_code ec;
    if (fs::exists(m_final, ec)) {
        const std::lock_guard lock(g_inputsMutex);
        for (const auto& input : g_inputs)
            if (fs::equivalent(m_final, input, ec))
                throw OutputError(m_final.string() + ": is an input of this run (" + input.string() +
                                  "); not replaced: choose another output folder");
    }
    if (!fs::is_directory(m_temp, ec) && !syncPath(m_temp, false))
        throw OutputError(m_final.string() + ": cannot be written (" + std::strerror(errno) + "); nothing replaced");
    fs::rename(m_temp, m_final, ec);
    if (ec) throw OutputError(m_final.string() + ": cannot be written (" + ec.message() + ")");
    m_committed = true;
    syncPath(m_final.parent_path().empty() ? fs::path(".") : m_final.parent_path(), true);
}

void prepareOutputFolder(const fs::path& dir, std::vector<std::string>* warnings) {
    const fs::path folder = dir.empty() ? fs::path(".") : dir;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder, ec))
        throw OutputError(folder.string() + ": cannot create the output folder" + (ec ? " (" + ec.message() + ")" : ""));
    if (const auto stale = removeStaleTemporaryFiles(folder); stale > 0 && warnings)
        warnings->push_back(std::to_string(stale) + " temporary files of an interrupted earlier run were removed from " +
                            folder.string());
}

std::size_t removeStaleTemporaryFiles(const fs::path& dir) {
    std::size_t removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        // Exactly ".tmp-wardscope-<pid>-<16 hex digits>-<name>", a regular file.
        const std::string name = entry.path().filename().string();
        if (name.rfind(kTempPrefix, 0) != 0) continue;
        const std::size_t pidStart = kTempPrefix.size();
        const std::size_t pidEnd = name.find('-', pidStart);
        if (pidEnd == std::string::npos || pidEnd == pidStart || pidEnd + 18 > name.size() || name[pidEnd + 17] != '-') continue;
        if (!std::all_of(name.begin() + static_cast<std::ptrdiff_t>(pidStart), name.begin() + static_cast<std::ptrdiff_t>(pidEnd), ::isdigit) ||
            !std::all_of(name.begin() + static_cast<std::ptrdiff_t>(pidEnd + 1), name.begin() + static_cast<std::ptrdiff_t>(pidEnd + 17), ::isxdigit))
            continue;
        std::error_code st;
        if (!fs::is_regular_file(fs::symlink_status(entry.path(), st))) continue;
        const long pid = std::strtol(name.substr(pidStart, pidEnd - pidStart).c_str(), nullptr, 10);
        if (pid <= 0 || pid == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
        std::error_code rm;
        if (fs::remove(entry.path(), rm)) ++removed;
    }
    return removed;
}

void writeTextFileAtomically(const fs::path& path, const std::string& text) {
    writeTextFileAtomically(path, std::span<const std::string>(&text, 1));
}

void writeTextFileAtomically(const fs::path& path, std::span<const std::string> parts) {
    AtomicFile file(path);
    {
        std::ofstream out(file.tempPath(), std::ios::binary);
        for (const std::string& part : parts) out << part;
        out.close();  // a full disk shows here at the latest: nothing is renamed
        if (out.fail()) throw OutputError(path.string() + ": cannot be written (" + std::strerror(errno) + "); nothing replaced");
    }
    file.commit();
}

namespace {

/// Shortest text that reads back as the same double.
std::string formatReal(double v) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string valueText(const core::Value& v) {
    if (std::holds_alternative<core::Suppressed>(v)) return "suppressed";
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return formatReal(*d);
    return {};
}

/// A value as a CSV field (numbers never need quotes).
void appendCsvField(std::string& out, const core::Value& v) {
    char buf[32];
    std::to_chars_result written{};
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        written = std::to_chars(buf, buf + sizeof buf, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
        written = std::to_chars(buf, buf + sizeof buf, *d);
    } else {
        out += core::csvTextCell(valueText(v));
        return;
    }
    if (written.ec == std::errc()) {
        out.append(buf, written.ptr);
    } else {
        out += core::csvEscape(valueText(v));
    }
}

}  // namespace

std::vector<std::string> tableToCsvParts(const core::Table& table) {
    std::string out;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (i) out.push_back(',');
        out += core::csvEscape(table.columns[i].name);
    }
    out.push_back('\n');
    auto appendRows = [&table](std::string& text, std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            const auto& row = table.rows[r];
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i) text.push_back(',');
                appendCsvField(text, row[i]);
            }
            text.push_back('\n');
        }
    };
    // Large tables (20,000 wards) in two halves at once.
    const std::size_t rows = table.rows.size(), half = rows >= 4096 ? rows / 2 : rows;
    std::string second;
    auto secondHalf = std::async(half < rows ? std::launch::async : std::launch::deferred,
                                 [&] { appendRows(second, half, rows); });
    appendRows(out, 0, half);
    secondHalf.get();
    std::vector<std::string> parts;
    parts.push_back(std::move(out));
    if (!second.empty()) parts.push_back(std::move(second));
    return parts;
}

void writeWardLayer(const fs::path& path, const WardLayer& wards, const core::Table& table) {
    ensureGdal();
    const std::string ext = path.extension().string();
    const bool geojson = ext == ".geojson" || ext == ".json";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
    if (!driver) throw OutputError(path.string() + ": GDAL driver not available");
    AtomicFile file(path);
    {
        DatasetPtr ds(driver->Create(file.tempPath().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw OutputError(path.string() + ": cannot be created (" + takeLastGdalError() + ")");
        char** options = nullptr;
        if (geojson) {
            options = CSLSetNameValue(options, "RFC7946", "YES");
            options = CSLSetNameValue(options, "COORDINATE_PRECISION", "7");
            options = CSLSetNameValue(options, "SIGNIFICANT_FIGURES", "10");
            options = CSLSetNameValue(options, "WRITE_NAME", "NO");
        }
        OGRSpatialReference* srs = wards.crs.empty() ? nullptr : const_cast<OGRSpatialReference*>(wards.crs.get());
        OGRLayer* layer = ds->CreateLayer("wards", srs, wkbMultiPolygon, options);
        CSLDestroy(options);
        if (!layer) throw OutputError(path.string() + ": cannot create layer (" + takeLastGdalError() + ")");
        for (const auto& col : table.columns) {
            const OGRFieldType type = col.type == core::ColumnType::Integer ? OFTInteger64
                                      : col.type == core::ColumnType::Real  ? OFTReal
                                                                            : OFTString;
            OGRFieldDefn def(col.name.c_str(), type);
            if (layer->CreateField(&def) != OGRERR_NONE)
                throw OutputError(path.string() + ": cannot create field " + col.name);
        }
        if (!geojson && layer->StartTransaction() != OGRERR_NONE) throw OutputError(path.string() + ": cannot start a transaction");
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            OGRFeature feature(defn);
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                const auto& v = table.rows[r][c];
                const int idx = static_cast<int>(c);
                if (const auto* s = std::get_if<std::string>(&v)) {
                    feature.SetField(idx, s->c_str());
                } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
                    feature.SetField(idx, static_cast<GIntBig>(*i));
                } else if (const auto* d = std::get_if<double>(&v)) {
                    feature.SetField(idx, *d);
                } else {
                    feature.SetFieldNull(idx);
                }
            }
            feature.SetGeometry(OGRGeometryFactory::forceToMultiPolygon(wards.geometry(r).release()));
            if (layer->CreateFeature(&feature) != OGRERR_NONE)
                throw OutputError(path.string() + ": cannot write ward " + std::to_string(r) + " (" + takeLastGdalError() + ")");
        }
        if (!geojson && layer->CommitTransaction() != OGRERR_NONE) throw OutputError(path.string() + ": cannot be written (" + takeLastGdalError() + ")");
        ds.reset();  // close (flush) before the rename
    }
    file.commit();
}

RejectWriter::RejectWriter(const fs::path& path, bool withRows) : m_file(path), m_withRows(withRows) {
    m_out.open(m_file.tempPath(), std::ios::binary);
    if (!m_out) throw OutputError(path.string() + ": cannot be written");
    m_out << (m_withRows ? "file,line,reason,message,row\n" : "file,line,reason,message\n");
}

void RejectWriter::add(const std::string& file, std::size_t line, std::string_view reason, const std::string& message,
                       std::string_view row) {
    m_out << core::csvTextCell(file) << ',' << line << ',' << reason << ',' << core::csvTextCell(message);
    if (m_withRows) m_out << ',' << core::csvTextCell(row);
    m_out << '\n';
    ++m_count;
}

std::size_t RejectWriter::commit() {
    m_out.flush();
    if (!m_out) throw OutputError(m_file.finalPath().string() + ": cannot be written");
    m_out.close();
    m_file.commit();
    return m_count;
}

}  // namespace wardscope::gis
