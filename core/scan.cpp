#include "core/scan.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/parallel.h"
#include "core/random.h"

namespace wardscope::core {

void ScanOptions::validate() const {
    if (!(maxPopulationShare > 0 && maxPopulationShare <= 0.5))
        throw UsageError("--max-population-share must be in (0, 0.5]");
    if (replications > 99999) throw UsageError("--replications must be at most 99,999");
}

double poissonLlr(double o, double e, double total, bool lowRate) {
    if (e <= 0 || e >= total) return 0;
    if (lowRate ? o >= e : o <= e) return 0;
    auto term = [](double obs, double exp) { return obs > 0 ? obs * std::log(obs / exp) : 0.0; };
    return term(o, e) + term(total - o, total - e);
}

namespace {

/// For each centre, the other wards in order of distance, cut where the window
/// would exceed the population share; `breaks` mark where a distance ends (ties
/// enter together).
struct Windows {
    std::vector<std::vector<std::int32_t>> order;
    std::vector<std::vector<std::size_t>> ends;  ///< window sizes allowed (after each distinct distance)
};

Windows buildWindows(const std::vector<Point>& pts, const std::vector<double>& pop, double maxShare) {
    const std::size_t n = pts.size();
    const double totalPop = std::accumulate(pop.begin(), pop.end(), 0.0);
    Windows w;
    w.order.resize(n);
    w.ends.resize(n);
    std::vector<std::pair<double, std::int32_t>> byDistance(n);
    for (std::size_t c = 0; c < n; ++c) {
        for (std::size_t j = 0; j < n; ++j)
            byDistance[j] = {std::hypot(pts[j].x - pts[c].x, pts[j].y - pts[c].y), static_cast<std::int32_t>(j)};
        std::sort(byDistance.begin(), byDistance.end());
        double acc = 0;
        for (std::size_t k = 0; k < n; ++k) {
            acc += pop[static_cast<std::size_t>(byDistance[k].second)];
            if (acc > maxShare * totalPop) break;
            w.order[c].push_back(byDistance[k].second);
            const bool lastOfDistance = k + 1 == n || byDistance[k + 1].first != byDistance[k].first;
            if (lastOfDistance) w.ends[c].push_back(k + 1);
        }
        // A tie group that would cross the limit is not a window: drop a trailing partial group.
        while (!w.order[c].empty() && (w.ends[c].empty() || w.ends[c].back() != w.order[c].size())) w.order[c].pop_back();
    }
    return w;
}

struct Best {
    double llr = 0;
    std::size_t centre = 0, size = 0;
};

Best bestWindow(const Windows& w, const std::vector<double>& cases, const std::vector<double>& expected,
                double total, bool lowRate, const std::vector<char>* excluded = nullptr) {
    Best best;
    for (std::size_t c = 0; c < w.order.size(); ++c) {
        double o = 0, e = 0;
        std::size_t k = 0;
        for (std::size_t end : w.ends[c]) {
            bool overlaps = false;
            for (; k < end; ++k) {
                const auto j = static_cast<std::size_t>(w.order[c][k]);
                if (excluded && (*excluded)[j]) overlaps = true;
                o += cases[j];
                e += expected[j];
            }
            if (overlaps) break;  // a larger window would overlap too
            const double llr = poissonLlr(o, e, total, lowRate);
            if (llr > best.llr) best = {llr, c, end};
        }
    }
    return best;
}

}  // namespace

ScanResult kulldorffScan(const std::vector<Point>& centres, const std::vector<double>& cases,
                         const std::vector<double>& population, const ScanOptions& options, Progress* progress) {
    options.validate();
    const std::size_t n = centres.size();
    if (cases.size() != n || population.size() != n) throw UsageError("scan: inputs differ in size");
    const double total = std::accumulate(cases.begin(), cases.end(), 0.0);
    const double totalPop = std::accumulate(population.begin(), population.end(), 0.0);
    if (!(total > 0) || !(totalPop > 0)) throw UsageError("scan: needs cases and a population");
    std::vector<double> expected(n);
    for (std::size_t i = 0; i < n; ++i) expected[i] = total * population[i] / totalPop;
    const Windows windows = buildWindows(centres, population, options.maxPopulationShare);

    ScanResult result;
    std::vector<char> used(n, 0);
    for (;;) {
        const Best b = bestWindow(windows, cases, expected, total, options.lowRate, &used);
        if (b.llr <= 0) break;
        ScanCluster cl;
        cl.centre = static_cast<std::int32_t>(b.centre);
        cl.wards.assign(windows.order[b.centre].begin(), windows.order[b.centre].begin() + static_cast<std::ptrdiff_t>(b.size));
        for (auto j : cl.wards) {
            cl.observed += cases[static_cast<std::size_t>(j)];
            cl.expected += expected[static_cast<std::size_t>(j)];
            used[static_cast<std::size_t>(j)] = 1;
        }
        cl.llr = b.llr;
        cl.relativeRisk = (cl.observed / cl.expected) / ((total - cl.observed) / (total - cl.expected));
        result.clusters.push_back(std::move(cl));
        if (result.clusters.size() >= 10) break;
    }

    // Monte Carlo: cases redistributed over wards by population (multinomial,
    // conditional on the total); replication r has its own random stream.
    result.replicateMaxLlr.assign(options.replications, 0.0);
    std::atomic<bool> cancelled{false};
    auto work = [&](std::size_t begin, std::size_t end) {
        std::vector<double> simulated(n);
        for (std::size_t r = begin; r < end && !cancelled; ++r) {
            Random rng(options.seed ^ (r * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL));
            auto remaining = static_cast<std::int64_t>(std::llround(total));
            double remainingPop = totalPop;
            for (std::size_t i = 0; i < n; ++i) {
                const double share = remainingPop > 0 ? std::min(1.0, population[i] / remainingPop) : 0.0;
                const std::int64_t k = remaining > 0 ? rng.binomial(remaining, share) : 0;
                simulated[i] = static_cast<double>(k);
                remaining -= k;
                remainingPop -= population[i];
            }
            result.replicateMaxLlr[r] = bestWindow(windows, simulated, expected, total, options.lowRate).llr;
            if (progress && begin == 0 && (r & 15) == 0) {
                if (progress->isCanceled()) cancelled = true;
                progress->update(static_cast<double>(r - begin) / static_cast<double>(end - begin), "scan replications");
            }
        }
    };
    parallelRanges(options.replications, options.threads, work);
    if (cancelled) throw Canceled();
    for (auto& cl : result.clusters) {
        std::size_t atLeast = 0;
        for (double v : result.replicateMaxLlr) atLeast += v >= cl.llr ? 1 : 0;
        cl.p = static_cast<double>(atLeast + 1) / (options.replications + 1.0);
    }
    return result;
}

}  // namespace wardscope::core
