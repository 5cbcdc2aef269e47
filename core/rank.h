#pragma once
// Priority ranking of wards (docs/methods.md, "Priority ranking"): a weighted sum
// of normalised indicators, each ward's rank with every indicator's contribution
// ("why this ward"), and how stable the top k is when each weight varies by ±20 %.
#include <cstdint>
#include <string>
#include <vector>

namespace wardscope::core {

enum class Normalisation { Rank, MinMax };

struct Indicator {
    std::string name;
    std::vector<double> values;  ///< per ward; NaN = missing (left out of the ward's score, counted)
    double weight = 1;
};

struct RankOptions {
    Normalisation normalisation = Normalisation::Rank;
    std::size_t topK = 10;
    std::uint32_t draws = 1000;  ///< stability: random weight sets, each weight x U(0.8, 1.2)
    double spread = 0.2;
    std::uint64_t seed = 1;
};

struct RankResult {
    /// Per ward, 0-1: the weighted mean of the normalised indicators it has a
    /// value for (the weights of its missing ones are shared out among the others).
    std::vector<double> score;
    std::vector<std::size_t> rank;                    ///< per ward, 1 = highest priority
    /// [indicator][ward]: weight / (sum of the ward's available weights) x normalised
    /// value; NaN where the ward has no value. A ward's contributions add up to its score.
    std::vector<std::vector<double>> contribution;
    std::vector<std::size_t> missing;                 ///< per ward: indicators without a value
    std::vector<double> topKShare;                    ///< per ward: share of draws in which it is in the top k
};

/// Normalised values in [0, 1]: Rank = (average rank of the value - 1) / (n - 1)
/// among the wards that have one (ties share their rank); MinMax = (x - min) /
/// (max - min) (0.5 when all equal). Missing stays NaN.
std::vector<double> normalise(const std::vector<double>& values, Normalisation how);

RankResult rankWards(const std::vector<Indicator>& indicators, const RankOptions& options);

/// Least-squares slope of counts over consecutive years (per year); NaN with
/// fewer than two years or any missing year. Every year counts 12 months.
double trendSlope(const std::vector<double>& perYear);

/// The same for years observed for different lengths of time: each year's count
/// per 12 months of exposure (count x 12 / months), fitted by least squares
/// weighted by the months, so a year seen for 6 months weighs half as much and
/// is not taken for half as many cases. Years with 0 months are left out; NaN
/// with fewer than two years left or any missing count.
double trendSlope(const std::vector<double>& perYear, const std::vector<double>& monthsPerYear);

}  // namespace wardscope::core
