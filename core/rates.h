#pragma once
// Rates per ward and their Empirical Bayes smoothing. A ward with population 0
// (or missing) has an undefined rate: NaN here, null in every output.
#include <vector>

#include "core/weights.h"

namespace wardscope::core {

/// cases / population x 1000.
std::vector<double> rawRatePer1000(const std::vector<double>& cases, const std::vector<double>& population);

/// Global Empirical Bayes (Marshall 1991, method of moments), per 1,000: each
/// ward's rate shrunk towards the overall rate b = sum O / sum P with weight
/// a / (a + b / P_i), a = max(0, s^2 - b / mean P), s^2 = sum P_i (r_i - b)^2 / sum P.
std::vector<double> empiricalBayesPer1000(const std::vector<double>& cases, const std::vector<double>& population);

/// Spatial Empirical Bayes (GeoDa form), per 1,000: as above, but b, s^2 and the
/// mean population are computed over the window of the ward and its neighbours.
std::vector<double> spatialEmpiricalBayesPer1000(const std::vector<double>& cases,
                                                 const std::vector<double>& population, const Weights& w);

/// Observed over expected, expected = P_i x sum O / sum P.
std::vector<double> excessRisk(const std::vector<double>& cases, const std::vector<double>& population);

/// Assuncao & Reis (1999) standardised rates for the EB Moran's I:
/// z_i = (r_i - b) / sqrt(v_i), v_i = a + b / P_i (a not truncated; v_i <= 0 -> b / P_i).
std::vector<double> assuncaoReisZ(const std::vector<double>& cases, const std::vector<double>& population);

}  // namespace wardscope::core
