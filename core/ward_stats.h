#pragma once
// The hotspot analysis of one variable over wards: rates, global Moran (and the
// Assuncao-Reis EB Moran for rates), local Moran clusters and Gi* bins with
// multiple-testing correction. Pure: weights come from gis, output goes to gis.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/spatial_stats.h"
#include "core/table.h"
#include "core/weights.h"

namespace wardscope::core {

struct WardStatsOptions {
    /// 9,999 by default: with 999 the smallest pseudo p is 0.001, too coarse to
    /// survive a false-discovery-rate correction over ~100 wards.
    std::uint32_t permutations = 9999;
    std::uint64_t seed = 12345;
    double alpha = 0.05;
    Correction correction = Correction::Fdr;
    unsigned threads = 0;
    void validate() const;  ///< throws UsageError
};

struct WardStatsInput {
    std::vector<double> cases;       ///< may be empty when the variable is given
    std::vector<double> population;  ///< may be empty when the variable is given
    std::vector<double> variable;    ///< the analysed values; NaN = missing (ward excluded)
    std::string variableName;
    Weights weights;                   ///< binary neighbour graph (islands already handled)
    std::vector<char> island;          ///< ward had no neighbour before the island policy
    std::vector<std::string> attachedTo;  ///< per ward: codes it was attached to ("" if none)
};

struct WardStatsResult {
    std::vector<double> rate, ebRate, sebRate, excessRisk;
    std::vector<double> lisaI, lisaZ, lisaP, lisaPAdjusted;
    std::vector<LisaCluster> lisaCluster;
    std::vector<double> giZ;  ///< Gi, the ward itself excluded
    std::vector<double> giStarZ;
    std::vector<double> giStarP;          ///< conditional-permutation pseudo p (raw)
    std::vector<double> giStarPNormal;    ///< p of the z-score (raw)
    std::vector<double> giStarPAdjusted;  ///< giStarPNormal after the correction: drives the bins
    std::vector<int> giStarBin;
    std::vector<std::size_t> neighbours;
    std::vector<char> excluded;  ///< variable missing: no statistics
    GlobalMoran moran;
    std::optional<GlobalMoran> ebMoran;  ///< when cases and population are known
    std::map<std::string, std::size_t> clusterCounts;
    std::map<int, std::size_t> binCounts;
    bool constantVariable = false;  ///< no variation: statistics undefined, nothing flagged
};

/// Wards whose variable is missing are left out (their links dropped) and
/// reported as excluded. Moran and local Moran use row-standardised weights;
/// Gi* uses the binary weights with the ward itself included.
WardStatsResult computeWardStats(const WardStatsInput& input, const WardStatsOptions& options,
                                 Progress* progress = nullptr);

/// Appends the per-ward statistics columns (docs/formats.md) to a ward table
/// whose rows are in the same order; `cases` and `population` too when the
/// table has neither (a table that has them keeps its own values).
void appendStatsColumns(Table& table, const WardStatsInput& input, const WardStatsResult& result);

/// Keeps only the wards with keep[i]; links to dropped wards are removed.
/// `mapping` receives the old index of each kept ward.
Weights subsetWeights(const Weights& w, const std::vector<char>& keep, std::vector<std::size_t>& mapping);

std::string_view correctionName(Correction c);

}  // namespace wardscope::core
