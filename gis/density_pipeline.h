#pragma once
// Pipeline API for kernel density surfaces: `wardscope density`, and the
// density step of `wardscope analyze` (the same functions).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/disclosure.h"
#include "core/progress.h"
#include "core/records.h"
#include "gis/density_options.h"
#include "gis/pipeline.h"

namespace wardscope::gis {

struct DensityRequest {
    WardLayerOptions wards;   ///< the study area: cells outside every ward are nodata
    RecordInput points;       ///< case records (any format `analyze` reads)
    std::string weightField;  ///< optional numeric column weighting each case
    DenominatorSource denominator = DenominatorSource::None;
    RecordInput survey;       ///< the survey records when denominator == Survey
    std::string asOf;         ///< as for analyze
    DensityOptions surface;
    core::DisclosurePolicy disclosure;
    std::filesystem::path out;       ///< Cloud-Optimized GeoTIFF; reject files are written beside it
    std::filesystem::path contours;  ///< hotspot polygons, RFC 7946 GeoJSON (optional)
    void validate() const;
};

/// Thresholds and statistics from the raster alone (exact cell sums).
std::vector<HotspotLevel> hotspotLevels(const core::Raster& raster, const std::vector<double>& volumeShares,
                                        const std::vector<double>& fixedLevels);

struct DensityResult {
    core::Raster raster;  ///< cases per km², metric CRS; nodata = NaN outside the wards
    std::optional<core::Raster> denominator;   ///< children (or people) per km²
    std::optional<core::Raster> relativeRisk;  ///< 1 = the city-wide ratio; NaN where sparse
    DenominatorSource denominatorSource = DenominatorSource::None;
    double bandwidthMeters = 0;
    /// In shared mode, the automatic bandwidth before it was raised so that no
    /// case shows on its own (0: not raised).
    double bandwidthRaisedFrom = 0;
    std::size_t points = 0;
    /// Largest position error of the points' transformation to the metric CRS
    /// (0 = every point through PROJ; else the interpolation bound, 1 cm).
    double transformMaxErrorMeters = 0;
    double weightedCases = 0;
    double denominatorTotal = 0;
    std::size_t sparseCells = 0;  ///< relative risk withheld by the minimum-denominator rule
    bool weighted = false;
    std::vector<std::string> warnings;
    std::vector<HotspotLevel> levels;
    std::vector<InputReport> inputs;
    std::vector<std::pair<std::string, double>> timingsSeconds;  ///< wall time per stage
};

/// The surfaces from joined points (ward layer CRS): the case density, and when
/// a denominator is given the denominator density and the relative risk.
/// `denominatorPoints` is used for DenominatorSource::Survey; WardPopulation
/// uses `wardPopulation` (one per ward, NaN = none) when given, else the wards'
/// population field.
DensityResult computeDensity(const WardLayer& wards, const std::vector<core::JoinedPoint>& cases,
                             DenominatorSource denominator, const std::vector<core::JoinedPoint>& denominatorPoints,
                             const DensityOptions& options, const core::DisclosurePolicy& disclosure,
                             core::Progress& progress, const std::vector<double>* wardPopulation = nullptr);

/// Writes the surfaces as one Cloud-Optimized GeoTIFF: band 1 the case density,
/// or with a denominator band 1 the relative risk, 2 the case density, 3 the
/// denominator density. `weightField` names the case weight in the metadata.
void writeDensityRaster(const std::filesystem::path& path, const DensityResult& result, const WardLayer& wards,
                        const DensityOptions& options, const core::DisclosurePolicy& disclosure,
                        const std::string& weightField);

/// Hotspot polygons of the case density at `levels`, RFC 7946 GeoJSON.
void writeHotspotContours(const std::filesystem::path& path, const DensityResult& result, const WardLayer& wards);

/// The surfaces' description for summary.json.
nlohmann::ordered_json densitySummary(const DensityResult& result, const DensityOptions& options);

DensityResult runDensity(const DensityRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
