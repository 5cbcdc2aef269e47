#include "core/classify.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "core/error.h"

namespace wardscope::core {

ClassScheme parseClassScheme(std::string_view name) {
    if (name == "quantile") return ClassScheme::Quantile;
    if (name == "equal") return ClassScheme::EqualInterval;
    if (name == "jenks") return ClassScheme::NaturalBreaks;
    if (name == "stddev") return ClassScheme::StdDev;
    if (name == "custom") return ClassScheme::Custom;
    throw UsageError("unknown classification '" + std::string(name) + "' (quantile, equal, jenks, stddev, custom)");
}

std::string_view classSchemeName(ClassScheme scheme) {
    switch (scheme) {
        case ClassScheme::Quantile: return "quantile";
        case ClassScheme::EqualInterval: return "equal";
        case ClassScheme::NaturalBreaks: return "jenks";
        case ClassScheme::StdDev: return "stddev";
        case ClassScheme::Custom: return "custom";
    }
    return "quantile";
}

std::size_t Classification::classOf(double v) const {
    const auto it = std::lower_bound(upper.begin(), upper.end(), v);
    return it == upper.end() ? upper.size() - 1 : static_cast<std::size_t>(it - upper.begin());
}

namespace {

std::string formatNumber(double v, int decimals) {
    char buf[64];
    if (decimals < 0) {
        std::snprintf(buf, sizeof buf, "%.4g", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    }
    return buf;
}

/// R's type-7 quantile of sorted values.
double quantile(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

std::string Classification::label(std::size_t i, int decimals) const {
    const std::string hi = formatNumber(upper[i], decimals);
    if (i == 0) return formatNumber(min, decimals) + " – " + hi;
    return "> " + formatNumber(upper[i - 1], decimals) + " – " + hi;
}

std::vector<double> naturalBreaks(const std::vector<double>& x, std::size_t k) {
    const std::size_t n = x.size();
    if (k == 0 || n == 0) return {};
    k = std::min(k, n);
    // Prefix sums for O(1) within-group sums of squares of x[i..j].
    std::vector<double> s1(n + 1, 0), s2(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        s1[i + 1] = s1[i] + x[i];
        s2[i + 1] = s2[i] + x[i] * x[i];
    }
    auto ssd = [&](std::size_t i, std::size_t j) {  // inclusive, i <= j
        const double cnt = static_cast<double>(j - i + 1);
        const double sum = s1[j + 1] - s1[i];
        return std::max(0.0, (s2[j + 1] - s2[i]) - sum * sum / cnt);
    };
    // cost[m][j]: best cost of x[0..j] in m+1 groups; from[m][j]: start of the last group.
    std::vector<std::vector<double>> cost(k, std::vector<double>(n, std::numeric_limits<double>::infinity()));
    std::vector<std::vector<std::size_t>> from(k, std::vector<std::size_t>(n, 0));
    for (std::size_t j = 0; j < n; ++j) cost[0][j] = ssd(0, j);
    for (std::size_t m = 1; m < k; ++m)
        for (std::size_t j = m; j < n; ++j)
            for (std::size_t i = m; i <= j; ++i) {  // last group x[i..j]
                const double c = cost[m - 1][i - 1] + ssd(i, j);
                if (c < cost[m][j]) {
                    cost[m][j] = c;
                    from[m][j] = i;
                }
            }
    std::vector<double> upper(k);
    std::size_t end = n - 1;
    for (std::size_t m = k; m-- > 0;) {
        upper[m] = x[end];
        if (m > 0) end = from[m][end] - 1;
    }
    return upper;
}

Classification classify(const std::vector<double>& values, ClassScheme scheme, std::size_t classes,
                        const std::vector<double>& customBreaks) {
    if (classes < 1) throw UsageError("the number of classes must be at least 1");
    std::vector<double> v;
    for (double x : values)
        if (std::isfinite(x)) v.push_back(x);
    Classification c;
    c.scheme = scheme;
    if (v.empty()) return c;
    std::sort(v.begin(), v.end());
    c.min = v.front();
    c.max = v.back();
    std::vector<double> distinct = v;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (scheme != ClassScheme::Custom && distinct.size() <= classes && scheme != ClassScheme::StdDev) {
        // Fewer distinct values than classes: one class per value.
        c.upper = distinct;
    } else {
        switch (scheme) {
            case ClassScheme::Quantile:
                for (std::size_t i = 1; i < classes; ++i)
                    c.upper.push_back(quantile(v, static_cast<double>(i) / static_cast<double>(classes)));
                c.upper.push_back(c.max);
                break;
            case ClassScheme::EqualInterval:
                for (std::size_t i = 1; i < classes; ++i)
                    c.upper.push_back(c.min + (c.max - c.min) * static_cast<double>(i) / static_cast<double>(classes));
                c.upper.push_back(c.max);
                break;
            case ClassScheme::NaturalBreaks: {
                // Exact below 4,000 values; above, on 4,000 evenly spaced order statistics.
                constexpr std::size_t kSample = 4000;
                std::vector<double> sample;
                if (v.size() <= kSample) {
                    sample = v;
                } else {
                    for (std::size_t i = 0; i < kSample; ++i)
                        sample.push_back(v[i * (v.size() - 1) / (kSample - 1)]);
                }
                c.upper = naturalBreaks(sample, classes);
                c.upper.back() = c.max;
                break;
            }
            case ClassScheme::StdDev: {
                // Unit-wide classes of one standard deviation around the mean (GeoDa's
                // map uses 6): breaks at mean + sd * j, centred so the mean is a break
                // for an even number of classes and the middle of a class for an odd one.
                const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
                double ss = 0;
                for (double x : v) ss += (x - mean) * (x - mean);
                const double sd = std::sqrt(ss / static_cast<double>(v.size()));
                const double centre = (static_cast<double>(classes) - 2) / 2.0;
                for (std::size_t i = 0; i + 1 < classes; ++i) c.upper.push_back(mean + sd * (static_cast<double>(i) - centre));
                // The top class reaches the maximum, and is at least one SD wide.
                c.upper.push_back(std::max(c.max, c.upper.empty() ? c.max : c.upper.back() + sd));
                if (sd == 0) c.upper = {c.max};
                break;
            }
            case ClassScheme::Custom:
                if (customBreaks.empty()) throw UsageError("custom classes need breaks");
                c.upper = customBreaks;
                std::sort(c.upper.begin(), c.upper.end());
                if (c.upper.back() < c.max) c.upper.push_back(c.max);
                break;
        }
        // Ties: equal breaks would make empty classes; merge them.
        c.upper.erase(std::unique(c.upper.begin(), c.upper.end()), c.upper.end());
    }
    c.counts.assign(c.upper.size(), 0);
    for (double x : v) ++c.counts[c.classOf(x)];
    return c;
}

}  // namespace wardscope::core
