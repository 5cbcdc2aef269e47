#include "core/spatial_stats.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

#include "core/error.h"
#include "core/parallel.h"
#include "core/random.h"

namespace wardscope::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Independent stream per (seed, stream): results never depend on scheduling.
Random streamFor(std::uint64_t seed, std::uint64_t stream) {
    return Random(seed ^ (stream * 0x9E3779B97F4A7C15ULL + 0xD1B54A32D192ED03ULL));
}

/// Draws `k` distinct indices from [0, n) other than `skip` (k small relative to n).
void drawOthers(Random& rng, std::size_t n, std::size_t skip, std::size_t k, std::vector<std::size_t>& out) {
    out.clear();
    while (out.size() < k) {
        std::size_t j = static_cast<std::size_t>(rng.below(n - 1));
        if (j >= skip) ++j;
        if (std::find(out.begin(), out.end(), j) == out.end()) out.push_back(j);
    }
}

void checkInput(const std::vector<double>& x, const Weights& w) {
    if (x.size() != w.size()) throw UsageError("the variable and the weights have different numbers of wards");
    if (x.size() < 4) throw UsageError("spatial statistics need at least 4 wards");
    for (double v : x)
        if (!std::isfinite(v)) throw UsageError("the variable has missing or non-finite values");
}

double foldedP(std::size_t greaterOrEqual, std::size_t lessOrEqual, std::uint32_t permutations) {
    return static_cast<double>(std::min(greaterOrEqual, lessOrEqual) + 1) / (permutations + 1.0);
}

/// Deviations from the mean and the sums of their squares and fourth powers.
struct Centred {
    std::vector<double> z;
    double sum2 = 0, sum4 = 0;
};

Centred centre(const std::vector<double>& x) {
    Centred c;
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    c.z.resize(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        c.z[i] = x[i] - mean;
        c.sum2 += c.z[i] * c.z[i];
        c.sum4 += c.z[i] * c.z[i] * c.z[i] * c.z[i];
    }
    return c;
}

}  // namespace

double twoSidedNormalP(double z) { return std::isfinite(z) ? std::erfc(std::abs(z) / std::sqrt(2.0)) : kNaN; }

GlobalMoran globalMoran(const std::vector<double>& x, const Weights& w, const PermutationOptions& options,
                        Progress* progress) {
    checkInput(x, w);
    const std::size_t n = x.size();
    const double nd = static_cast<double>(n);
    const Centred c = centre(x);
    const std::vector<double>& z = c.z;
    double m2 = c.sum2, m4 = c.sum4;
    if (m2 <= 0) throw UsageError("the variable is constant: Moran's I is undefined");
    double s0 = 0, s2 = 0;
    std::vector<double> colSums(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < w.degree(i); ++k) {
            s0 += w.weightsBegin(i)[k];
            colSums[static_cast<std::size_t>(w.neighboursBegin(i)[k])] += w.weightsBegin(i)[k];
        }
    }
    // S1 = 1/2 sum_ij (w_ij + w_ji)^2
    double s1 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < w.degree(i); ++k) {
            const auto j = static_cast<std::size_t>(w.neighboursBegin(i)[k]);
            const double wij = w.weightsBegin(i)[k];
            double wji = 0;
            const auto* b = w.neighboursBegin(j);
            const auto* e = b + w.degree(j);
            if (const auto* it = std::lower_bound(b, e, static_cast<std::int32_t>(i)); it != e && *it == static_cast<std::int32_t>(i))
                wji = w.weightsBegin(j)[it - b];
            s1 += (wij + wji) * (wij + wji);
            if (wji == 0) s1 += wij * wij;  // the (j, i) term of a one-way link
        }
    }
    s1 /= 2;
    for (std::size_t i = 0; i < n; ++i) s2 += (w.weightSum(i) + colSums[i]) * (w.weightSum(i) + colSums[i]);
    if (s0 <= 0) throw UsageError("the weights have no links");

    auto statistic = [&](const std::vector<double>& v) {
        double cross = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double lag = 0;
            for (std::size_t k = 0; k < w.degree(i); ++k)
                lag += w.weightsBegin(i)[k] * v[static_cast<std::size_t>(w.neighboursBegin(i)[k])];
            cross += v[i] * lag;
        }
        return (nd / s0) * cross / m2;
    };

    GlobalMoran r;
    r.i = statistic(z);
    r.expected = -1.0 / (nd - 1.0);
    const double e2 = r.expected * r.expected;
    r.varianceNormality = (nd * nd * s1 - nd * s2 + 3.0 * s0 * s0) / ((nd * nd - 1.0) * s0 * s0) - e2;
    const double b2 = nd * m4 / (m2 * m2);
    r.varianceRandomization =
        (nd * ((nd * nd - 3.0 * nd + 3.0) * s1 - nd * s2 + 3.0 * s0 * s0) -
         b2 * ((nd * nd - nd) * s1 - 2.0 * nd * s2 + 6.0 * s0 * s0)) /
            ((nd - 1.0) * (nd - 2.0) * (nd - 3.0) * s0 * s0) -
        e2;
    r.zNormality = (r.i - r.expected) / std::sqrt(r.varianceNormality);
    r.zRandomization = (r.i - r.expected) / std::sqrt(r.varianceRandomization);
    r.pNormality = twoSidedNormalP(r.zNormality);
    r.pRandomization = twoSidedNormalP(r.zRandomization);
    r.permutations = options.permutations;
    r.seed = options.seed;
    if (options.permutations > 0) {
        std::atomic<std::size_t> ge{0}, le{0}, done{0};
        const unsigned threads = threadCount(options.threads, options.permutations);
        std::atomic<bool> cancelled{false};
        parallelRanges(options.permutations, threads, [&](std::size_t begin, std::size_t end) {
            std::vector<double> v(z);
            std::size_t localGe = 0, localLe = 0;
            for (std::size_t p = begin; p < end && !cancelled; ++p) {
                Random rng = streamFor(options.seed, p);
                v = z;
                for (std::size_t i = n - 1; i > 0; --i) std::swap(v[i], v[static_cast<std::size_t>(rng.below(i + 1))]);
                const double ip = statistic(v);
                localGe += ip >= r.i;
                localLe += ip <= r.i;
                ++done;
                if (progress && progress->isCanceled()) cancelled = true;
            }
            ge += localGe;
            le += localLe;
        });
        if (cancelled) throw Canceled();
        // Pseudo p in the direction of the observed statistic.
        const std::size_t m = r.i >= r.expected ? ge.load() : le.load();
        r.pPermutation = static_cast<double>(m + 1) / (options.permutations + 1.0);
    }
    return r;
}

std::string_view lisaClusterCode(LisaCluster c) {
    switch (c) {
        case LisaCluster::NotSignificant: return "ns";
        case LisaCluster::HighHigh: return "HH";
        case LisaCluster::LowLow: return "LL";
        case LisaCluster::HighLow: return "HL";
        case LisaCluster::LowHigh: return "LH";
        case LisaCluster::Isolate: return "isolate";
    }
    return "ns";
}

LocalMoran localMoran(const std::vector<double>& x, const Weights& w, const PermutationOptions& options,
                      Progress* progress) {
    checkInput(x, w);
    const std::size_t n = x.size();
    const double nd = static_cast<double>(n);
    const Centred c = centre(x);
    const std::vector<double>& z = c.z;
    double m2 = c.sum2, m4 = c.sum4;
    m2 /= nd;
    m4 /= nd;
    if (m2 <= 0) throw UsageError("the variable is constant: local Moran is undefined");
    const double b2 = m4 / (m2 * m2);
    LocalMoran r;
    r.i.assign(n, kNaN);
    r.expected.assign(n, kNaN);
    r.variance.assign(n, kNaN);
    r.z.assign(n, kNaN);
    r.pPermutation.assign(n, kNaN);
    r.isolate.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t d = w.degree(i);
        if (d == 0) {
            r.isolate[i] = 1;
            continue;
        }
        double lag = 0, wi = 0, wi2 = 0;
        for (std::size_t k = 0; k < d; ++k) {
            const double wik = w.weightsBegin(i)[k];
            lag += wik * z[static_cast<std::size_t>(w.neighboursBegin(i)[k])];
            wi += wik;
            wi2 += wik * wik;
        }
        r.i[i] = z[i] / m2 * lag;
        r.expected[i] = -wi / (nd - 1.0);
        // Anselin (1995), total randomisation; 2 w_i(kh) = Wi^2 - wi2.
        r.variance[i] = wi2 * (nd - b2) / (nd - 1.0) + (wi * wi - wi2) * (2.0 * b2 - nd) / ((nd - 1.0) * (nd - 2.0)) -
                        r.expected[i] * r.expected[i];
        r.z[i] = (r.i[i] - r.expected[i]) / std::sqrt(r.variance[i]);
    }
    if (options.permutations > 0) r.pPermutation = localPermutationPValues(x, w, options, progress).lisa;
    return r;
}

std::vector<LisaCluster> lisaClusters(const std::vector<double>& x, const Weights& w, const LocalMoran& lm,
                                      const std::vector<double>& p, double alpha) {
    const std::size_t n = x.size();
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    std::vector<LisaCluster> out(n, LisaCluster::NotSignificant);
    for (std::size_t i = 0; i < n; ++i) {
        if (lm.isolate[i]) {
            out[i] = LisaCluster::Isolate;
            continue;
        }
        if (!(p[i] <= alpha)) continue;
        double lag = 0, wi = 0;
        for (std::size_t k = 0; k < w.degree(i); ++k) {
            lag += w.weightsBegin(i)[k] * (x[static_cast<std::size_t>(w.neighboursBegin(i)[k])] - mean);
            wi += w.weightsBegin(i)[k];
        }
        lag /= wi;
        const bool high = x[i] > mean;
        const bool lagHigh = lag > 0;
        out[i] = high ? (lagHigh ? LisaCluster::HighHigh : LisaCluster::HighLow)
                      : (lagHigh ? LisaCluster::LowHigh : LisaCluster::LowLow);
    }
    return out;
}

GetisOrd getisOrdGiStar(const std::vector<double>& x, const Weights& w, const PermutationOptions& options,
                        Progress* progress) {
    checkInput(x, w);
    const std::size_t n = x.size();
    const double nd = static_cast<double>(n);
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / nd;
    double sq = 0;
    for (double v : x) sq += v * v;
    const double s = std::sqrt(sq / nd - mean * mean);
    if (!(s > 0)) throw UsageError("the variable is constant: Gi* is undefined");
    GetisOrd r;
    r.z.assign(n, kNaN);
    r.pNormal.assign(n, kNaN);
    r.pPermutation.assign(n, kNaN);
    // Binary weights, self included: W*_i = S*_1i = degree + 1.
    auto zOf = [&](double localSum, std::size_t degree) {
        const double wStar = static_cast<double>(degree) + 1.0;
        const double denom = s * std::sqrt((nd * wStar - wStar * wStar) / (nd - 1.0));
        return (localSum - mean * wStar) / denom;
    };
    for (std::size_t i = 0; i < n; ++i) {
        double sum = x[i];
        for (std::size_t k = 0; k < w.degree(i); ++k) sum += x[static_cast<std::size_t>(w.neighboursBegin(i)[k])];
        if (w.degree(i) + 1 >= n) continue;  // every ward is a neighbour: undefined
        r.z[i] = zOf(sum, w.degree(i));
        r.pNormal[i] = twoSidedNormalP(r.z[i]);
    }
    if (options.permutations > 0) {
        r.pPermutation = localPermutationPValues(x, w, options, progress).giStar;
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(r.z[i])) r.pPermutation[i] = kNaN;
    }
    return r;
}

std::vector<double> getisOrdGiZ(const std::vector<double>& x, const Weights& w) {
    checkInput(x, w);
    const std::size_t n = x.size();
    const double nd = static_cast<double>(n);
    double sum = 0, sq = 0;
    for (double v : x) {
        sum += v;
        sq += v * v;
    }
    std::vector<double> z(n, kNaN);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t d = w.degree(i);
        if (d == 0 || d + 1 >= n) continue;
        const double mean = (sum - x[i]) / (nd - 1.0);
        const double var = (sq - x[i] * x[i]) / (nd - 1.0) - mean * mean;
        if (!(var > 0)) continue;
        double local = 0;
        for (std::size_t k = 0; k < d; ++k) local += x[static_cast<std::size_t>(w.neighboursBegin(i)[k])];
        const double wi = static_cast<double>(d);  // binary: W_i = S1_i = degree
        z[i] = (local - wi * mean) / (std::sqrt(var) * std::sqrt(((nd - 1.0) * wi - wi * wi) / (nd - 2.0)));
    }
    return z;
}

LocalPermutationP localPermutationPValues(const std::vector<double>& x, const Weights& w,
                                          const PermutationOptions& options, Progress* progress) {
    checkInput(x, w);
    const std::size_t n = x.size();
    const double nd = static_cast<double>(n);
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / nd;
    std::vector<double> z(n);
    double m2 = 0, sq = 0;
    for (std::size_t i = 0; i < n; ++i) {
        z[i] = x[i] - mean;
        m2 += z[i] * z[i];
        sq += x[i] * x[i];
    }
    m2 /= nd;
    const double s = std::sqrt(sq / nd - mean * mean);
    LocalPermutationP out;
    out.lisa.assign(n, kNaN);
    out.giStar.assign(n, kNaN);
    if (!(m2 > 0) || !(s > 0) || options.permutations == 0) return out;
    const unsigned threads = threadCount(options.threads, n);
    std::atomic<bool> cancelled{false};
    std::atomic<std::size_t> done{0};
    parallelRanges(n, threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::size_t> drawn;
        for (std::size_t i = begin; i < end && !cancelled; ++i) {
            const std::size_t d = w.degree(i);
            if (d == 0) continue;
            const double* wi = w.weightsBegin(i);
            double lagObserved = 0, sumObserved = 0;
            for (std::size_t k = 0; k < d; ++k) {
                const auto j = static_cast<std::size_t>(w.neighboursBegin(i)[k]);
                lagObserved += wi[k] * z[j];
                sumObserved += z[j];
            }
            // Local Moran's sign depends on z_i: compare the lag, flipping for z_i < 0.
            // Gi* is increasing in the neighbours' sum (the ward's own value is fixed).
            const double sign = z[i] >= 0 ? 1.0 : -1.0;
            Random rng = streamFor(options.seed, i);
            std::size_t lisaGe = 0, lisaLe = 0, giGe = 0, giLe = 0;
            for (std::uint32_t p = 0; p < options.permutations; ++p) {
                drawOthers(rng, n, i, d, drawn);
                double lag = 0, sum = 0;
                for (std::size_t k = 0; k < d; ++k) {
                    const double zj = z[drawn[k]];
                    lag += wi[k] * zj;
                    sum += zj;
                }
                const double a = sign * lag, b = sign * lagObserved;
                lisaGe += a >= b;
                lisaLe += a <= b;
                giGe += sum >= sumObserved;
                giLe += sum <= sumObserved;
            }
            out.lisa[i] = z[i] == 0 ? 1.0 : foldedP(lisaGe, lisaLe, options.permutations);
            out.giStar[i] = d + 1 >= n ? kNaN : foldedP(giGe, giLe, options.permutations);
            const std::size_t finished = ++done;
            if (progress && (finished & 63) == 0) {
                if (progress->isCanceled()) cancelled = true;
                // Only the first range reports, so the Progress is used by one thread.
                if (begin == 0) progress->update(static_cast<double>(finished) / static_cast<double>(n), "permutations");
            }
        }
    });
    if (cancelled) throw Canceled();
    return out;
}

std::vector<int> confidenceBins(const std::vector<double>& z, const std::vector<double>& p) {
    std::vector<int> bins(z.size(), 0);
    for (std::size_t i = 0; i < z.size(); ++i) {
        if (!std::isfinite(z[i]) || !(p[i] <= 0.10)) continue;
        const int level = p[i] <= 0.01 ? 3 : p[i] <= 0.05 ? 2 : 1;
        bins[i] = z[i] > 0 ? level : -level;
    }
    return bins;
}

std::vector<double> adjustPValues(const std::vector<double>& p, Correction correction) {
    std::vector<double> out = p;
    std::vector<std::size_t> valid;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (std::isfinite(p[i])) valid.push_back(i);
    const double m = static_cast<double>(valid.size());
    if (correction == Correction::None || valid.empty()) return out;
    if (correction == Correction::Bonferroni) {
        for (std::size_t i : valid) out[i] = std::min(1.0, p[i] * m);
        return out;
    }
    // Benjamini-Hochberg: adjusted p_(k) = min over j >= k of m / j * p_(j).
    std::sort(valid.begin(), valid.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    double running = 1.0;
    for (std::size_t k = valid.size(); k-- > 0;) {
        running = std::min(running, p[valid[k]] * m / static_cast<double>(k + 1));
        out[valid[k]] = running;
    }
    return out;
}

}  // namespace wardscope::core
