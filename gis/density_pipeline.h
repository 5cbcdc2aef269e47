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
    void validate() const;
};

struct DensityResult {
    core::Raster raster;  ///< cases per km², metric CRS; nodata = NaN outside the wards
    double bandwidthMeters = 0;
    std::size_t points = 0;
    std::vector<std::string> warnings;
};

DensityResult runDensity(const DensityRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
