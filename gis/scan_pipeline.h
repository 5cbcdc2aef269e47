#pragma once
// Pipeline API for the Kulldorff scan: `wardscope scan` on any polygon layer with
// a count and a population field.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/disclosure.h"
#include "core/progress.h"
#include "core/scan.h"
#include "core/table.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct ScanRequest {
    WardLayerOptions wards;
    std::string countField;
    std::string populationField;
    core::ScanOptions scan;
    core::DisclosurePolicy disclosure;
    std::filesystem::path out;      ///< per-ward layer with scan_cluster (.geojson/.gpkg, optional)
    std::filesystem::path summary;  ///< clusters (.json, optional)
    void validate() const;
};

struct ScanRun {
    core::ScanResult result;
    core::Table wards;
    nlohmann::ordered_json summary;
};

/// Also used by `analyze` on its aggregated counts.
ScanRun runScanOn(const WardLayer& wards, const std::vector<double>& cases, const std::vector<double>& population,
                  const core::ScanOptions& options, core::Progress& progress);

ScanRun runScan(const ScanRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
