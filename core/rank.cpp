#include "core/rank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/random.h"

namespace wardscope::core {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Ranks (1 = best) by score, ties broken by ward order (stable).
std::vector<std::size_t> ranksOf(const std::vector<double>& score) {
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    std::vector<std::size_t> rank(score.size());
    for (std::size_t k = 0; k < order.size(); ++k) rank[order[k]] = k + 1;
    return rank;
}

}  // namespace

std::vector<double> normalise(const std::vector<double>& v, Normalisation how) {
    std::vector<double> out(v.size(), kNaN);
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (std::isfinite(v[i])) idx.push_back(i);
    if (idx.empty()) return out;
    if (how == Normalisation::MinMax) {
        double lo = v[idx[0]], hi = lo;
        for (auto i : idx) lo = std::min(lo, v[i]), hi = std::max(hi, v[i]);
        for (auto i : idx) out[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0.5;
        return out;
    }
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    const double n = static_cast<double>(idx.size());
    for (std::size_t s = 0; s < idx.size();) {
        std::size_t e = s;
        while (e + 1 < idx.size() && v[idx[e + 1]] == v[idx[s]]) ++e;
        const double avg = (static_cast<double>(s) + static_cast<double>(e)) / 2;  // 0-based average rank
        for (std::size_t k = s; k <= e; ++k) out[idx[k]] = n > 1 ? avg / (n - 1) : 0.5;
        s = e + 1;
    }
    return out;
}

RankResult rankWards(const std::vector<Indicator>& indicators, const RankOptions& o) {
    if (indicators.empty()) throw UsageError("the ranking needs at least one indicator");
    const std::size_t n = indicators.front().values.size();
    double wsum = 0;  // of all weights: must not be 0
    for (const auto& ind : indicators) {
        if (ind.values.size() != n) throw UsageError("indicators differ in length");
        if (!(ind.weight >= 0)) throw UsageError("indicator weights must be 0 or more");
        wsum += ind.weight;
    }
    if (!(wsum > 0)) throw UsageError("the indicator weights add up to 0");
    std::vector<std::vector<double>> norm;
    for (const auto& ind : indicators) norm.push_back(normalise(ind.values, o.normalisation));
    // A ward's score is the weighted mean of the indicators it has a value for:
    // a missing value (undefined, or withheld in a shared output) is left out
    // and the other weights rescaled, never taken for the lowest value.
    auto scoreWith = [&](const std::vector<double>& w, std::vector<double>& score) {
        score.assign(n, 0.0);
        std::vector<double> total(n, 0.0);
        for (std::size_t j = 0; j < norm.size(); ++j)
            for (std::size_t i = 0; i < n; ++i)
                if (std::isfinite(norm[j][i])) score[i] += w[j] * norm[j][i], total[i] += w[j];
        for (std::size_t i = 0; i < n; ++i) score[i] = total[i] > 0 ? score[i] / total[i] : 0.0;
    };
    RankResult r;
    std::vector<double> weights;
    for (const auto& ind : indicators) weights.push_back(ind.weight);
    scoreWith(weights, r.score);
    r.rank = ranksOf(r.score);
    r.contribution.assign(norm.size(), std::vector<double>(n, kNaN));
    r.missing.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        double available = 0;
        for (std::size_t j = 0; j < norm.size(); ++j) available += std::isfinite(norm[j][i]) ? weights[j] : 0.0;
        for (std::size_t j = 0; j < norm.size(); ++j) {
            if (std::isfinite(norm[j][i])) {
                r.contribution[j][i] = available > 0 ? weights[j] / available * norm[j][i] : 0.0;
            } else {
                ++r.missing[i];
            }
        }
    }
    // Stability: each weight scaled by U(1 - spread, 1 + spread), seeded.
    r.topKShare.assign(n, 0.0);
    Random rng(o.seed);
    std::vector<double> w(weights.size()), score;
    for (std::uint32_t d = 0; d < o.draws; ++d) {
        for (std::size_t j = 0; j < w.size(); ++j) w[j] = weights[j] * rng.uniform(1 - o.spread, 1 + o.spread);
        scoreWith(w, score);
        const auto rank = ranksOf(score);
        for (std::size_t i = 0; i < n; ++i) r.topKShare[i] += rank[i] <= o.topK ? 1.0 : 0.0;
    }
    if (o.draws > 0)
        for (auto& s : r.topKShare) s /= o.draws;
    return r;
}

double trendSlope(const std::vector<double>& y) { return trendSlope(y, std::vector<double>(y.size(), 12.0)); }

double trendSlope(const std::vector<double>& y, const std::vector<double>& months) {
    if (months.size() != y.size()) throw UsageError("trendSlope: one exposure per year");
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    std::size_t years = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!(months[i] > 0)) continue;
        if (!std::isfinite(y[i])) return kNaN;
        const double w = months[i], x = static_cast<double>(i), annual = y[i] * 12 / months[i];
        sw += w, sx += w * x, sy += w * annual, sxx += w * x * x, sxy += w * x * annual;
        ++years;
    }
    if (years < 2) return kNaN;
    return (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
}

}  // namespace wardscope::core
