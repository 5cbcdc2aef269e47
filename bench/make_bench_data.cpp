// Writes benchmark inputs: N synthetic wards (a jittered grid of wavy polygons
// that share their edges exactly, like real ward boundaries) as a GeoPackage, and
// case-record CSVs with uniformly random points over them.
//   make_bench_data wards OUT.gpkg COLS ROWS
//   make_bench_data points OUT.csv COUNT SEED MINLON MINLAT MAXLON MAXLAT
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/polygon_index.h"
#include "core/synth.h"
#include "gis/gdal_util.h"
#include "gis/ward_layer.h"

namespace {

// Hai Phong's extent, roughly.
constexpr double kMinLon = 106.12, kMinLat = 20.12, kMaxLon = 107.0, kMaxLat = 21.24;

int writeWards(const char* path, int cols, int rows) {
    wardscope::gis::ensureGdal();
    const double dx = (kMaxLon - kMinLon) / cols, dy = (kMaxLat - kMinLat) / rows;
    wardscope::core::Random rng(42);
    // Jittered grid nodes, shared by the four cells around them.
    std::vector<double> nx((cols + 1) * (rows + 1)), ny((cols + 1) * (rows + 1));
    auto node = [&](int c, int r) { return r * (cols + 1) + c; };
    for (int r = 0; r <= rows; ++r)
        for (int c = 0; c <= cols; ++c) {
            const bool border = r == 0 || c == 0 || r == rows || c == cols;
            nx[node(c, r)] = kMinLon + c * dx + (border ? 0 : rng.uniform(-0.25, 0.25) * dx);
            ny[node(c, r)] = kMinLat + r * dy + (border ? 0 : rng.uniform(-0.25, 0.25) * dy);
        }
    // Each edge gets 6 wavy intermediate vertices, computed once per edge so
    // that both neighbours use the same coordinates.
    constexpr int kWiggles = 6;
    auto edgePoints = [&](int a, int b, std::uint64_t key) {
        wardscope::core::Random er(key);
        std::vector<std::pair<double, double>> pts;
        for (int k = 1; k <= kWiggles; ++k) {
            const double t = static_cast<double>(k) / (kWiggles + 1);
            const double off = er.uniform(-0.06, 0.06);
            const double ex = nx[b] - nx[a], ey = ny[b] - ny[a];
            pts.emplace_back(nx[a] + t * ex - off * ey, ny[a] + t * ey + off * ex);
        }
        return pts;
    };
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    wardscope::gis::DatasetPtr ds(driver->Create(path, 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return 1;
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("wards", &srs, wkbMultiPolygon, nullptr);
    OGRFieldDefn code("code", OFTString);
    layer->CreateField(&code);
    OGRFieldDefn name("name", OFTString);
    layer->CreateField(&name);
    OGRFieldDefn value("value", OFTReal);  // a smooth surface plus noise, for the statistics benchmarks
    layer->CreateField(&value);
    if (layer->StartTransaction() != OGRERR_NONE) return 1;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            OGRLinearRing ring;
            const int corners[4] = {node(c, r), node(c + 1, r), node(c + 1, r + 1), node(c, r + 1)};
            for (int k = 0; k < 4; ++k) {
                const int a = corners[k], b = corners[(k + 1) % 4];
                ring.addPoint(nx[a], ny[a]);
                const int lo = std::min(a, b), hi = std::max(a, b);
                auto pts = edgePoints(lo, hi, static_cast<std::uint64_t>(lo) * 1000003ULL + hi);
                if (a > b) std::reverse(pts.begin(), pts.end());
                for (const auto& [x, y] : pts) ring.addPoint(x, y);
            }
            ring.closeRings();
            OGRPolygon poly;
            poly.addRing(&ring);
            OGRMultiPolygon multi;
            multi.addGeometry(&poly);
            OGRFeature f(layer->GetLayerDefn());
            const std::string id = std::to_string(100000 + r * cols + c);
            f.SetField(0, id.c_str());
            f.SetField(1, ("Phường " + id).c_str());
            f.SetField(2, std::sin(c * 0.15) + std::cos(r * 0.2) + rng.normal() * 0.5);
            f.SetGeometry(&multi);
            if (layer->CreateFeature(&f) != OGRERR_NONE) return 1;
        }
    if (layer->CommitTransaction() != OGRERR_NONE) return 1;
    return 0;
}

int writePoints(const char* path, long count, std::uint64_t seed, double minLon, double minLat, double maxLon,
                double maxLat, const std::vector<wardscope::core::Point>* inside = nullptr) {
    wardscope::core::Random rng(seed);
    std::ofstream out(path, std::ios::binary);
    out << "case_id,detected_on,sex,age,sector,hazardous,status,ward_code,ward_name,lon,lat\n";
    static const char* sectors[] = {"nông nghiệp", "thủ công", "dịch vụ", "xây dựng"};
    char line[256];
    for (long i = 0; i < count; ++i) {
        const int n = std::snprintf(line, sizeof line, "B%09ld,%04d-%02d-%02d,%s,%d,%s,%s,,,,%.6f,%.6f\n", i,
                                    2021 + static_cast<int>(rng.below(5)), 1 + static_cast<int>(rng.below(12)),
                                    1 + static_cast<int>(rng.below(28)), rng.chance(0.6) ? "M" : "F",
                                    5 + static_cast<int>(rng.below(13)), sectors[rng.below(4)],
                                    rng.chance(0.4) ? "yes" : "no",
                                    inside ? (*inside)[static_cast<std::size_t>(i)].x : rng.uniform(minLon, maxLon),
                                    inside ? (*inside)[static_cast<std::size_t>(i)].y : rng.uniform(minLat, maxLat));
        out.write(line, n);
    }
    return out ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "wards" && argc == 5) return writeWards(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
    if (what == "points" && argc == 9)
        return writePoints(argv[2], std::atol(argv[3]), std::strtoull(argv[4], nullptr, 10), std::atof(argv[5]),
                           std::atof(argv[6]), std::atof(argv[7]), std::atof(argv[8]));
    if (what == "points-in" && argc == 6) {
        // Points uniformly inside the wards of a layer (area-weighted), e.g. Hai Phong.
        wardscope::gis::WardLayerOptions o;
        o.path = argv[5];
        o.idField = "code";
        const auto wards = wardscope::gis::loadWardLayer(o);
        wardscope::core::PolygonIndex index;
        index.build(wards.shapes());
        const auto pts = wardscope::core::randomPointsInShapes(index, std::strtoul(argv[3], nullptr, 10),
                                                               std::strtoull(argv[4], nullptr, 10));
        return writePoints(argv[2], std::atol(argv[3]), std::strtoull(argv[4], nullptr, 10), 0, 0, 0, 0, &pts);
    }
    std::fprintf(stderr, "usage: make_bench_data wards OUT.gpkg COLS ROWS\n"
                         "       make_bench_data points-in OUT.csv COUNT SEED WARDS[:LAYER]\n"
                         "       make_bench_data points OUT.csv COUNT SEED MINLON MINLAT MAXLON MAXLAT\n");
    return 2;
}
