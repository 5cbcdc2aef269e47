#pragma once
// Options of the density surfaces, shared by `wardscope density` and the density
// step of `wardscope analyze` (gis/density_pipeline.h).
#include <string>
#include <vector>

#include "core/kde.h"

namespace wardscope::gis {

/// How the surfaces are computed (docs/methods.md, "Kernel density").
struct DensityOptions {
    double bandwidthMeters = 0;  ///< 0 = automatic (Silverman-type rule)
    double cellMeters = 50;
    core::Kernel kernel = core::Kernel::Quartic;
    /// Relative risk: cells whose smoothed denominator holds fewer than this many
    /// children within one bandwidth (density x pi h^2) are nodata.
    double minDenominator = 50;
    /// Largest position error allowed when the points are moved to the metric CRS
    /// (metres): 100,000 points or more are interpolated in a lattice that PROJ
    /// transforms exactly (as gdalwarp -et); 0 sends every point through PROJ.
    double transformErrorMeters = 0.01;
    std::vector<double> volumeShares = {0.5, 0.75, 0.9};  ///< percent-volume contours
    std::vector<double> fixedLevels;                      ///< fixed-level contours, cases per km²
    void validate() const;  ///< throws UsageError
};

/// What the case density is divided by for the relative-risk surface.
enum class DenominatorSource {
    None,
    Survey,          ///< surveyed children (children_5_17 of each household, at its point)
    WardPopulation,  ///< each ward's population spread evenly over the ward
};

/// One hotspot polygon set: the smallest area holding `share` of the density
/// (percent volume), or the area at or above a fixed density level.
struct HotspotLevel {
    std::string kind;     ///< "percent_volume" or "fixed_level"
    double share = 0;     ///< share of the cases inside (0-1)
    double threshold = 0; ///< density at the edge, cases per km²
    double areaKm2 = 0;
};
/// What the density step of `analyze` reports to front ends.
struct DensityReport {
    bool written = false;
    std::string kernel;
    double bandwidthMeters = 0;
    bool relativeRisk = false;
    std::vector<HotspotLevel> levels;
};

}  // namespace wardscope::gis
