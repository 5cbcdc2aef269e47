#include "core/rates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wardscope::core {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
bool usable(double population) { return std::isfinite(population) && population > 0; }

struct Moments {
    double b = kNaN;        ///< overall rate
    double s2 = kNaN;       ///< population-weighted variance of rates
    double meanPop = kNaN;  ///< mean population
};

template <typename Indices>
Moments moments(const std::vector<double>& cases, const std::vector<double>& population, const Indices& members) {
    double sumO = 0, sumP = 0;
    std::size_t count = 0;
    for (std::size_t j : members) {
        if (!usable(population[j])) continue;
        sumO += cases[j];
        sumP += population[j];
        ++count;
    }
    Moments m;
    if (count == 0 || sumP <= 0) return m;
    m.b = sumO / sumP;
    double s = 0;
    for (std::size_t j : members) {
        if (!usable(population[j])) continue;
        const double r = cases[j] / population[j];
        s += population[j] * (r - m.b) * (r - m.b);
    }
    m.s2 = s / sumP;
    m.meanPop = sumP / static_cast<double>(count);
    return m;
}

double shrink(double cases, double population, const Moments& m) {
    if (!usable(population) || !std::isfinite(m.b)) return kNaN;
    const double a = std::max(0.0, m.s2 - m.b / m.meanPop);
    const double r = cases / population;
    const double denom = a + m.b / population;
    const double weight = denom > 0 ? a / denom : 0.0;
    return (weight * r + (1.0 - weight) * m.b) * 1000.0;
}

std::vector<std::size_t> all(std::size_t n) {
    std::vector<std::size_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = i;
    return v;
}
}  // namespace

std::vector<double> rawRatePer1000(const std::vector<double>& cases, const std::vector<double>& population) {
    std::vector<double> out(cases.size(), kNaN);
    for (std::size_t i = 0; i < cases.size(); ++i)
        if (usable(population[i])) out[i] = cases[i] / population[i] * 1000.0;
    return out;
}

std::vector<double> empiricalBayesPer1000(const std::vector<double>& cases, const std::vector<double>& population) {
    const Moments m = moments(cases, population, all(cases.size()));
    std::vector<double> out(cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) out[i] = shrink(cases[i], population[i], m);
    return out;
}

std::vector<double> spatialEmpiricalBayesPer1000(const std::vector<double>& cases,
                                                 const std::vector<double>& population, const Weights& w) {
    std::vector<double> out(cases.size());
    std::vector<std::size_t> window;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        window.assign(1, i);
        for (std::size_t k = 0; k < w.degree(i); ++k) window.push_back(static_cast<std::size_t>(w.neighboursBegin(i)[k]));
        out[i] = shrink(cases[i], population[i], moments(cases, population, window));
    }
    return out;
}

std::vector<double> excessRisk(const std::vector<double>& cases, const std::vector<double>& population) {
    const Moments m = moments(cases, population, all(cases.size()));
    std::vector<double> out(cases.size(), kNaN);
    for (std::size_t i = 0; i < cases.size(); ++i)
        if (usable(population[i]) && m.b > 0) out[i] = cases[i] / (population[i] * m.b);
    return out;
}

std::vector<double> assuncaoReisZ(const std::vector<double>& cases, const std::vector<double>& population) {
    const Moments m = moments(cases, population, all(cases.size()));
    std::vector<double> out(cases.size(), kNaN);
    if (!std::isfinite(m.b)) return out;
    const double a = m.s2 - m.b / m.meanPop;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (!usable(population[i])) continue;
        double v = a + m.b / population[i];
        if (v <= 0) v = m.b / population[i];
        out[i] = (cases[i] / population[i] - m.b) / std::sqrt(v);
    }
    return out;
}

}  // namespace wardscope::core
