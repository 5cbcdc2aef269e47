#pragma once
// Global and local spatial autocorrelation and hot-spot statistics.
// Conventions (docs/methods.md): Moran's I as in Cliff & Ord (1981); local Moran
// as in Anselin (1995) with n in the variance denominator (m2 = sum z^2 / n, as
// GeoDa and R spdep); Gi* as in Ord & Getis (1995) with the ward itself included
// with weight 1. Permutation pseudo p-values are (M + 1) / (R + 1).
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/progress.h"
#include "core/weights.h"

namespace wardscope::core {

struct PermutationOptions {
    std::uint32_t permutations = 999;  ///< 0 = analytic only
    std::uint64_t seed = 12345;
    unsigned threads = 0;              ///< 0 = hardware concurrency; results do not depend on it
};

struct GlobalMoran {
    double i = 0;
    double expected = 0;
    double varianceNormality = 0;
    double zNormality = 0;
    double varianceRandomization = 0;
    double zRandomization = 0;
    double pNormality = 1;      ///< two-sided, from zNormality
    double pRandomization = 1;  ///< two-sided, from zRandomization
    double pPermutation = 1;  ///< pseudo p, in the direction of the observed I
    std::uint32_t permutations = 0;
    std::uint64_t seed = 0;
};

/// Global Moran's I of x under weights w (use rowStandardized() for the usual form).
GlobalMoran globalMoran(const std::vector<double>& x, const Weights& w, const PermutationOptions& options,
                        Progress* progress = nullptr);

enum class LisaCluster : std::uint8_t { NotSignificant, HighHigh, LowLow, HighLow, LowHigh, Isolate };
std::string_view lisaClusterCode(LisaCluster c);  // "ns", "HH", "LL", "HL", "LH", "isolate"

struct LocalMoran {
    std::vector<double> i;         ///< Ii
    std::vector<double> expected;  ///< E[Ii] = -Wi / (n - 1)
    std::vector<double> variance;  ///< under randomisation (total)
    std::vector<double> z;
    std::vector<double> pPermutation;  ///< conditional permutation, folded: (min(M>=, M<=) + 1) / (R + 1)
    std::vector<char> isolate;         ///< ward without neighbours: excluded
};

LocalMoran localMoran(const std::vector<double>& x, const Weights& w, const PermutationOptions& options,
                      Progress* progress = nullptr);

/// Cluster class of each ward at significance `alpha` applied to `p`.
std::vector<LisaCluster> lisaClusters(const std::vector<double>& x, const Weights& w, const LocalMoran& lm,
                                      const std::vector<double>& p, double alpha);

struct GetisOrd {
    std::vector<double> z;             ///< Gi* z-score (Ord & Getis 1995)
    std::vector<double> pNormal;       ///< two-sided, from z
    std::vector<double> pPermutation;  ///< conditional permutation, folded
};

/// Gi* with the ward itself included (weight 1) and binary neighbour weights.
GetisOrd getisOrdGiStar(const std::vector<double>& x, const Weights& w, const PermutationOptions& options,
                        Progress* progress = nullptr);

/// Getis-Ord Gi (the ward itself excluded; Getis & Ord 1992, z-score of Ord &
/// Getis 1995 with the mean and variance of the other n - 1 wards), binary weights.
std::vector<double> getisOrdGiZ(const std::vector<double>& x, const Weights& w);

/// ArcGIS-style bins: +-3 (99 %), +-2 (95 %), +-1 (90 %), 0, from z and a p
/// (already corrected for multiple testing) that must also be below 0.01/0.05/0.10.
std::vector<int> confidenceBins(const std::vector<double>& z, const std::vector<double>& p);

/// Conditional-permutation pseudo p-values (folded) of local Moran and Gi* in
/// one pass: for each ward and permutation the same random draw of neighbour
/// values serves both statistics, halving the work of computing them apart.
/// `w` gives the neighbours and the (e.g. row-standardised) weights for local
/// Moran; Gi* uses the same neighbours with binary weights and the ward itself.
struct LocalPermutationP {
    std::vector<double> lisa;
    std::vector<double> giStar;
};
LocalPermutationP localPermutationPValues(const std::vector<double>& x, const Weights& w,
                                          const PermutationOptions& options, Progress* progress = nullptr);

enum class Correction { None, Bonferroni, Fdr };
/// Adjusted p-values (Benjamini & Hochberg 1995 step-up for Fdr). NaN stays NaN.
std::vector<double> adjustPValues(const std::vector<double>& p, Correction correction);

/// Two-sided normal p-value of z.
double twoSidedNormalP(double z);

}  // namespace wardscope::core
