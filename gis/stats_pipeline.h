#pragma once
// Pipeline API for the spatial statistics: `wardscope stats` on any polygon layer,
// and the statistics step of `wardscope analyze`.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/disclosure.h"
#include "core/progress.h"
#include "core/ward_stats.h"
#include "core/weights.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct WeightsOptions {
    std::string spec = "queen";  ///< queen, rook, knn:K, distance:METRES, distance:auto
    /// Contiguity tolerance, in metres on a layer with a CRS, in the layer's
    /// units on a planar one (WardLayer::planar); unset: snapFor() decides.
    std::optional<double> snap;
    bool attachIslands = true;   ///< false: keep islands as isolates
    std::size_t islandNeighbours = 1;  ///< k nearest wards an island is attached to
    bool planar = false;         ///< allow distance weights on a layer without CRS
    std::filesystem::path galOut;  ///< write the final weights as GAL (optional)
    std::filesystem::path gwtOut;  ///< ... and/or GWT
    void validate() const;
    /// The tolerance used on `wards`: the one given, else 1 m on a layer with a
    /// CRS and 0 on a planar one (a metre means nothing in unknown units).
    [[nodiscard]] double snapFor(const WardLayer& wards) const;
};

struct BuiltWeights {
    core::Weights weights;  ///< binary, islands handled by the policy
    std::vector<char> island;
    std::vector<std::string> attachedTo;
    core::WeightsSummary summary;  ///< after the island policy
    std::size_t islandsBefore = 0;
    std::string label;
    double distanceMeters = 0;  ///< for distance bands (chosen one for auto)
    double snap = 0;            ///< the contiguity tolerance used (WeightsOptions::snapFor)
    std::string units;          ///< of snap and distanceMeters: "m", or "layer units" on a planar layer
};

/// Builds weights from the ward geometry (contiguity with GEOS, or distances
/// between representative points in the metric CRS) and applies the island policy.
BuiltWeights buildWeights(const WardLayer& wards, const WeightsOptions& options);

struct StatsRequest {
    WardLayerOptions wards;
    std::string countField;
    std::string populationField;
    /// eb_rate_per_1000 (default: calibrated, docs/methods.md), rate_per_1000 or a numeric field.
    std::string variable = "eb_rate_per_1000";
    WeightsOptions weights;
    core::WardStatsOptions stats;
    core::DisclosurePolicy disclosure;
    std::filesystem::path out;      ///< .geojson or .gpkg (optional)
    std::filesystem::path summary;  ///< .json (optional)
    void validate() const;
};

struct StatsResult {
    core::Table wards;
    core::WardStatsResult stats;
    BuiltWeights weights;
    nlohmann::ordered_json summary;
    std::vector<std::string> warnings;
};

StatsResult runStats(const StatsRequest& request, core::Progress& progress);

/// The statistics step on already-loaded wards and per-ward values.
struct StatsStep {
    core::WardStatsInput input;
    core::WardStatsResult result;
    BuiltWeights weights;
    nlohmann::ordered_json summary;
    std::vector<std::pair<std::string, double>> timingsSeconds;  ///< weights, statistics
};
StatsStep runStatsStep(const WardLayer& wards, std::vector<double> cases, std::vector<double> population,
                       const std::string& variable, const std::vector<double>* variableValues,
                       const WeightsOptions& weightsOptions, const core::WardStatsOptions& options,
                       core::Progress& progress);

}  // namespace wardscope::gis
