#pragma once
// Pipeline API for priority ranking (`wardscope rank`) over an analysis output.
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/progress.h"
#include "core/rank.h"

namespace wardscope::gis {

struct RankRequest {
    /// An analysis output folder: with its manifest.json and unchanged inputs, the
    /// analysis is re-run in memory and the wards are ranked on the exact values
    /// (what its shared outputs withhold is withheld from the ranking's outputs
    /// too); otherwise on the values it publishes. Or a ward layer with the same fields.
    std::string in;
    /// indicator name -> weight. Names: any numeric field of the layer, or
    /// at_risk_share (survey_children_working / survey_children_5_17), children
    /// (population), trend (slope of cases_<year> per 12 months of exposure, core::trendSlope).
    std::vector<std::pair<std::string, double>> indicators = {
        {"eb_rate_per_1000", 1}, {"gi_star_z", 1}, {"at_risk_share", 1}, {"children", 0.5}, {"cases", 0.5}, {"trend", 0.5}};
    core::RankOptions options;
    std::filesystem::path outDir;
    void validate() const;
};

struct RankedWard {
    std::string code, name;
    std::size_t rank = 0;
    /// NaN (empty in ranks.csv) when the outputs are shared and an indicator of
    /// the ward is computed from a withheld value: the score would give it back.
    double score = 0;
    double topKShare = 0;
    std::size_t missing = 0;
    std::vector<double> contributions;  ///< in indicator order; NaN: no value, or withheld
    std::vector<std::string> withheld;  ///< indicators whose contribution (and so the score) is withheld
};

struct RankResult {
    std::vector<std::string> indicators;  ///< the ones used (an indicator absent from the layer is dropped, with a warning)
    std::vector<RankedWard> wards;        ///< by rank
    std::vector<std::string> warnings;
    std::vector<std::filesystem::path> outputs;
    bool exactValues = false;  ///< ranked on the analysis re-run from its manifest
    bool shared = false;       ///< the analysis outputs (and so these) are in shared mode
    std::map<int, int> trendExposure;  ///< months of each year the trend compares (empty: 12 each)
};

RankResult runRank(const RankRequest& request, core::Progress& progress);

/// Reads the [rank] section of a project file into `request`:
///   [rank]
///   normalise = "rank"          # or "minmax"
///   top = 10
///   [rank.weights]
///   eb_rate_per_1000 = 1.0
///   gi_star_z = 1.0
/// Throws InputError for a bad value.
void readRankProject(const std::filesystem::path& project, RankRequest& request);

/// Each ward's priority score from a ranks.csv (ward_code -> score in [0, 1]).
std::map<std::string, double> readRankScores(const std::filesystem::path& ranksCsv);

/// "eb_rate_per_1000=1,gi_star_z=0.5" -> pairs; throws UsageError.
std::vector<std::pair<std::string, double>> parseIndicatorWeights(const std::string& text);

}  // namespace wardscope::gis
