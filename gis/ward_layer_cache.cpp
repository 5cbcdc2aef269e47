#include "gis/ward_layer_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <system_error>
#include <vector>

#include "core/byte_io.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/sha256.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

namespace {

/// Bumped whenever what is stored, or how a layer is prepared, changes.
constexpr const char* kFormat = "wardscope prepared ward layer, format 3";
constexpr const char* kExtension = ".wslayer";
/// Entries kept per cache directory (each a few MB to some tens of MB).
constexpr std::size_t kKeep = 8;

/// "size mtime-ns inode device" of a file, or "" when it cannot be stat'ed.
std::string identity(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino) + " " + std::to_string(st.st_dev);
}

/// The first n bytes of a file (fewer if it is shorter), as they are: the key is
/// compared byte for byte, never printed.
std::string firstBytes(const fs::path& path, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes(n, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(n));
    bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return bytes;
}

/// The bytes of a file, mapped read-only (no copy: the page cache's own pages).
class MappedFile {
public:
    explicit MappedFile(const fs::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) {
                m_data = static_cast<const char*>(p);
                m_size = static_cast<std::size_t>(st.st_size);
            }
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    [[nodiscard]] std::span<const char> bytes() const { return {m_data, m_size}; }

private:
    const char* m_data = nullptr;
    std::size_t m_size = 0;
};

/// Removes the least recently used entries beyond kKeep (a hit refreshes an
/// entry's modification time).
void prune(const fs::path& dir) {
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> entries;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == kExtension && e.path().filename().string().rfind(".tmp-", 0) != 0)
            entries.emplace_back(e.last_write_time(ec), e.path());
    if (entries.size() <= kKeep) return;
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = kKeep; i < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

}  // namespace

fs::path defaultLayerCacheDir() {
    if (const char* dir = std::getenv("WARDSCOPE_CACHE_DIR")) {
        const std::string d = dir;
        if (d == "off" || d.empty()) return {};
        return fs::path(d);
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return fs::path(xdg) / "wardscope";
    if (const char* home = std::getenv("HOME"); home && *home == '/') return fs::path(home) / ".cache" / "wardscope";
    return {};
}

std::optional<LayerCacheEntry> layerCacheEntry(const WardLayerOptions& options) {
    if (options.cacheDir.empty()) return std::nullopt;
    const LayerPath lp = parseLayerPath(options.path);
    std::error_code ec;
    const fs::path file = fs::absolute(lp.path, ec).lexically_normal();
    if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;  // /vsi paths, databases, directories: no cache
    std::string key = std::string(kFormat) + "\n";
    auto line = [&key](const std::string& name, const std::string& value) { key += name + "=" + value + "\n"; };
    line("program", identity("/proc/self/exe"));
    line("libraries", gdalVersion() + ", " + geosVersion());
    line("file", file.string());
    line("layer", lp.layer);
    line("id", options.idField);
    line("name", options.nameField);
    line("full_name", options.fullNameField);
    line("population", options.populationField);
    line("metric_crs", options.metricCrs);
    line("layer_crs", options.layerCrs);
    for (const auto& f : options.numericFields) line("numeric", f);
    // The file and every file beside it that shares its stem (a shapefile's
    // .dbf/.prj/.cpg, a GeoPackage's -wal), sorted by name.
    std::vector<std::string> siblings;
    const std::string stem = file.stem().string() + ".";
    for (const auto& e : fs::directory_iterator(file.parent_path(), ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(stem, 0) == 0 && !name.ends_with("-shm")) siblings.push_back(name);
    }
    std::sort(siblings.begin(), siblings.end());
    for (const auto& name : siblings) line("input " + name, identity(file.parent_path() / name));
    line("head", firstBytes(file, 128));
    Sha256 hash;
    hash.update(key);
    return LayerCacheEntry{options.cacheDir / fs::path(hash.hex().substr(0, 32) + kExtension), std::move(key)};
}

std::optional<WardLayer> readCachedLayer(const LayerCacheEntry& entry) {
    // The index reads its arrays where they lie in the mapped file, which it keeps.
    const auto mapped = std::make_shared<const MappedFile>(entry.file);
    if (mapped->bytes().empty()) return std::nullopt;
    try {
        core::ByteReader r(mapped->bytes());
        if (r.text() != entry.key) return std::nullopt;
        WardLayer out;
        out.path = r.text();
        out.layerName = r.text();
        out.idField = r.text();
        const std::string crsWkt = r.text(), metricWkt = r.text();
        // Making the transformation searches PROJ's database: it is made on its
        // own thread, from CRS objects of its own, and waited for only when a
        // step first needs it (a join's nearest-ward fallback, the areas of a
        // density mask), while the rest is read and the records are joined.
        std::shared_future<std::shared_ptr<const Transform>> toMetric =
            std::async(std::launch::async, [crsWkt, metricWkt] {
                return std::make_shared<const Transform>(Crs::fromWkt(crsWkt), Crs::fromWkt(metricWkt));
            }).share();
        try {
            out.metricCrsReason = r.text();
            out.extentLonLat = r.pod<core::Box>();
            out.featuresRead = r.pod<long>();
            // The rings (flat: rings per ward, vertices per ring, the vertices)
            // stay in the mapped file until a step asks for them (a join needs
            // only the index): checked now, copied then.
            const std::size_t n = r.size(1);
            const auto ringCounts = r.view<std::uint32_t>();
            const auto ringSizes = r.view<std::uint32_t>();
            const auto points = r.view<core::Point>();
            if (ringCounts.size() != n) throw core::FormatError("rings");
            // Checked in one pass, which notes where each ward's first ring lies
            // (a ward of one small ring keeps no GDAL geometry: its polygon is
            // made from that ring alone).
            struct FirstRing {
                std::uint64_t vertex = 0;
                std::uint32_t size = 0;
            };
            auto firstRings = std::make_shared<std::vector<FirstRing>>(n);
            {
                std::size_t ring = 0;
                std::uint64_t vertex = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (ringCounts[i] > ringSizes.size() - ring) throw core::FormatError("rings");
                    if (ringCounts[i] > 0) (*firstRings)[i] = {vertex, ringSizes[ring]};
                    for (std::uint32_t k = 0; k < ringCounts[i]; ++k) vertex += ringSizes[ring++];
                }
                if (ring != ringSizes.size() || vertex != points.size()) throw core::FormatError("rings");
            }
            auto firstRing = [mapped, firstRings, points](std::size_t i) {
                const FirstRing& f = firstRings->at(i);
                return points.subspan(static_cast<std::size_t>(f.vertex), f.size);
            };
            auto allRings = [mapped, ringCounts, ringSizes, points] {
                std::vector<core::Shape> shapes(ringCounts.size());
                std::size_t ring = 0, vertex = 0;
                for (std::size_t i = 0; i < shapes.size(); ++i) {
                    shapes[i].rings.resize(ringCounts[i]);
                    for (core::Ring& rr : shapes[i].rings) {
                        const std::size_t m = ringSizes[ring++];
                        rr.assign(points.begin() + static_cast<std::ptrdiff_t>(vertex),
                                  points.begin() + static_cast<std::ptrdiff_t>(vertex + m));
                        vertex += m;
                    }
                }
                return shapes;
            };
            out.setShapes(std::move(allRings), std::move(firstRing));
            out.warnings.resize(r.size(8));
            for (auto& w : out.warnings) w = r.text();
            out.wards.resize(r.size(8));
            if (out.wards.size() != n) throw core::FormatError("wards");
            for (auto& w : out.wards) {
                w.code = r.text();
                w.name = r.text();
                w.fullName = r.text();
                w.formedFrom = r.text();
                w.areaKm2 = r.pod<double>();
                if (r.pod<std::uint8_t>() != 0) w.populationField = r.pod<double>();
            }
            const std::size_t fields = r.size(8);
            for (std::size_t f = 0; f < fields; ++f) {
                std::string name = r.text();
                r.array(out.numeric[name]);
                if (out.numeric[name].size() != out.wards.size()) throw core::FormatError("numeric field");
            }
            out.geometries.resize(out.wards.size());
            for (std::size_t i = 0; i < out.geometries.size(); ++i) {
                const std::span<const unsigned char> wkb = r.view<unsigned char>();
                if (wkb.empty()) continue;
                OGRGeometry* g = nullptr;
                if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
                    throw core::FormatError("geometry");
                out.geometries[i].reset(g);
            }
            out.index = core::PolygonIndex::load(r, mapped);
            if (out.index->shapeCount() != out.wards.size() || !r.atEnd()) throw core::FormatError("index");
            // The CRS objects last: the first use of PROJ in a process sets it up
            // (15 - 30 ms), which the transformation's thread does meanwhile.
            try {
                out.crs = Crs::fromWkt(crsWkt);
                out.metricCrs = Crs::fromWkt(metricWkt);
            } catch (const std::exception&) {
                throw core::FormatError("CRS");
            }
        } catch (...) {
            toMetric.wait();
            throw;
        }
        out.toMetric = std::move(toMetric);
        out.fromCache = true;
        // A hit refreshes the entry, so that pruning removes the least recently used.
        ::utimensat(AT_FDCWD, entry.file.c_str(), nullptr, 0);
        return out;
    } catch (const std::exception&) {
        return std::nullopt;  // damaged or from another build: loaded from the file and written again
    }
}

void writeCachedLayer(const LayerCacheEntry& entry, const WardLayer& layer) {
    try {
        std::error_code ec;
        fs::create_directories(entry.file.parent_path(), ec);
        if (ec) return;
        AtomicFile file(entry.file);
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.tempPath().c_str(), "wb"), &std::fclose);
        if (!f) return;
        bool ok = true;
        core::ByteWriter w([&](std::string_view bytes) {
            ok = ok && std::fwrite(bytes.data(), 1, bytes.size(), f.get()) == bytes.size();
        });
        w.text(entry.key);
        w.text(layer.path);
        w.text(layer.layerName);
        w.text(layer.idField);
        w.text(layer.crs.wkt());
        w.text(layer.metricCrs.wkt());
        w.text(layer.metricCrsReason);
        w.pod(layer.extentLonLat);
        w.pod(layer.featuresRead);
        std::vector<std::uint32_t> ringCounts, ringSizes;
        std::size_t vertices = 0;
        const std::vector<core::Shape>& shapes = layer.shapes();
        for (const auto& shape : shapes) {
            ringCounts.push_back(static_cast<std::uint32_t>(shape.rings.size()));
            for (const auto& ring : shape.rings) {
                ringSizes.push_back(static_cast<std::uint32_t>(ring.size()));
                vertices += ring.size();
            }
        }
        w.size(shapes.size());
        w.array(ringCounts);
        w.array(ringSizes);
        w.arrayHeader<core::Point>(vertices);
        for (const auto& shape : shapes)
            for (const auto& ring : shape.rings) w.bytes(ring.data(), ring.size() * sizeof(core::Point));
        w.size(layer.warnings.size());
        for (const auto& s : layer.warnings) w.text(s);
        w.size(layer.wards.size());
        for (const auto& ward : layer.wards) {
            w.text(ward.code);
            w.text(ward.name);
            w.text(ward.fullName);
            w.text(ward.formedFrom);
            w.pod(ward.areaKm2);
            w.pod(static_cast<std::uint8_t>(ward.populationField ? 1 : 0));
            if (ward.populationField) w.pod(*ward.populationField);
        }
        w.size(layer.numeric.size());
        for (const auto& [name, values] : layer.numeric) {
            w.text(name);
            w.array(values);
        }
        std::vector<unsigned char> wkb;
        for (const auto& g : layer.geometries) {
            if (!g) {
                w.array(std::span<const unsigned char>());
                continue;
            }
            wkb.resize(g->WkbSize());
            if (g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) return;
            w.array(wkb);
        }
        layer.pointIndex()->save(w);
        w.flush();
        ok = std::fclose(f.release()) == 0 && ok;
        if (!ok) return;
        file.commit();
        prune(entry.file.parent_path());
    } catch (const std::exception&) {
        // best effort: the next run loads the layer from its file again
    }
}

}  // namespace wardscope::gis
