#include "gis/density_pipeline.h"

#include <gdal_alg.h>
#include <gdal_priv.h>

#include <algorithm>
#include <functional>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/parallel.h"
#include "core/polygon_index.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/record_intake.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

void DensityRequest::validate() const {
    if (wards.path.empty() || wards.idField.empty()) throw UsageError("--wards and --ward-id are required");
    if (points.path.empty()) throw UsageError("--points is required");
    if (out.empty()) throw UsageError("--out is required");
    if (out.extension() != ".tif" && out.extension() != ".tiff") throw UsageError("--out must be a .tif file");
    if (bandwidthMeters < 0) throw UsageError("--bandwidth must be positive (or auto)");
    if (!(cellMeters > 0)) throw UsageError("--cell must be positive");
    disclosure.validate();
}

namespace {

void writeCog(const fs::path& path, const core::Raster& r, const WardLayer& wards, const DensityRequest& request,
              double bandwidth) {
    ensureGdal();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* cog = GetGDALDriverManager()->GetDriverByName("COG");
    if (!mem || !cog) throw OutputError(path.string() + ": GDAL's COG driver is not available");
    DatasetPtr ds(mem->Create("", static_cast<int>(r.cols), static_cast<int>(r.rows), 1, GDT_Float32, nullptr));
    double transform[6] = {r.originX, r.cellSize, 0, r.originY, 0, -r.cellSize};
    ds->SetGeoTransform(transform);
    if (!wards.metricCrs.empty()) ds->SetSpatialRef(wards.metricCrs.get());
    GDALRasterBand* band = ds->GetRasterBand(1);
    constexpr double nodata = -9999.0;
    band->SetNoDataValue(nodata);
    std::vector<float> row(r.cols);
    for (std::size_t y = 0; y < r.rows; ++y) {
        for (std::size_t x = 0; x < r.cols; ++x) {
            const double v = r.values[y * r.cols + x];
            row[x] = std::isnan(v) ? static_cast<float>(nodata) : static_cast<float>(v);
        }
        if (band->RasterIO(GF_Write, 0, static_cast<int>(y), static_cast<int>(r.cols), 1, row.data(),
                           static_cast<int>(r.cols), 1, GDT_Float32, 0, 0) != CE_None)
            throw OutputError(path.string() + ": cannot write the raster");
    }
    ds->SetMetadataItem("KERNEL", request.kernel == core::Kernel::Quartic ? "quartic" : "gaussian");
    ds->SetMetadataItem("BANDWIDTH_M", std::to_string(bandwidth).c_str());
    ds->SetMetadataItem("CELL_M", std::to_string(r.cellSize).c_str());
    ds->SetMetadataItem("UNITS", "cases per km2");
    ds->SetMetadataItem("DISCLOSURE", std::string(core::disclosureModeName(request.disclosure.mode)).c_str());
    ds->SetMetadataItem("SOFTWARE", (std::string("wardscope ") + WARDSCOPE_VERSION).c_str());
    AtomicFile file(path);
    char** options = nullptr;
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    options = CSLSetNameValue(options, "NUM_THREADS", "ALL_CPUS");
    DatasetPtr out(cog->CreateCopy(file.tempPath().c_str(), ds.get(), FALSE, options, nullptr, nullptr));
    CSLDestroy(options);
    if (!out) throw OutputError(path.string() + ": cannot be written (" + takeLastGdalError() + ")");
    out.reset();
    file.commit();
}

/// Polygons of the cells at or above each level's threshold (GDALPolygonize on a
/// mask), one MultiPolygon feature per level, written as RFC 7946 GeoJSON.
void writeContours(const fs::path& path, const core::Raster& r, const WardLayer& wards,
                   const std::vector<HotspotLevel>& levels) {
    ensureGdal();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* geojson = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    GDALDriver* vecDriver = GetGDALDriverManager()->GetDriverByName("Memory");  // OGR in-memory vectors
    AtomicFile file(path);
    {
        DatasetPtr out(geojson->Create(file.tempPath().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!out) throw OutputError(path.string() + ": cannot be created");
        char** lco = CSLSetNameValue(nullptr, "RFC7946", "YES");
        OGRLayer* layer = out->CreateLayer("hotspots", const_cast<OGRSpatialReference*>(wards.metricCrs.get()), wkbMultiPolygon, lco);
        CSLDestroy(lco);
        if (!layer) throw OutputError(path.string() + ": cannot create the contour layer");
        for (const char* name : {"kind", "share_of_cases", "threshold_per_km2", "area_km2"}) {
            OGRFieldDefn def(name, std::string(name) == "kind" ? OFTString : OFTReal);
            layer->CreateField(&def);
        }
        double transform[6] = {r.originX, r.cellSize, 0, r.originY, 0, -r.cellSize};
        for (const auto& level : levels) {
            DatasetPtr mask(mem->Create("", static_cast<int>(r.cols), static_cast<int>(r.rows), 1, GDT_Byte, nullptr));
            mask->SetGeoTransform(transform);
            std::vector<unsigned char> row(r.cols);
            for (std::size_t y = 0; y < r.rows; ++y) {
                for (std::size_t x = 0; x < r.cols; ++x) {
                    const double v = r.values[y * r.cols + x];
                    row[x] = (!std::isnan(v) && v >= level.threshold && v > 0) ? 1 : 0;
                }
                if (mask->GetRasterBand(1)->RasterIO(GF_Write, 0, static_cast<int>(y), static_cast<int>(r.cols), 1,
                                                     row.data(), static_cast<int>(r.cols), 1, GDT_Byte, 0, 0) != CE_None)
                    throw OutputError(path.string() + ": cannot build the contour mask");
            }
            DatasetPtr vec(vecDriver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
            OGRLayer* polys = vec ? vec->CreateLayer("p", nullptr, wkbPolygon, nullptr) : nullptr;
            if (!polys) throw OutputError(path.string() + ": cannot polygonize the surface");
            OGRFieldDefn value("v", OFTInteger);
            polys->CreateField(&value);
            GDALPolygonize(mask->GetRasterBand(1), mask->GetRasterBand(1), polys, 0, nullptr, nullptr, nullptr);
            OGRMultiPolygon multi;
            for (auto& f : *polys)
                if (const OGRGeometry* g = f->GetGeometryRef()) multi.addGeometry(g);
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField(0, level.kind.c_str());
            feature.SetField(1, level.share);
            feature.SetField(2, level.threshold);
            feature.SetField(3, level.areaKm2);
            feature.SetGeometry(&multi);
            if (layer->CreateFeature(&feature) != OGRERR_NONE) throw OutputError(path.string() + ": cannot write a contour");
        }
    }
    file.commit();
}

}  // namespace

std::vector<HotspotLevel> hotspotLevels(const core::Raster& r, const std::vector<double>& volumeShares,
                                        const std::vector<double>& fixedLevels) {
    std::vector<double> values;
    double mass = 0;
    for (double v : r.values)
        if (!std::isnan(v) && v > 0) {
            values.push_back(v);
            mass += v;
        }
    std::sort(values.begin(), values.end(), std::greater<>());
    const double cellKm2 = r.cellSize * r.cellSize / 1e6;
    std::vector<HotspotLevel> out;
    if (mass <= 0) return out;
    for (double share : volumeShares) {
        // The densest cells first, until they hold `share` of the mass.
        double acc = 0;
        std::size_t k = 0;
        while (k < values.size() && acc < share * mass) acc += values[k++];
        HotspotLevel l;
        l.kind = "percent_volume";
        l.threshold = k ? values[k - 1] : 0;
        l.share = acc / mass;
        l.areaKm2 = static_cast<double>(k) * cellKm2;
        out.push_back(l);
    }
    for (double level : fixedLevels) {
        HotspotLevel l;
        l.kind = "fixed_level";
        l.threshold = level;
        double acc = 0;
        std::size_t k = 0;
        for (double v : values)
            if (v >= level) {
                acc += v;
                ++k;
            }
        l.share = acc / mass;
        l.areaKm2 = static_cast<double>(k) * cellKm2;
        out.push_back(l);
    }
    return out;
}

DensityResult runDensity(const DensityRequest& request, core::Progress& progress) {
    request.validate();
    DensityResult result;
    progress.update(0.0, "reading wards");
    const WardLayer wards = loadWardLayer(request.wards);
    const std::string asOf = request.asOf.empty() ? todayIso() : request.asOf;
    core::Aggregator unused(wards.wards.size());
    std::vector<std::pair<core::Point, std::int32_t>> accepted;
    IntakeOptions intake;
    intake.kind = core::RecordKind::Case;
    intake.asOf = *core::parseIsoDate(asOf);
    intake.acceptedPoints = &accepted;
    core::SubProgress readProgress(progress, 0.05, 0.3);
    readRecords(request.points, wards, intake, unused, result.warnings, readProgress);
    // Points and wards in the metric CRS.
    Transform toMetric(wards.crs, wards.metricCrs);
    std::vector<core::Point> pts;
    {
        std::vector<double> xs, ys;
        std::vector<int> ok;
        for (const auto& [p, ward] : accepted) xs.push_back(p.x), ys.push_back(p.y);
        toMetric.apply(xs, ys, ok);
        for (std::size_t i = 0; i < xs.size(); ++i)
            if (ok[i]) pts.push_back({xs[i], ys[i]});
    }
    result.points = pts.size();
    if (pts.empty()) throw InputError(request.points.path + ": no case has coordinates inside the wards");
    result.bandwidthMeters = request.bandwidthMeters > 0 ? request.bandwidthMeters : core::silvermanBandwidth(pts);
    if (request.disclosure.mode == core::DisclosureMode::Shared) {
        const auto check = core::checkDensityBandwidth(
            [&] {
                std::vector<std::pair<double, double>> xy;
                for (const auto& p : pts) xy.emplace_back(p.x, p.y);
                return xy;
            }(),
            result.bandwidthMeters, request.disclosure.minCount);
        if (!check.safe()) result.warnings.push_back("disclosure: " + check.warning(result.bandwidthMeters));
    }
    std::vector<core::Shape> metricShapes(wards.geometries.size());
    core::Box extent{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i < wards.geometries.size(); ++i) {
        std::unique_ptr<OGRGeometry> g(wards.geometries[i]->clone());
        if (!toMetric.identity()) g->transform(toMetric.get());
        appendRings(*g, metricShapes[i]);
        OGREnvelope e;
        g->getEnvelope(&e);
        extent = {std::min(extent.minX, e.MinX), std::min(extent.minY, e.MinY), std::max(extent.maxX, e.MaxX),
                  std::max(extent.maxY, e.MaxY)};
    }
    // The study area plus one bandwidth.
    const double pad = result.bandwidthMeters;
    extent = {extent.minX - pad, extent.minY - pad, extent.maxX + pad, extent.maxY + pad};
    progress.update(0.35, "kernel density");
    result.raster = core::makeRaster(extent, request.cellMeters);
    core::addKernelDensity(result.raster, pts, {}, request.kernel, result.bandwidthMeters);
    progress.update(0.85, "masking outside the wards");
    core::PolygonIndex index;
    index.build(metricShapes);
    auto& r = result.raster;
    core::parallelFor(r.rows, [&](std::size_t y) {
        for (std::size_t x = 0; x < r.cols; ++x)
            if (index.locate({r.centreX(x), r.centreY(y)}) < 0) r.values[y * r.cols + x] = std::numeric_limits<double>::quiet_NaN();
    });
    progress.update(0.9, "writing");
    fs::create_directories(request.out.parent_path().empty() ? fs::path(".") : request.out.parent_path());
    writeCog(request.out, r, wards, request, result.bandwidthMeters);
    if (!request.contours.empty()) {
        result.levels = hotspotLevels(r, request.volumeShares, request.fixedLevels);
        writeContours(request.contours, r, wards, result.levels);
    }
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
