#include "gis/density_pipeline.h"

#include <gdal_alg.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>

#include "core/error.h"
#include "core/parallel.h"
#include "core/polygon_index.h"
#include "gis/contiguity.h"
#include "gis/crs.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/record_intake.h"
#include "gis/stage_clock.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

void DensityOptions::validate() const {
    if (bandwidthMeters < 0) throw UsageError("--bandwidth must be positive (or auto)");
    if (!(cellMeters > 0)) throw UsageError("--cell must be positive");
    if (bandwidthMeters > 0 && bandwidthMeters < cellMeters / 2)
        throw UsageError("--bandwidth must be at least half the cell size: a kernel would fall between cell centres");
    if (!(minDenominator >= 0)) throw UsageError("--min-denominator must be 0 or more");
    if (!(transformErrorMeters >= 0 && transformErrorMeters <= 1))
        throw UsageError("--transform-error must be between 0 (exact) and 1 metre");
    for (double share : volumeShares)
        if (!(share > 0 && share < 1)) throw UsageError("percent-volume shares must be between 0 and 1");
    for (double level : fixedLevels)
        if (!(level > 0)) throw UsageError("--levels must be positive densities");
}

void DensityRequest::validate() const {
    if (wards.path.empty() || wards.idField.empty()) throw UsageError("--wards and --ward-id are required");
    if (points.path.empty()) throw UsageError("--points is required");
    if (out.empty()) throw UsageError("--out is required");
    if (out.extension() != ".tif" && out.extension() != ".tiff") throw UsageError("--out must be a .tif file");
    if (denominator == DenominatorSource::Survey && survey.path.empty())
        throw UsageError("--relative-to needs a survey file or 'population'");
    if (denominator == DenominatorSource::WardPopulation && wards.populationField.empty())
        throw UsageError("--relative-to population needs --population-field (the wards' population)");
    surface.validate();
    disclosure.validate();
}

namespace {

struct Band {
    const core::Raster* raster;
    const char* description;
    std::string units;
};

void writeCog(const fs::path& path, const std::vector<Band>& bands, const WardLayer& wards,
              const std::vector<std::pair<std::string, std::string>>& metadata) {
    ensureGdal();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* cog = GetGDALDriverManager()->GetDriverByName("COG");
    if (!mem || !cog) throw OutputError(path.string() + ": GDAL's COG driver is not available");
    const core::Raster& r = *bands.front().raster;
    DatasetPtr ds(mem->Create("", static_cast<int>(r.cols), static_cast<int>(r.rows), static_cast<int>(bands.size()),
                              GDT_Float32, nullptr));
    double transform[6] = {r.originX, r.cellSize, 0, r.originY, 0, -r.cellSize};
    ds->SetGeoTransform(transform);
    if (!wards.metricCrs.empty()) ds->SetSpatialRef(wards.metricCrs.get());
    constexpr double nodata = -9999.0;
    std::vector<float> row(r.cols);
    for (std::size_t b = 0; b < bands.size(); ++b) {
        GDALRasterBand* band = ds->GetRasterBand(static_cast<int>(b + 1));
        band->SetNoDataValue(nodata);
        band->SetDescription(bands[b].description);
        band->SetMetadataItem("UNITS", bands[b].units.c_str());
        const core::Raster& src = *bands[b].raster;
        for (std::size_t y = 0; y < src.rows; ++y) {
            for (std::size_t x = 0; x < src.cols; ++x) {
                const double v = src.values[y * src.cols + x];
                row[x] = std::isnan(v) ? static_cast<float>(nodata) : static_cast<float>(v);
            }
            if (band->RasterIO(GF_Write, 0, static_cast<int>(y), static_cast<int>(src.cols), 1, row.data(),
                               static_cast<int>(src.cols), 1, GDT_Float32, 0, 0) != CE_None)
                throw OutputError(path.string() + ": cannot write the raster");
        }
    }
    for (const auto& [key, value] : metadata) ds->SetMetadataItem(key.c_str(), value.c_str());
    ds->SetMetadataItem("SOFTWARE", (std::string("wardscope ") + WARDSCOPE_VERSION).c_str());
    AtomicFile file(path);
    char** options = nullptr;
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    options = CSLSetNameValue(options, "LEVEL", "1");  // as small as level 6 here (smooth surfaces), 20 % faster
    options = CSLSetNameValue(options, "NUM_THREADS", "ALL_CPUS");
    // Overviews average the cells (a density stays a density when zoomed out);
    // also cheaper than the driver's default cubic.
    options = CSLSetNameValue(options, "OVERVIEW_RESAMPLING", "AVERAGE");
    DatasetPtr out(cog->CreateCopy(file.tempPath().c_str(), ds.get(), FALSE, options, nullptr, nullptr));
    CSLDestroy(options);
    if (!out) throw OutputError(path.string() + ": cannot be written (" + takeLastGdalError() + ")");
    out.reset();
    file.commit();
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
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

DensityResult computeDensity(const WardLayer& wards, const std::vector<core::JoinedPoint>& cases,
                             DenominatorSource denominator, const std::vector<core::JoinedPoint>& denominatorPoints,
                             const DensityOptions& options, const core::DisclosurePolicy& disclosure,
                             core::Progress& progress, const std::vector<double>* wardPopulation) {
    options.validate();
    DensityResult result;
    StageClock clock(result.timingsSeconds);
    result.denominatorSource = denominator;
    const auto toMetricOwner = wards.metricTransform();
    const Transform& toMetric = *toMetricOwner;
    // Joined points into the metric CRS, interpolated in a lattice that PROJ
    // transforms exactly, within options.transformErrorMeters (default 1 cm, ten
    // times finer than coordinates given to 6 decimals of a degree); exact for
    // fewer than 100,000 points or when the error allowed is 0.
    auto toMetricPoints = [&](const std::vector<core::JoinedPoint>& in, std::vector<core::Point>& pts,
                              std::vector<double>& weights) {
        std::vector<double> xs, ys;
        std::vector<int> ok;
        xs.reserve(in.size());
        ys.reserve(in.size());
        for (const auto& p : in) xs.push_back(p.point.x), ys.push_back(p.point.y);
        const double bound = toMetric.applyInterpolated(xs, ys, ok, options.transformErrorMeters);
        result.transformMaxErrorMeters = std::max(result.transformMaxErrorMeters, bound);
        for (std::size_t i = 0; i < xs.size(); ++i)
            if (ok[i]) {
                pts.push_back({xs[i], ys[i]});
                weights.push_back(in[i].weight);
            }
    };
    std::vector<core::Point> pts;
    std::vector<double> weights;
    toMetricPoints(cases, pts, weights);
    result.points = pts.size();
    for (double w : weights) {
        result.weightedCases += w;
        result.weighted = result.weighted || w != 1.0;
    }
    clock.lap("transform");
    if (pts.empty()) throw InputError("no case has coordinates inside the wards: there is no density to estimate");
    if (!(result.weightedCases > 0)) throw InputError("the case weights add up to 0: there is no density to estimate");
    result.bandwidthMeters = options.bandwidthMeters > 0 ? options.bandwidthMeters : core::silvermanBandwidth(pts);
    if (result.bandwidthMeters < options.cellMeters / 2) {
        result.warnings.push_back("the automatic bandwidth (" + number(result.bandwidthMeters) +
                                  " m) is below half a cell; half a cell is used");
        result.bandwidthMeters = options.cellMeters / 2;
    }
    if (disclosure.mode == core::DisclosureMode::Shared) {
        std::vector<std::pair<double, double>> xy;
        xy.reserve(pts.size());
        for (const auto& p : pts) xy.emplace_back(p.x, p.y);
        // A surface that shows a case on its own is not shared: an automatic
        // bandwidth is raised to the smallest that shows none; a bandwidth the
        // user gave is refused, with that smallest one in the message.
        const auto check = core::checkDensityBandwidth(xy, result.bandwidthMeters, disclosure.minCount);
        if (!check.safe()) {
            if (!std::isfinite(check.smallestSafeBandwidth))
                throw UsageError("disclosure: fewer than " + std::to_string(disclosure.minCount) +
                                 " cases have coordinates: no density surface can be shared (--disclosure internal "
                                 "for an internal one, or leave the density out)");
            if (options.bandwidthMeters > 0)
                throw UsageError("disclosure: --bandwidth " + number(result.bandwidthMeters) + " m shows " +
                                 std::to_string(check.casesShownAlone) + " case(s) on their own in shared outputs: use at least " +
                                 number(std::ceil(check.smallestSafeBandwidth)) + " m, or auto");
            result.warnings.push_back("disclosure: the automatic bandwidth " + number(result.bandwidthMeters) + " m showed " +
                                      std::to_string(check.casesShownAlone) + " case(s) on their own; raised to " +
                                      number(std::ceil(check.smallestSafeBandwidth)) +
                                      " m, the smallest that shows none (shared outputs)");
            result.bandwidthRaisedFrom = result.bandwidthMeters;
            result.bandwidthMeters = std::ceil(check.smallestSafeBandwidth);
        }
    }
    clock.lap("disclosure_check");
    // The grid covers the wards (their rings in the metric CRS) plus one bandwidth.
    constexpr double inf = std::numeric_limits<double>::infinity();
    core::Box extent{inf, inf, -inf, -inf};
    const std::vector<core::Shape> metricShapes = wards.metricRings();
    for (const core::Shape& shape : metricShapes)
        for (const core::Ring& ring : shape.rings)
            for (const core::Point& p : ring)
                extent = {std::min(extent.minX, p.x), std::min(extent.minY, p.y), std::max(extent.maxX, p.x),
                          std::max(extent.maxY, p.y)};
    const double pad = result.bandwidthMeters;
    extent = {extent.minX - pad, extent.minY - pad, extent.maxX + pad, extent.maxY + pad};
    progress.update(0.1, "kernel density");
    result.raster = core::makeRaster(extent, options.cellMeters);
    core::addKernelDensity(result.raster, pts, weights, options.kernel, result.bandwidthMeters);
    clock.lap("surface");
    progress.update(0.5, "masking outside the wards");
    core::PolygonIndex index;
    index.build(metricShapes);
    auto& r = result.raster;
    std::vector<std::int32_t> cellWard(r.values.size());
    core::parallelFor(r.rows, [&](std::size_t y) {
        core::PolygonIndex::CellCache cache;  // most cells share an index cell inside one ward
        for (std::size_t x = 0; x < r.cols; ++x) cellWard[y * r.cols + x] = index.locate({r.centreX(x), r.centreY(y)}, cache);
    });
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t c = 0; c < r.values.size(); ++c)
        if (cellWard[c] < 0) r.values[c] = kNaN;

    clock.lap("mask");
    if (denominator != DenominatorSource::None) {
        progress.update(0.6, "denominator density");
        std::vector<core::Point> dpts;
        std::vector<double> dweights;
        if (denominator == DenominatorSource::Survey) {
            toMetricPoints(denominatorPoints, dpts, dweights);
        } else {
            // Each ward's population spread evenly over its cells (a ward too small
            // to hold a cell centre puts it at its representative point).
            std::vector<std::size_t> cellsIn(wards.wards.size(), 0);
            for (auto w : cellWard)
                if (w >= 0) ++cellsIn[static_cast<std::size_t>(w)];
            const auto reps = representativePoints(wards);
            auto populationOf = [&](std::size_t w) {
                const double p = wardPopulation ? (*wardPopulation)[w] : wards.wards[w].populationField.value_or(0.0);
                return std::isfinite(p) ? p : 0.0;
            };
            for (std::size_t c = 0; c < cellWard.size(); ++c) {
                if (cellWard[c] < 0) continue;
                const auto w = static_cast<std::size_t>(cellWard[c]);
                const double pop = populationOf(w);
                if (pop > 0) {
                    dpts.push_back({r.centreX(c % r.cols), r.centreY(c / r.cols)});
                    dweights.push_back(pop / static_cast<double>(cellsIn[w]));
                }
            }
            for (std::size_t w = 0; w < wards.wards.size(); ++w)
                if (cellsIn[w] == 0 && populationOf(w) > 0) {
                    dpts.push_back(reps[w]);
                    dweights.push_back(populationOf(w));
                }
        }
        for (double w : dweights) result.denominatorTotal += w;
        if (!(result.denominatorTotal > 0))
            throw InputError(denominator == DenominatorSource::Survey
                                 ? "the survey records hold no children (children_5_17): no relative risk"
                                 : "no ward has a population: no relative risk");
        core::Raster d = core::makeRaster(extent, options.cellMeters);
        core::addKernelDensity(d, dpts, dweights, options.kernel, result.bandwidthMeters);
        core::Raster rr = d;
        // Relative risk: (case density / all cases) / (denominator density / whole
        // denominator), nodata where fewer than minDenominator children lie within
        // one bandwidth.
        const double kernelAreaKm2 = std::numbers::pi * result.bandwidthMeters * result.bandwidthMeters / 1e6;
        for (std::size_t c = 0; c < d.values.size(); ++c) {
            if (cellWard[c] < 0) {
                d.values[c] = kNaN;
                rr.values[c] = kNaN;
                continue;
            }
            if (d.values[c] * kernelAreaKm2 < options.minDenominator || !(d.values[c] > 0)) {
                rr.values[c] = kNaN;
                ++result.sparseCells;
                continue;
            }
            rr.values[c] = (r.values[c] / result.weightedCases) / (d.values[c] / result.denominatorTotal);
        }
        result.denominator = std::move(d);
        result.relativeRisk = std::move(rr);
    }
    if (!options.volumeShares.empty() || !options.fixedLevels.empty())
        result.levels = hotspotLevels(r, options.volumeShares, options.fixedLevels);
    clock.lap("relative_risk_and_levels");
    progress.update(1.0, "done");
    return result;
}

void writeDensityRaster(const fs::path& path, const DensityResult& result, const WardLayer& wards,
                        const DensityOptions& options, const core::DisclosurePolicy& disclosure,
                        const std::string& weightField) {
    const std::string caseUnits = weightField.empty() ? "cases per km2" : "weighted cases (" + weightField + ") per km2";
    std::vector<Band> bands;
    std::vector<std::pair<std::string, std::string>> metadata = {
        {"KERNEL", options.kernel == core::Kernel::Quartic ? "quartic" : "gaussian"},
        {"BANDWIDTH_M", number(result.bandwidthMeters)},
        {"CELL_M", number(options.cellMeters)},
        {"POINTS", std::to_string(result.points)},
        {"DISCLOSURE", std::string(core::disclosureModeName(disclosure.mode))}};
    if (!weightField.empty()) metadata.emplace_back("WEIGHT_FIELD", weightField);
    if (result.relativeRisk) {
        const std::string denominatorName =
            result.denominatorSource == DenominatorSource::Survey ? "surveyed children (children_5_17)" : "ward population";
        bands.push_back({&*result.relativeRisk, "relative_risk", "ratio to the city-wide rate (1 = average)"});
        bands.push_back({&result.raster, "case_density", caseUnits});
        bands.push_back({&*result.denominator, "denominator_density",
                         result.denominatorSource == DenominatorSource::Survey ? "children per km2" : "people per km2"});
        metadata.emplace_back("UNITS", "relative risk (band 1), " + caseUnits + " (band 2)");
        metadata.emplace_back("RELATIVE_TO", denominatorName);
        metadata.emplace_back("MIN_DENOMINATOR", number(options.minDenominator));
        metadata.emplace_back("CITY_RATE", number(result.weightedCases / result.denominatorTotal));
    } else {
        bands.push_back({&result.raster, "case_density", caseUnits});
        metadata.emplace_back("UNITS", caseUnits);
    }
    prepareOutputFolder(path.parent_path());
    writeCog(path, bands, wards, metadata);
}

void writeHotspotContours(const fs::path& path, const DensityResult& result, const WardLayer& wards) {
    prepareOutputFolder(path.parent_path());
    writeContours(path, result.raster, wards, result.levels);
}

nlohmann::ordered_json densitySummary(const DensityResult& result, const DensityOptions& options) {
    nlohmann::ordered_json j;
    j["kernel"] = options.kernel == core::Kernel::Quartic ? "quartic" : "gaussian";
    j["bandwidth_m"] = result.bandwidthMeters;
    if (result.bandwidthRaisedFrom > 0) j["bandwidth_raised_from_m"] = result.bandwidthRaisedFrom;
    j["bandwidth_rule"] = options.bandwidthMeters > 0 ? "fixed" : "silverman";
    j["cell_m"] = options.cellMeters;
    j["grid"] = {{"cols", result.raster.cols}, {"rows", result.raster.rows}};
    j["points"] = result.points;
    j["transform_max_error_m"] = result.transformMaxErrorMeters;
    if (result.relativeRisk) {
        j["relative_to"] = result.denominatorSource == DenominatorSource::Survey ? "survey children_5_17" : "ward population";
        j["min_denominator"] = options.minDenominator;
        j["sparse_cells"] = result.sparseCells;
    }
    j["hotspots"] = nlohmann::ordered_json::array();
    for (const auto& l : result.levels)
        j["hotspots"].push_back(
            {{"kind", l.kind}, {"share_of_cases", l.share}, {"threshold_per_km2", l.threshold}, {"area_km2", l.areaKm2}});
    return j;
}

DensityResult runDensity(const DensityRequest& request, core::Progress& progress) {
    request.validate();
    std::vector<std::pair<std::string, double>> timings;
    StageClock clock(timings);
    progress.update(0.0, "reading wards");
    const WardLayer wards = loadWardLayer(request.wards);
    if (wards.planar())
        throw UsageError(wards.path + ": the ward layer has no CRS; a density surface is in metres: declare the layer's "
                         "CRS with --wards-crs");
    clock.lap("read_wards");
    const std::string asOf = request.asOf.empty() ? todayIso() : request.asOf;
    const fs::path outDir = request.out.parent_path().empty() ? fs::path(".") : request.out.parent_path();
    prepareOutputFolder(outDir);
    core::Aggregator unused(wards.wards.size());
    std::vector<std::string> warnings = wards.warnings;
    std::vector<InputReport> inputs;
    auto read = [&](core::RecordKind kind, const RecordInput& input, const std::string& weightField,
                    std::vector<core::JoinedPoint>& points, double from, double to) {
        IntakeOptions intake;
        intake.kind = kind;
        intake.asOf = *core::parseIsoDate(asOf);
        intake.acceptedPoints = &points;
        intake.weightField = weightField;
        intake.rejectRows = request.disclosure.mode == core::DisclosureMode::Internal;
        intake.rejectFile = outDir / ("rejects_" + std::string(core::recordKindName(kind)) + "_" +
                                      fs::path(parseLayerPath(input.path).path).stem().string() + ".csv");
        core::SubProgress sub(progress, from, to);
        inputs.push_back(readRecords(input, wards, intake, unused, warnings, sub));
        if (const auto located = static_cast<std::int64_t>(points.size()); located < inputs.back().accepted)
            warnings.push_back(input.path + ": " + std::to_string(inputs.back().accepted - located) +
                               " accepted records have no coordinates (joined by ward code or name) and are not in the surface");
    };
    std::vector<core::JoinedPoint> cases, surveyPoints;
    read(core::RecordKind::Case, request.points, request.weightField, cases, 0.05, 0.3);
    if (request.denominator == DenominatorSource::Survey)
        read(core::RecordKind::Survey, request.survey, "", surveyPoints, 0.3, 0.4);
    clock.lap("read_records");
    core::SubProgress sub(progress, 0.4, 0.9);
    DensityOptions surface = request.surface;
    if (request.contours.empty()) {
        // The hotspot levels (a sort of every cell) only serve the contours.
        surface.volumeShares.clear();
        surface.fixedLevels.clear();
    }
    DensityResult result = computeDensity(wards, cases, request.denominator, surveyPoints, surface, request.disclosure, sub);
    result.inputs = std::move(inputs);
    warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
    result.warnings = std::move(warnings);
    clock.lap("compute");
    progress.update(0.9, "writing");
    writeDensityRaster(request.out, result, wards, request.surface, request.disclosure, request.weightField);
    if (!request.contours.empty()) writeHotspotContours(request.contours, result, wards);
    clock.lap("write");
    // The compute stages in detail, between reading and writing.
    timings.insert(timings.end() - 2, result.timingsSeconds.begin(), result.timingsSeconds.end());
    result.timingsSeconds = std::move(timings);
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
