#include "core/disclosure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "core/error.h"

namespace wardscope::core {

std::string_view disclosureModeName(DisclosureMode mode) {
    return mode == DisclosureMode::Shared ? "shared" : "internal";
}

void DisclosurePolicy::validate() const {
    if (minCount < 1) throw UsageError("the minimum count for disclosure must be at least 1");
}

namespace {

bool isSuppressed(const Value& v) { return std::holds_alternative<Suppressed>(v); }

/// Numeric value of a count cell, or NaN (missing/suppressed/text).
double countOf(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

SuppressionReport applyDisclosure(Table& t, const DisclosurePolicy& policy, const SuppressionSpec& spec) {
    policy.validate();
    SuppressionReport report;
    if (policy.mode == DisclosureMode::Internal) return report;
    auto col = [&](const std::string& name) { return t.columnIndex(name); };
    // The original values stay known here for choosing complementary cells.
    const Table original = t;
    auto value = [&](std::size_t row, int c) { return countOf(original.rows[row][static_cast<std::size_t>(c)]); };

    // Primary: non-zero counts below the threshold.
    for (const auto& name : spec.counts) {
        const int c = col(name);
        if (c < 0) continue;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const double v = value(r, c);
            if (std::isfinite(v) && v > 0 && v < static_cast<double>(policy.minCount)) {
                t.rows[r][static_cast<std::size_t>(c)] = Suppressed{};
                ++report.primary;
            }
        }
    }
    // Secondary: every published constraint must have zero or at least two withheld cells.
    // `cells` lists (row, column) of one constraint; returns true if it added a suppression.
    auto protect = [&](const std::vector<std::pair<std::size_t, int>>& cells) {
        std::size_t withheld = 0;
        for (const auto& [r, c] : cells) withheld += isSuppressed(t.rows[r][static_cast<std::size_t>(c)]) ? 1 : 0;
        if (withheld != 1) return false;
        // The smallest non-zero published cell; failing that, the smallest published cell.
        std::ptrdiff_t best = -1;
        double bestValue = std::numeric_limits<double>::infinity();
        for (int pass = 0; pass < 2 && best < 0; ++pass) {
            for (std::size_t k = 0; k < cells.size(); ++k) {
                const auto& [r, c] = cells[k];
                if (isSuppressed(t.rows[r][static_cast<std::size_t>(c)])) continue;
                const double v = value(r, c);
                if (!std::isfinite(v) || (pass == 0 && v <= 0)) continue;
                if (v < bestValue) {
                    bestValue = v;
                    best = static_cast<std::ptrdiff_t>(k);
                }
            }
        }
        if (best < 0) return false;
        const auto& [r, c] = cells[static_cast<std::size_t>(best)];
        t.rows[r][static_cast<std::size_t>(c)] = Suppressed{};
        ++report.secondary;
        return true;
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& p : spec.partitions) {
            const int total = col(p.total);
            if (total < 0) continue;
            std::vector<int> parts;
            for (const auto& name : p.parts)
                if (const int c = col(name); c >= 0) parts.push_back(c);
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                std::vector<std::pair<std::size_t, int>> cells = {{r, total}};
                for (int c : parts) cells.emplace_back(r, c);
                changed = protect(cells) || changed;
            }
        }
        for (const auto& name : spec.publishedColumnTotals) {
            const int c = col(name);
            if (c < 0) continue;
            std::vector<std::pair<std::size_t, int>> cells;
            for (std::size_t r = 0; r < t.rows.size(); ++r) cells.emplace_back(r, c);
            changed = protect(cells) || changed;
        }
    }
    // Derived columns follow their sources.
    for (const auto& [name, sources] : spec.derived) {
        const int c = col(name);
        if (c < 0) continue;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            bool hidden = false;
            for (const auto& s : sources)
                if (const int sc = col(s); sc >= 0 && isSuppressed(t.rows[r][static_cast<std::size_t>(sc)])) hidden = true;
            if (hidden && !isSuppressed(t.rows[r][static_cast<std::size_t>(c)])) {
                t.rows[r][static_cast<std::size_t>(c)] = Suppressed{};
                ++report.derived;
            }
        }
    }
    return report;
}

SuppressionSpec wardTableSuppressionSpec(const Table& t) {
    SuppressionSpec spec;
    std::vector<std::string> sex, age, sector, years;
    std::vector<std::string> hazard = {"cases_hazardous", "cases_not_hazardous", "cases_hazard_unknown"};
    for (const auto& c : t.columns) {
        const std::string& n = c.name;
        if (c.type == ColumnType::Text) continue;
        const bool count = n == "cases" || n.rfind("cases_", 0) == 0 || n.rfind("survey_", 0) == 0 || n == "population";
        if (count && n != "cases_per_km2") spec.counts.push_back(n);
        if (n == "cases_male" || n == "cases_female" || n == "cases_sex_unknown") sex.push_back(n);
        if (n.rfind("cases_age_", 0) == 0) age.push_back(n);
        if (n.rfind("cases_sector_", 0) == 0) sector.push_back(n);
        if (n == "cases_hazardous" && t.columnIndex("cases_hazard_unknown") < 0) hazard.clear();
        if (n.size() == 10 && n.rfind("cases_", 0) == 0 && std::all_of(n.begin() + 6, n.end(), ::isdigit)) years.push_back(n);
    }
    if (t.columnIndex("cases_hazardous") < 0) hazard.clear();
    for (auto* parts : {&sex, &age, &sector, &hazard, &years})
        if (!parts->empty()) spec.partitions.push_back({"cases", *parts});
    spec.publishedColumnTotals = {"cases"};
    const std::vector<std::string> rateSources = {"cases", "population", "survey_children_5_17"};
    for (const char* derived : {"rate_per_1000", "eb_rate_per_1000", "seb_rate_per_1000", "excess_risk", "cases_per_km2"})
        spec.derived.push_back({derived, rateSources});
    return spec;
}

namespace {

/// For each point, how many other points lie within `radius` (grid of cell = radius).
std::vector<std::size_t> neighbourCounts(const std::vector<std::pair<double, double>>& pts, double radius) {
    std::vector<std::size_t> counts(pts.size(), 0);
    if (pts.empty() || !(radius > 0)) return counts;
    double minX = pts[0].first, minY = pts[0].second;
    for (const auto& [x, y] : pts) {
        minX = std::min(minX, x);
        minY = std::min(minY, y);
    }
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>> grid;
    auto cellOf = [&](double x, double y) {
        return std::make_pair(static_cast<std::int64_t>(std::floor((x - minX) / radius)),
                              static_cast<std::int64_t>(std::floor((y - minY) / radius)));
    };
    for (std::size_t i = 0; i < pts.size(); ++i) grid[cellOf(pts[i].first, pts[i].second)].push_back(i);
    const double r2 = radius * radius;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const auto [cx, cy] = cellOf(pts[i].first, pts[i].second);
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto it = grid.find({cx + dx, cy + dy});
                if (it == grid.end()) continue;
                for (std::size_t j : it->second) {
                    if (j == i) continue;
                    const double ddx = pts[i].first - pts[j].first, ddy = pts[i].second - pts[j].second;
                    if (ddx * ddx + ddy * ddy <= r2) ++counts[i];
                }
            }
    }
    return counts;
}

std::size_t aloneUnder(const std::vector<std::pair<double, double>>& pts, double radius, std::int64_t minCount) {
    std::size_t alone = 0;
    for (std::size_t c : neighbourCounts(pts, radius))
        alone += static_cast<std::int64_t>(c) < minCount - 1 ? 1 : 0;
    return alone;
}

}  // namespace

std::string BandwidthCheck::warning(double bandwidthMeters) const {
    if (safe()) return {};
    return "bandwidth " + std::to_string(static_cast<long long>(std::llround(bandwidthMeters))) + " m shows " +
           std::to_string(casesShownAlone) + " case(s) on their own; use at least " +
           std::to_string(static_cast<long long>(std::ceil(smallestSafeBandwidth))) + " m for shared outputs";
}

BandwidthCheck checkDensityBandwidth(const std::vector<std::pair<double, double>>& points, double bandwidthMeters,
                                     std::int64_t minCount) {
    BandwidthCheck check;
    if (static_cast<std::int64_t>(points.size()) < minCount) {
        // Too few cases for any surface to be safe to share.
        check.casesShownAlone = points.size();
        check.smallestSafeBandwidth = std::numeric_limits<double>::infinity();
        return check;
    }
    check.casesShownAlone = aloneUnder(points, bandwidthMeters, minCount);
    // Smallest safe radius by bisection between 0 and the extent's diagonal.
    double minX = points[0].first, maxX = minX, minY = points[0].second, maxY = minY;
    for (const auto& [x, y] : points) {
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
    }
    double lo = 0, hi = std::hypot(maxX - minX, maxY - minY) + 1.0;
    for (int it = 0; it < 40 && hi - lo > 1.0; ++it) {
        const double mid = (lo + hi) / 2;
        (aloneUnder(points, mid, minCount) == 0 ? hi : lo) = mid;
    }
    check.smallestSafeBandwidth = hi;
    return check;
}

std::vector<std::string> suppressedColumnsPerRow(const Table& t) {
    std::vector<std::string> out;
    for (const auto& row : t.rows) {
        std::string names;
        for (std::size_t c = 0; c < row.size(); ++c)
            if (isSuppressed(row[c])) names += (names.empty() ? "" : ",") + t.columns[c].name;
        out.push_back(std::move(names));
    }
    return out;
}

}  // namespace wardscope::core
