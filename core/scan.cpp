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

/// For each centre, the wards in order of distance (itself first), cut where the
/// window would exceed the population share. The top bit of an entry marks the
/// last ward of a distance: windows end only there (wards at the same distance
/// enter together).
struct Windows {
    static constexpr std::uint32_t kEnd = 0x80000000u;
    std::vector<std::vector<std::uint32_t>> order;
};

Windows buildWindows(const std::vector<Point>& pts, const std::vector<double>& pop, double maxShare, unsigned threads) {
    const std::size_t n = pts.size();
    const double totalPop = std::accumulate(pop.begin(), pop.end(), 0.0);
    Windows w;
    w.order.resize(n);
    parallelForEach(
        n, threads, 16, [n] { return std::vector<std::pair<double, std::uint32_t>>(n); },
        [&](std::size_t c, std::vector<std::pair<double, std::uint32_t>>& byDistance) {
            for (std::size_t j = 0; j < n; ++j) {
                const double dx = pts[j].x - pts[c].x, dy = pts[j].y - pts[c].y;
                byDistance[j] = {dx * dx + dy * dy, static_cast<std::uint32_t>(j)};  // squared: same order, exact ties
            }
            // Only the nearest wards up to the population limit are needed: sort
            // growing prefixes until one holds more than the limit.
            const double cap = maxShare * totalPop;
            std::size_t sorted = std::min<std::size_t>(n, 64);
            for (;;) {
                std::partial_sort(byDistance.begin(), byDistance.begin() + static_cast<std::ptrdiff_t>(sorted),
                                  byDistance.end());
                double acc = 0;
                std::size_t k = 0;
                while (k < sorted && acc + pop[byDistance[k].second] <= cap) acc += pop[byDistance[k++].second];
                if (k < sorted || sorted == n) break;
                sorted = std::min(n, sorted * 4);
            }
            auto& out = w.order[c];
            double acc = 0;
            for (std::size_t k = 0; k < sorted; ++k) {
                acc += pop[byDistance[k].second];
                if (acc > cap) break;
                const bool lastOfDistance = k + 1 == n || byDistance[k + 1].first != byDistance[k].first;
                out.push_back(byDistance[k].second | (lastOfDistance ? Windows::kEnd : 0u));
            }
            // A tie group that would cross the limit is not a window: drop a trailing partial group.
            while (!out.empty() && !(out.back() & Windows::kEnd)) out.pop_back();
            out.shrink_to_fit();
        });
    return w;
}

struct Best {
    double llr = 0;
    std::size_t centre = 0, size = 0;
};

/// The window with the largest LLR. A window's LLR is computed only when the
/// cheap bound LLR <= (o - e)^2 N / (e (N - e)) (from x ln(x/y) - (x - y) <=
/// (x - y)^2 / y) could beat the best so far, so most windows cost no logarithm.
Best bestWindow(const Windows& w, const std::vector<double>& cases, const std::vector<double>& expected,
                double total, bool lowRate, const std::vector<char>* excluded = nullptr) {
    Best best;
    for (std::size_t c = 0; c < w.order.size(); ++c) {
        double o = 0, e = 0;
        const auto& order = w.order[c];
        bool overlaps = false;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::size_t j = order[k] & ~Windows::kEnd;
            if (excluded && (*excluded)[j]) overlaps = true;
            o += cases[j];
            e += expected[j];
            // One rarely taken branch (the sign test and the bound together).
            const double d = lowRate ? e - o : o - e;
            const bool candidate = ((order[k] & Windows::kEnd) != 0) & (d > 0) & (d * d * total > best.llr * e * (total - e));
            if (!candidate) continue;
            if (overlaps) break;  // a larger window would overlap too
            const double llr = poissonLlr(o, e, total, lowRate);
            if (llr > best.llr) best = {llr, c, k + 1};
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
    const Windows windows = buildWindows(centres, population, options.maxPopulationShare, options.threads);

    ScanResult result;
    std::vector<char> used(n, 0);
    for (;;) {
        const Best b = bestWindow(windows, cases, expected, total, options.lowRate, &used);
        if (b.llr <= 0) break;
        ScanCluster cl;
        cl.centre = static_cast<std::int32_t>(b.centre);
        for (std::size_t k = 0; k < b.size; ++k)
            cl.wards.push_back(static_cast<std::int32_t>(windows.order[b.centre][k] & ~Windows::kEnd));
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
    // Each of the N cases goes to a ward with probability proportional to its
    // population (an alias table: O(1) per case).
    const AliasTable byPopulation(population);
    const auto caseCount = std::llround(total);
    auto work = [&](std::size_t begin, std::size_t end) {
        std::vector<double> simulated(n);
        for (std::size_t r = begin; r < end && !cancelled; ++r) {
            Random rng(options.seed ^ (r * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL));
            std::fill(simulated.begin(), simulated.end(), 0.0);
            for (long long k = 0; k < caseCount; ++k) simulated[byPopulation.draw(rng)] += 1.0;
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
