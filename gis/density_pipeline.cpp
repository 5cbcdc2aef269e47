#include "gis/density_pipeline.h"

#include <gdal_priv.h>

#include <cmath>
#include <limits>

#include "core/error.h"
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
    DatasetPtr out(cog->CreateCopy(file.tempPath().c_str(), ds.get(), FALSE, options, nullptr, nullptr));
    CSLDestroy(options);
    if (!out) throw OutputError(path.string() + ": cannot be written (" + takeLastGdalError() + ")");
    out.reset();
    file.commit();
}

}  // namespace

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
    for (auto [p, ward] : accepted)
        if (toMetric.apply(p)) pts.push_back(p);
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
    for (std::size_t y = 0; y < r.rows; ++y)
        for (std::size_t x = 0; x < r.cols; ++x)
            if (index.locate({r.centreX(x), r.centreY(y)}) < 0) r.values[y * r.cols + x] = std::numeric_limits<double>::quiet_NaN();
    progress.update(0.9, "writing");
    fs::create_directories(request.out.parent_path().empty() ? fs::path(".") : request.out.parent_path());
    writeCog(request.out, r, wards, request, result.bandwidthMeters);
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
