#pragma once
// Campaign siting as a maximal covering location problem (Church & ReVelle 1974):
// choose k sites among candidates so that the demand within the service radius of
// at least one chosen site is as large as possible. Solved by a lazy greedy pass
// (Minoux's accelerated greedy) and then swap improvement (exchange a chosen site
// for an unchosen one while it covers more); the greedy pass alone is within
// (1 - 1/e) of the optimum.
#include <cstdint>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

struct CoverageProblem {
    std::vector<double> demand;                    ///< weight of each demand point (>= 0)
    std::vector<std::vector<std::uint32_t>> covers; ///< per candidate: the demand points within the radius
};

/// Which demand points lie within `radius` of each candidate (a grid of cell = radius).
CoverageProblem buildCoverage(const std::vector<Point>& candidates, const std::vector<Point>& demandPoints,
                              const std::vector<double>& weights, double radius);

struct SiteCoverage {
    std::size_t candidate = 0;
    double covered = 0;  ///< demand within its radius
    double unique = 0;   ///< demand that no other chosen site covers
};

struct McLpResult {
    std::vector<SiteCoverage> sites;  ///< in the order chosen
    double covered = 0;               ///< demand covered by at least one site
    double total = 0;                 ///< all demand
    double greedyCovered = 0;         ///< after the greedy pass, before swaps
    std::size_t swaps = 0;
};

McLpResult solveMclp(const CoverageProblem& problem, std::size_t k);
/// Demand covered by a set of candidates.
double coveredDemand(const CoverageProblem& problem, const std::vector<std::size_t>& chosen);

}  // namespace wardscope::core
