#include "gis/geomask.h"

#include <charconv>
#include <cmath>
#include <numbers>

#include "core/error.h"
#include "core/polygon_index.h"
#include "core/random.h"
#include "gis/crs.h"
#include "gis/gdal_util.h"
#include "gis/output.h"

namespace wardscope::gis {

void GeomaskOptions::validate() const {
    if (!enabled) return;
    if (!(minMeters > 0 && maxMeters > minMeters))
        throw UsageError("--export-points donut:MIN:MAX needs 0 < MIN < MAX (metres)");
}

GeomaskOptions GeomaskOptions::parse(const std::string& text, std::uint64_t seed) {
    GeomaskOptions o;
    o.seed = seed;
    const auto a = text.find(':');
    const auto b = a == std::string::npos ? a : text.find(':', a + 1);
    auto number = [](const std::string& v, double& out) {
        const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
        return ec == std::errc() && p == v.data() + v.size();
    };
    if (text.substr(0, a) != "donut" || b == std::string::npos || !number(text.substr(a + 1, b - a - 1), o.minMeters) ||
        !number(text.substr(b + 1), o.maxMeters))
        throw UsageError("--export-points '" + text + "': use donut:MIN:MAX in metres, e.g. donut:100:500");
    o.enabled = true;
    o.validate();
    return o;
}

GeomaskResult donutGeomask(const WardLayer& wards, const std::vector<core::JoinedPoint>& points,
                           const GeomaskOptions& options) {
    options.validate();
    const auto indexOwner = wards.pointIndex();
    const core::PolygonIndex& index = *indexOwner;
    const auto toMetricOwner = wards.metricTransform();
    const Transform& toMetric = *toMetricOwner;
    Transform toLayer(wards.metricCrs, wards.crs);
    GeomaskResult out;
    out.points.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const core::Point original = points[i].point;
        const std::int32_t ward = points[i].ward;
        core::Random rng(options.seed ^ (static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL + 0x7F4A7C15ULL));
        core::Point metric = original;
        bool placed = false;
        if (toMetric.apply(metric)) {
            const double r2min = options.minMeters * options.minMeters, r2max = options.maxMeters * options.maxMeters;
            for (int attempt = 0; attempt < 1000 && !placed; ++attempt) {
                const double r = std::sqrt(rng.uniform(r2min, r2max));
                const double theta = rng.uniform(0, 2 * std::numbers::pi);
                core::Point moved{metric.x + r * std::cos(theta), metric.y + r * std::sin(theta)};
                if (!toLayer.apply(moved)) continue;
                if (index.contains(ward, moved)) {
                    out.points.push_back(moved);
                    placed = true;
                }
            }
        }
        if (!placed) {
            // A ward smaller than the donut: any random point of the ward.
            const core::Box& b = index.bounds(ward);
            for (int attempt = 0; attempt < 100000 && !placed; ++attempt) {
                const core::Point p{rng.uniform(b.minX, b.maxX), rng.uniform(b.minY, b.maxY)};
                if (index.contains(ward, p)) {
                    out.points.push_back(p);
                    placed = true;
                }
            }
            ++out.fallbacks;
            if (!placed) continue;  // degenerate ward: the point is dropped (counted as a fallback)
        }
        out.wards.push_back(ward);
    }
    return out;
}

void writeGeomaskedPoints(const std::filesystem::path& path, const WardLayer& wards, const GeomaskResult& masked) {
    ensureGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    AtomicFile file(path);
    {
        DatasetPtr ds(driver->Create(file.tempPath().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw OutputError(path.string() + ": cannot be created");
        char** options = nullptr;
        options = CSLSetNameValue(options, "RFC7946", "YES");
        options = CSLSetNameValue(options, "WRITE_NAME", "NO");
        OGRLayer* layer = ds->CreateLayer("cases_geomasked", const_cast<OGRSpatialReference*>(wards.crs.get()), wkbPoint, options);
        CSLDestroy(options);
        if (!layer) throw OutputError(path.string() + ": cannot create layer");
        OGRFieldDefn code("ward_code", OFTString);
        layer->CreateField(&code);
        for (std::size_t i = 0; i < masked.points.size(); ++i) {
            OGRFeature f(layer->GetLayerDefn());
            f.SetField(0, wards.wards[static_cast<std::size_t>(masked.wards[i])].code.c_str());
            OGRPoint p(masked.points[i].x, masked.points[i].y);
            f.SetGeometry(&p);
            if (layer->CreateFeature(&f) != OGRERR_NONE) throw OutputError(path.string() + ": cannot write a point");
        }
    }
    file.commit();
}

}  // namespace wardscope::gis
