#include "core/disclosure.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "core/error.h"
#include "core/parallel.h"

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
    // The original counts stay known here for choosing complementary cells (only
    // the columns the constraints use, as numbers: no copy of the whole table).
    std::vector<std::vector<double>> original(t.columns.size());
    auto keep = [&](const std::string& name) {
        const int c = col(name);
        if (c < 0 || !original[static_cast<std::size_t>(c)].empty()) return;
        auto& values = original[static_cast<std::size_t>(c)];
        values.reserve(t.rows.size());
        for (const auto& row : t.rows) values.push_back(countOf(row[static_cast<std::size_t>(c)]));
    };
    for (const auto& name : spec.counts) keep(name);
    for (const auto& p : spec.partitions) {
        keep(p.total);
        for (const auto& name : p.parts) keep(name);
    }
    for (const auto& name : spec.publishedColumnTotals) keep(name);
    auto value = [&](std::size_t row, int c) { return original[static_cast<std::size_t>(c)][row]; };

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
    std::vector<char> changedRows(t.rows.size(), 0);  // rows with a cell withheld this round
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
        changedRows[r] = 1;
        ++report.secondary;
        return true;
    };
    // Until nothing changes. A row's own constraints need checking again only
    // when one of its cells was withheld in the previous round: the others
    // would find what they found then (all rows are checked in the first).
    std::vector<char> checkRows(t.rows.size(), 1);
    for (bool changed = true; changed;) {
        changed = false;
        changedRows.assign(t.rows.size(), 0);
        for (const auto& p : spec.partitions) {
            const int total = col(p.total);
            if (total < 0) continue;
            std::vector<int> parts;
            for (const auto& name : p.parts)
                if (const int c = col(name); c >= 0) parts.push_back(c);
            std::vector<std::pair<std::size_t, int>> cells;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                if (!checkRows[r]) continue;
                cells.assign(1, {r, total});
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
        checkRows.swap(changedRows);
    }
    // Derived columns follow their sources.
    for (const auto& [name, sources] : spec.derived) {
        const int c = col(name);
        if (c < 0) continue;
        std::vector<std::size_t> sourceColumns;
        for (const auto& s : sources)
            if (const int sc = col(s); sc >= 0) sourceColumns.push_back(static_cast<std::size_t>(sc));
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            bool hidden = false;
            for (const std::size_t sc : sourceColumns) hidden = hidden || isSuppressed(t.rows[r][sc]);
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
    // A ward whose count is withheld publishes no continuous statistic of its
    // own (its class, computed without its count, stays: docs/privacy.md).
    for (const char* derived : {"lisa_i", "lisa_z", "lisa_p", "lisa_p_adjusted", "gi_z", "gi_star_z", "gi_star_p",
                                "gi_star_p_normal", "gi_star_p_adjusted"})
        spec.derived.push_back({derived, rateSources});
    return spec;
}

namespace {

/// For each point, the distance to its m-th nearest other point (0 when m = 0;
/// infinity when there are not m others) when it exceeds `cap`; otherwise some
/// value at most `cap` (the search stops as soon as m points within cap are found). A grid of about m points per cell is
/// searched ring by ring until no closer point can remain: O(n m) for evenly
/// spread points instead of comparing all pairs. First, a point that shares a
/// square of diagonal `cap` with m others is within cap of all of them, so only
/// points in sparser squares are searched (most points, when cases are many).
std::vector<double> mthNeighbourDistance(const std::vector<std::pair<double, double>>& pts, std::size_t m, double cap) {
    const std::size_t n = pts.size();
    std::vector<double> out(n, m == 0 ? 0.0 : std::numeric_limits<double>::infinity());
    if (m == 0 || n <= m) return out;
    double minX = pts[0].first, maxX = minX, minY = pts[0].second, maxY = minY;
    for (const auto& [x, y] : pts) {
        minX = std::min(minX, x), maxX = std::max(maxX, x);
        minY = std::min(minY, y), maxY = std::max(maxY, y);
    }
    // Squares of side just under cap / sqrt(2): two points in one are closer than cap.
    std::vector<char> settled(n, 0);
    bool anySettled = false;
    if (std::isfinite(cap) && cap > 0) {
        const double side = cap / std::sqrt(2.0) * (1 - 1e-9);
        const double sqCols = std::floor((maxX - minX) / side) + 1, sqRows = std::floor((maxY - minY) / side) + 1;
        if (sqCols * sqRows <= 4.0 * static_cast<double>(n) + 1024) {
            const auto cols = static_cast<std::size_t>(sqCols);
            std::vector<std::uint32_t> count(cols * static_cast<std::size_t>(sqRows), 0);
            std::vector<std::size_t> square(n);
            for (std::size_t i = 0; i < n; ++i) {
                square[i] = static_cast<std::size_t>((pts[i].second - minY) / side) * cols +
                            static_cast<std::size_t>((pts[i].first - minX) / side);
                if (count[square[i]] <= m) ++count[square[i]];
            }
            for (std::size_t i = 0; i < n; ++i)
                if (count[square[i]] > m) {
                    settled[i] = 1;
                    out[i] = cap;
                    anySettled = true;
                }
        }
    }
    if (anySettled && std::all_of(settled.begin(), settled.end(), [](char c) { return c != 0; })) return out;
    const double w = std::max(maxX - minX, 1e-9), h = std::max(maxY - minY, 1e-9);
    double cell = std::sqrt(w * h * static_cast<double>(m) / static_cast<double>(n));
    cell = std::max({cell, w / 4096.0, h / 4096.0, 1e-9});
    const auto cols = static_cast<std::int64_t>(w / cell) + 1, rows = static_cast<std::int64_t>(h / cell) + 1;
    auto cellOf = [&](double x, double y) {
        return std::make_pair(std::min(cols - 1, static_cast<std::int64_t>((x - minX) / cell)),
                              std::min(rows - 1, static_cast<std::int64_t>((y - minY) / cell)));
    };
    // Points bucketed by cell (CSR), their coordinates copied in cell order so
    // that a cell's points are read contiguously.
    std::vector<std::size_t> start(static_cast<std::size_t>(cols * rows) + 1, 0), members(n);
    std::vector<std::size_t> cellIndex(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto [cx, cy] = cellOf(pts[i].first, pts[i].second);
        cellIndex[i] = static_cast<std::size_t>(cy * cols + cx);
        ++start[cellIndex[i] + 1];
    }
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<double> xs(n), ys(n);
    {
        std::vector<std::size_t> fill(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t slot = fill[cellIndex[i]]++;
            members[slot] = i;
            xs[slot] = pts[i].first;
            ys[slot] = pts[i].second;
        }
    }
    // The slots (points in cell order) still to search.
    std::vector<std::size_t> todo;
    todo.reserve(anySettled ? 0 : n);
    for (std::size_t slot = 0; slot < n; ++slot)
        if (!settled[members[slot]]) todo.push_back(slot);
    auto search = [&](std::size_t todoBegin, std::size_t todoEnd) {
        std::vector<double> best;  // the m smallest squared distances so far, ascending
        best.reserve(m + 1);
        for (std::size_t t = todoBegin; t < todoEnd; ++t) {
            const std::size_t self = todo[t];
            const double px = xs[self], py = ys[self];
            const auto cx = static_cast<std::int64_t>(cellIndex[members[self]] % static_cast<std::size_t>(cols));
            const auto cy = static_cast<std::int64_t>(cellIndex[members[self]] / static_cast<std::size_t>(cols));
            best.clear();
            auto visit = [&](std::int64_t x, std::int64_t y) {
                if (x < 0 || y < 0 || x >= cols || y >= rows) return;
                const auto c = static_cast<std::size_t>(y * cols + x);
                for (std::size_t k = start[c]; k < start[c + 1]; ++k) {
                    if (k == self) continue;
                    const double dx = px - xs[k], dy = py - ys[k];
                    const double d2 = dx * dx + dy * dy;
                    if (best.size() == m && d2 >= best.back()) continue;
                    if (best.size() == m) best.pop_back();
                    best.insert(std::upper_bound(best.begin(), best.end(), d2), d2);
                }
            };
            // Points in ring r lie at least (r - 1 + the point's distance to its own
            // cell's nearest side) cells away.
            const double fx = (px - minX) / cell - static_cast<double>(cx);
            const double fy = (py - minY) / cell - static_cast<double>(cy);
            const double inset = std::max(0.0, std::min({fx, 1 - fx, fy, 1 - fy}));
            const double cap2 = cap * cap;
            for (std::int64_t r = 0; r <= std::max(cols, rows); ++r) {
                if (best.size() == m && best.back() <= cap2) break;  // within the cap: no need for the exact value
                if (r > 0 && best.size() == m) {
                    const double reach = (static_cast<double>(r - 1) + inset) * cell;
                    if (reach * reach >= best.back()) break;
                }
                if (r == 0) {
                    visit(cx, cy);
                    continue;
                }
                for (std::int64_t d = -r; d <= r; ++d) {
                    visit(cx + d, cy - r);
                    visit(cx + d, cy + r);
                }
                for (std::int64_t d = -r + 1; d <= r - 1; ++d) {
                    visit(cx - r, cy + d);
                    visit(cx + r, cy + d);
                }
            }
            if (best.size() == m) out[members[self]] = std::sqrt(best.back());
        }
    };
    parallelRanges(todo.size(), 0, search);
    return out;
}

}  // namespace

std::string BandwidthCheck::warning(double bandwidthMeters) const {
    if (safe()) return {};
    const std::string shown = "bandwidth " + std::to_string(static_cast<long long>(std::llround(bandwidthMeters))) +
                              " m shows " + std::to_string(casesShownAlone) + " case(s) on their own; ";
    if (!std::isfinite(smallestSafeBandwidth))
        return shown + "there are too few cases for any surface to be safe to share";
    return shown + "use at least " + std::to_string(static_cast<long long>(std::ceil(smallestSafeBandwidth))) +
           " m for shared outputs";
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
    // A case is shown alone when fewer than minCount - 1 others lie within the
    // bandwidth, i.e. when its (minCount - 1)-th nearest neighbour is farther.
    // Exact beyond the bandwidth, which is all the check needs: the count, and
    // the largest such distance (the smallest bandwidth that is safe).
    const auto dk = mthNeighbourDistance(points, static_cast<std::size_t>(std::max<std::int64_t>(minCount - 1, 0)),
                                         bandwidthMeters);
    check.smallestSafeBandwidth = 0;
    for (double d : dk)
        if (d > bandwidthMeters) {
            ++check.casesShownAlone;
            check.smallestSafeBandwidth = std::max(check.smallestSafeBandwidth, d);
        }
    return check;
}

std::vector<std::string> suppressedColumnsPerRow(const Table& t) {
    std::vector<std::string> out;
    for (const auto& row : t.rows) {
        std::string names;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (!isSuppressed(row[c])) continue;
            if (!names.empty()) names += ',';
            names += t.columns[c].name;
        }
        out.push_back(std::move(names));
    }
    return out;
}

}  // namespace wardscope::core
