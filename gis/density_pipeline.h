#pragma once
// Pipeline API for kernel density surfaces of case points (`wardscope density`).
#include <filesystem>
#include <string>
#include <vector>

#include "core/disclosure.h"
#include "core/kde.h"
#include "core/progress.h"
#include "gis/pipeline.h"

namespace wardscope::gis {

struct DensityRequest {
    WardLayerOptions wards;   ///< the study area: cells outside every ward are nodata
    RecordInput points;       ///< case records (any format `analyze` reads)
    std::string asOf;         ///< as for analyze
    double bandwidthMeters = 0;  ///< 0 = automatic (Silverman-type rule, docs/methods.md)
    double cellMeters = 50;
    core::Kernel kernel = core::Kernel::Quartic;
    core::DisclosurePolicy disclosure;
    std::filesystem::path out;  ///< Cloud-Optimized GeoTIFF
    std::filesystem::path contours;       ///< hotspot polygons, RFC 7946 GeoJSON (optional)
    std::vector<double> volumeShares = {0.5, 0.75, 0.9};  ///< percent-volume contours
    std::vector<double> fixedLevels;      ///< fixed-level contours, cases per km²
    void validate() const;
};

/// One hotspot polygon set: the smallest area holding `share` of the density
/// (percent volume), or the area at or above a fixed density level.
struct HotspotLevel {
    std::string kind;     ///< "percent_volume" or "fixed_level"
    double share = 0;     ///< share of the cases inside (0-1)
    double threshold = 0; ///< density at the edge, cases per km²
    double areaKm2 = 0;
};
/// Thresholds and statistics from the raster alone (exact cell sums).
std::vector<HotspotLevel> hotspotLevels(const core::Raster& raster, const std::vector<double>& volumeShares,
                                        const std::vector<double>& fixedLevels);

struct DensityResult {
    core::Raster raster;  ///< cases per km², metric CRS; nodata = NaN outside the wards
    double bandwidthMeters = 0;
    std::size_t points = 0;
    std::vector<std::string> warnings;
    std::vector<HotspotLevel> levels;
};

DensityResult runDensity(const DensityRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
