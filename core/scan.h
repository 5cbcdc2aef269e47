#pragma once
// Kulldorff's spatial scan statistic, Poisson model, over wards (Kulldorff 1997).
// Windows are circles centred on ward points, grown through the nearest wards
// (wards at the same distance join together) while the window holds at most a
// maximum share of the population.
#include <cstdint>
#include <vector>

#include "core/geometry.h"
#include "core/progress.h"

namespace wardscope::core {

struct ScanOptions {
    double maxPopulationShare = 0.5;
    std::uint32_t replications = 999;
    std::uint64_t seed = 12345;
    bool lowRate = false;  ///< look for low-rate clusters instead of high-rate ones
    unsigned threads = 0;
    void validate() const;  ///< throws UsageError
};

struct ScanCluster {
    std::vector<std::int32_t> wards;  ///< members, nearest first
    std::int32_t centre = -1;
    double observed = 0;
    double expected = 0;
    double relativeRisk = 0;  ///< (O/E) / ((N-O)/(N-E))
    double llr = 0;
    double p = 1;  ///< Monte Carlo: (rank) / (R + 1)
};

struct ScanResult {
    std::vector<ScanCluster> clusters;  ///< most likely first, then secondary clusters that do not overlap it
    std::vector<double> replicateMaxLlr;
};

/// Log-likelihood ratio of a window with observed `o` and expected `e` cases out of `total`.
double poissonLlr(double o, double e, double total, bool lowRate);

ScanResult kulldorffScan(const std::vector<Point>& centres, const std::vector<double>& cases,
                         const std::vector<double>& population, const ScanOptions& options, Progress* progress = nullptr);

}  // namespace wardscope::core
