#pragma once
// Writers. Every output is written to a temporary file beside its final name and
// renamed into place only when complete, so a crash or a kill never leaves a
// truncated output under the final name.
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "core/table.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

/// Marks a file as an input of this run: no output may replace it (compared by
/// file identity, so another name for the same file counts). The readers of
/// records, layers and dictionaries call it; AtomicFile::commit checks it.
void protectInput(const std::filesystem::path& input);

class AtomicFile {
public:
    /// The temporary file is ".tmp-wardscope-<pid>-<16 random hex digits>-<name>"
    /// in the final path's folder: a name no one can guess and plant a link at.
    explicit AtomicFile(std::filesystem::path finalPath);
    ~AtomicFile();  ///< removes the temporary file unless commit() ran
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Where to write; same directory and extension as the final path.
    [[nodiscard]] const std::filesystem::path& tempPath() const { return m_temp; }
    [[nodiscard]] const std::filesystem::path& finalPath() const { return m_final; }
    /// Syncs the temporary file to disk, then renames it onto the final path
    /// (atomic on POSIX) and syncs the folder. Throws OutputError, renaming
    /// nothing, when the final path is an input of this run (protectInput) or
    /// the file cannot be synced.
    void commit();

private:
    std::filesystem::path m_final;
    std::filesystem::path m_temp;
    bool m_committed = false;
};

/// Makes `dir` (and its parents) ready for outputs: created if missing, and
/// the temporary files of an interrupted earlier run removed (a warning in
/// `warnings`, when given). Throws OutputError (exit code 4) when it cannot be
/// created or is not a folder. Every command's outputs go through it.
void prepareOutputFolder(const std::filesystem::path& dir, std::vector<std::string>* warnings = nullptr);

/// Removes temporary files that a killed wardscope process left in `dir`:
/// regular files (never folders or links) named exactly as AtomicFile names
/// them, whose process no longer runs. Returns how many.
std::size_t removeStaleTemporaryFiles(const std::filesystem::path& dir);

/// Writes a whole text file atomically.
void writeTextFileAtomically(const std::filesystem::path& path, const std::string& text);
/// The same for text in parts, written one after the other.
void writeTextFileAtomically(const std::filesystem::path& path, std::span<const std::string> parts);

/// CSV text of a table (RFC 4180, UTF-8, comma, header row, '\n' line ends),
/// in parts to be written in order: the header and first rows, then the rest
/// (a large table's halves are made at once, and never copied into one string).
std::vector<std::string> tableToCsvParts(const core::Table& table);

/// Ward geometries + table rows (same order) as a vector file through GDAL:
/// ".geojson" -> RFC 7946 (WGS 84 lon/lat, counter-clockwise exteriors, 7
/// decimals, no "crs" member); ".gpkg" -> GeoPackage layer "wards" in the ward
/// layer's CRS.
void writeWardLayer(const std::filesystem::path& path, const WardLayer& wards, const core::Table& table);

/// Streams reject entries to "<file>": file, line, reason, message, row. Without
/// `withRows` (shared disclosure mode) the row column is left out; the caller
/// then passes messages that quote no value.
class RejectWriter {
public:
    explicit RejectWriter(const std::filesystem::path& path, bool withRows = true);
    void add(const std::string& file, std::size_t line, std::string_view reason, const std::string& message,
             std::string_view row);
    /// Flushes and renames into place; returns the number of entries.
    std::size_t commit();

private:
    AtomicFile m_file;
    std::ofstream m_out;
    std::size_t m_count = 0;
    bool m_withRows;
};

}  // namespace wardscope::gis
