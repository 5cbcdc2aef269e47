#include "core/mclp.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <unordered_map>

#include "core/error.h"

namespace wardscope::core {

CoverageProblem buildCoverage(const std::vector<Point>& candidates, const std::vector<Point>& demandPoints,
                              const std::vector<double>& weights, double radius) {
    if (!(radius > 0)) throw UsageError("--radius must be positive");
    if (weights.size() != demandPoints.size()) throw UsageError("demand weights and points differ in number");
    CoverageProblem p;
    p.demand = weights;
    p.covers.resize(candidates.size());
    // Demand points bucketed in cells of side `radius`.
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid;
    auto key = [](std::int64_t cx, std::int64_t cy) { return cx * 73856093LL ^ cy * 19349663LL; };
    auto cell = [&](double v) { return static_cast<std::int64_t>(std::floor(v / radius)); };
    for (std::size_t i = 0; i < demandPoints.size(); ++i)
        grid[key(cell(demandPoints[i].x), cell(demandPoints[i].y))].push_back(static_cast<std::uint32_t>(i));
    const double r2 = radius * radius;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        const std::int64_t cx = cell(candidates[c].x), cy = cell(candidates[c].y);
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto it = grid.find(key(cx + dx, cy + dy));
                if (it == grid.end()) continue;
                for (std::uint32_t i : it->second) {
                    const double ex = demandPoints[i].x - candidates[c].x, ey = demandPoints[i].y - candidates[c].y;
                    if (ex * ex + ey * ey <= r2 && cell(demandPoints[i].x) == cx + dx && cell(demandPoints[i].y) == cy + dy)
                        p.covers[c].push_back(i);
                }
            }
        std::sort(p.covers[c].begin(), p.covers[c].end());
    }
    return p;
}

double coveredDemand(const CoverageProblem& p, const std::vector<std::size_t>& chosen) {
    std::vector<char> hit(p.demand.size(), 0);
    double sum = 0;
    for (std::size_t c : chosen)
        for (auto i : p.covers[c])
            if (!hit[i]) {
                hit[i] = 1;
                sum += p.demand[i];
            }
    return sum;
}

McLpResult solveMclp(const CoverageProblem& p, std::size_t k) {
    const std::size_t m = p.covers.size();
    McLpResult r;
    r.total = std::accumulate(p.demand.begin(), p.demand.end(), 0.0);
    k = std::min(k, m);
    if (k == 0) return r;
    std::vector<int> count(p.demand.size(), 0);  // how many chosen sites cover each demand point
    auto gain = [&](std::size_t c) {
        double g = 0;
        for (auto i : p.covers[c])
            if (count[i] == 0) g += p.demand[i];
        return g;
    };
    // Lazy greedy: a candidate's gain only falls as sites are added, so a stale
    // gain is an upper bound; re-evaluate the top until it is fresh.
    using Entry = std::tuple<double, std::size_t, std::size_t>;  // gain, -candidate tie-break, round evaluated
    auto cmp = [](const Entry& a, const Entry& b) {
        return std::get<0>(a) < std::get<0>(b) || (std::get<0>(a) == std::get<0>(b) && std::get<1>(a) > std::get<1>(b));
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(cmp)> queue(cmp);
    for (std::size_t c = 0; c < m; ++c) queue.emplace(gain(c), c, 0);
    std::vector<std::size_t> chosen;
    std::vector<char> isChosen(m, 0);
    while (chosen.size() < k && !queue.empty()) {
        auto [g, c, round] = queue.top();
        queue.pop();
        if (round != chosen.size()) {
            queue.emplace(gain(c), c, chosen.size());
            continue;
        }
        chosen.push_back(c);
        isChosen[c] = 1;
        for (auto i : p.covers[c]) ++count[i];
    }
    r.greedyCovered = coveredDemand(p, chosen);
    // Swap improvement: replace chosen site s by candidate c when it raises the
    // coverage: gain(c | S) + demand covered only by s and also by c - loss(s).
    for (bool improved = true; improved;) {
        improved = false;
        std::vector<double> loss(chosen.size(), 0);  // demand covered only by chosen[j]
        std::vector<int> only(p.demand.size(), -1);
        for (std::size_t j = 0; j < chosen.size(); ++j)
            for (auto i : p.covers[chosen[j]])
                if (count[i] == 1) {
                    loss[j] += p.demand[i];
                    only[i] = static_cast<int>(j);
                }
        double bestDelta = 1e-9;
        std::size_t bestC = m, bestJ = 0;
        std::vector<double> regained(chosen.size());
        for (std::size_t c = 0; c < m; ++c) {
            if (isChosen[c]) continue;
            double g = 0;
            std::fill(regained.begin(), regained.end(), 0.0);
            for (auto i : p.covers[c]) {
                if (count[i] == 0) g += p.demand[i];
                else if (only[i] >= 0) regained[static_cast<std::size_t>(only[i])] += p.demand[i];
            }
            for (std::size_t j = 0; j < chosen.size(); ++j) {
                const double delta = g + regained[j] - loss[j];
                if (delta > bestDelta) bestDelta = delta, bestC = c, bestJ = j;
            }
        }
        if (bestC < m) {
            for (auto i : p.covers[chosen[bestJ]]) --count[i];
            isChosen[chosen[bestJ]] = 0;
            chosen[bestJ] = bestC;
            isChosen[bestC] = 1;
            for (auto i : p.covers[bestC]) ++count[i];
            ++r.swaps;
            improved = true;
        }
    }
    r.covered = coveredDemand(p, chosen);
    for (std::size_t c : chosen) {
        SiteCoverage s;
        s.candidate = c;
        for (auto i : p.covers[c]) {
            s.covered += p.demand[i];
            if (count[i] == 1) s.unique += p.demand[i];
        }
        r.sites.push_back(s);
    }
    return r;
}

}  // namespace wardscope::core
