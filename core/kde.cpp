#include "core/kde.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>

#include "core/error.h"
#include "core/parallel.h"
#include "core/radix_sort.h"

namespace wardscope::core {

double kernelRadius(Kernel kernel, double bandwidth) { return kernel == Kernel::Quartic ? bandwidth : 4.0 * bandwidth; }

double kernelValue(Kernel kernel, double h, double d) {
    if (kernel == Kernel::Quartic) {
        if (d >= h) return 0.0;
        const double u = 1.0 - (d * d) / (h * h);
        return 3.0 / (std::numbers::pi * h * h) * u * u;
    }
    if (d >= 4.0 * h) return 0.0;
    return std::exp(-(d * d) / (2.0 * h * h)) / (2.0 * std::numbers::pi * h * h);
}

Raster makeRaster(const Box& extent, double cellSize) {
    if (!(cellSize > 0)) throw UsageError("the cell size must be positive");
    Raster r;
    r.cellSize = cellSize;
    r.originX = extent.minX;
    r.originY = extent.maxY;
    r.cols = static_cast<std::size_t>(std::ceil((extent.maxX - extent.minX) / cellSize));
    r.rows = static_cast<std::size_t>(std::ceil((extent.maxY - extent.minY) / cellSize));
    r.cols = std::max<std::size_t>(r.cols, 1);
    r.rows = std::max<std::size_t>(r.rows, 1);
    r.values.assign(r.cols * r.rows, 0.0);
    return r;
}

namespace {

/// floor() for values well inside the range of ptrdiff_t, without a libm call.
inline std::ptrdiff_t floorInt(double v) {
    const auto i = static_cast<std::ptrdiff_t>(v);
    return i - (v < static_cast<double>(i) ? 1 : 0);
}

/// The run of columns [lo, hi] whose cell centres c satisfy (c - pc)^2 < rest,
/// everything in cell units (pc: the point's column position measured from cell
/// centres; rest: squared radius minus squared row offset); lo > hi if none.
inline std::pair<std::ptrdiff_t, std::ptrdiff_t> columnRun(double pc, double rest, std::ptrdiff_t cols) {
    if (rest <= 0) return {0, -1};
    const double half = std::sqrt(rest);
    auto inside = [&](std::ptrdiff_t c) { return (static_cast<double>(c) - pc) * (static_cast<double>(c) - pc) < rest; };
    std::ptrdiff_t lo = floorInt(pc - half) + 1, hi = -floorInt(-(pc + half)) - 1;  // open interval ends
    // Rounding can put an end one cell off: the exact test decides.
    if (lo - 1 >= 0 && inside(lo - 1)) --lo;
    if (!inside(lo)) ++lo;
    if (inside(hi + 1)) ++hi;
    if (!inside(hi)) --hi;
    lo = std::max<std::ptrdiff_t>(lo, 0);
    hi = std::min<std::ptrdiff_t>(hi, cols - 1);
    return {lo, hi};
}

/// Exact quartic density by row. Along a raster row the quartic kernel of one
/// point is a polynomial of degree 4 in the column, on the run of columns inside
/// its circle: with k = (cell/h)^2, a = 1 - k dy^2 and q the point's column,
/// u(c) = a - k (c - q)^2 and K ∝ u^2. Each run is added to difference arrays of
/// the five coefficients, per tile of columns and counted from the tile's start
/// so that the numbers stay small; a prefix sum then gives every cell its
/// polynomial, and one Horner evaluation gives the exact sum. Cost: O(points x
/// rows per kernel + cells) instead of O(points x cells per kernel).
class QuarticRows {
public:
    QuarticRows(Raster& raster, double h, double unitsPerArea)
        : r_(raster), k_((raster.cellSize / h) * (raster.cellSize / h)), invK_(1.0 / k_),
          norm_(3.0 / (std::numbers::pi * h * h) * unitsPerArea),
          cols_(static_cast<std::ptrdiff_t>(raster.cols)), coef_((raster.cols + 1) * 5), active_(raster.cols + 1) {
        // A power-of-two tile wider than a kernel (2h + 2 cells), so that a run
        // touches at most two tiles; |k q^2| then stays below ~16.
        const double width = std::ceil(2.0 * h / raster.cellSize) + 2.0;
        while (static_cast<double>(std::ptrdiff_t{1} << shift_) < width) ++shift_;
    }

    /// Adds the points [first, last) of a row at `rowY` (metres): their run ends
    /// for the whole batch first (a loop the compiler vectorises), then the runs.
    void addRow(const double* pc, const double* ys, const double* ws, std::size_t count, double rowY, double cellSize) {
        scratch_.resize(count * 3);
        double* a = scratch_.data();
        double* lo = a + count;
        double* hi = lo + count;
        const double inv = 1.0 / cellSize;
        for (std::size_t i = 0; i < count; ++i) {
            const double dy = (rowY - ys[i]) * inv;
            a[i] = 1.0 - k_ * dy * dy;
            const double half = std::sqrt(std::max(a[i], 0.0) * invK_);
            lo[i] = pc[i] - half;
            hi[i] = pc[i] + half;
        }
        for (std::size_t i = 0; i < count; ++i)
            if (a[i] > 0) addRun(pc[i], a[i], lo[i], hi[i], ws[i]);
    }

    /// The run of cell centres inside the circle: (c - pc)^2 < a / k, i.e. the
    /// columns strictly between loEdge and hiEdge. A cell that rounding adds or
    /// drops at an end has u ~ 0, so it changes nothing.
    void addRun(double pc, double a, double loEdge, double hiEdge, double w) {
        const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(floorInt(loEdge) + 1, 0);
        const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(-floorInt(-hiEdge) - 1, cols_ - 1);
        if (lo > hi) return;
        minCol_ = std::min(minCol_, lo);
        maxCol_ = std::max(maxCol_, hi);
        const double scale = w * norm_;
        const std::ptrdiff_t t0 = (lo >> shift_) << shift_, t1 = (hi >> shift_) << shift_;
        const std::ptrdiff_t tile = std::ptrdiff_t{1} << shift_;
        // First tile: from lo to its end or hi. Second tile (if any): from its start to hi.
        // Writes that are not needed go to the spare slot at index cols (never read).
        const auto spare = static_cast<std::size_t>(cols_);
        const bool split = t1 != t0;
        const std::size_t stop0 = split || hi + 1 >= std::min(cols_, t0 + tile) ? spare : static_cast<std::size_t>(hi + 1);
        const std::size_t start1 = split ? static_cast<std::size_t>(t1) : spare;
        const std::size_t stop1 = split && hi + 1 < std::min(cols_, t1 + tile) ? static_cast<std::size_t>(hi + 1) : spare;
        put(static_cast<std::size_t>(lo), stop0, pc - static_cast<double>(t0), a, scale);
        put(start1, stop1, pc - static_cast<double>(t1), a, scale);
    }

    /// Evaluates the touched tiles of the row into the raster and clears them.
    void flush(std::size_t row) {
        if (minCol_ > maxCol_) return;
        double* out = r_.values.data() + row * r_.cols;
        const std::ptrdiff_t tile = std::ptrdiff_t{1} << shift_;
        for (std::ptrdiff_t t0 = (minCol_ >> shift_) << shift_; t0 <= maxCol_; t0 += tile) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
            std::int64_t n = 0;
            const std::ptrdiff_t end = std::min(cols_, t0 + tile);
            for (std::ptrdiff_t c = t0; c < end; ++c) {
                double* d = &coef_[static_cast<std::size_t>(c) * 5];
                s0 += d[0], s1 += d[1], s2 += d[2], s3 += d[3], s4 += d[4];
                d[0] = d[1] = d[2] = d[3] = d[4] = 0;
                n += active_[static_cast<std::size_t>(c)];
                active_[static_cast<std::size_t>(c)] = 0;
                if (n == 0) continue;  // no kernel reaches this cell: exactly nothing to add
                const auto t = static_cast<double>(c - t0);
                const double v = s0 + t * (s1 + t * (s2 + t * (s3 + t * s4)));
                out[c] += std::max(0.0, v);
            }
        }
        minCol_ = std::numeric_limits<std::ptrdiff_t>::max();
        maxCol_ = -1;
    }

private:
    /// u(t) = a - k (t - q)^2 squared, as coefficients of t^0..t^4, added at
    /// `start` and taken off at `stop`.
    void put(std::size_t start, std::size_t stop, double q, double a, double scale) {
        const double A = a - k_ * q * q, B = 2 * k_ * q, C = -k_;
        const double c0 = scale * A * A, c1 = scale * 2 * A * B, c2 = scale * (B * B + 2 * A * C),
                     c3 = scale * 2 * B * C, c4 = scale * C * C;
        double* d = &coef_[start * 5];
        d[0] += c0, d[1] += c1, d[2] += c2, d[3] += c3, d[4] += c4;
        double* e = &coef_[stop * 5];
        e[0] -= c0, e[1] -= c1, e[2] -= c2, e[3] -= c3, e[4] -= c4;
        ++active_[start];
        --active_[stop];
    }

    Raster& r_;
    double k_, invK_, norm_;
    std::ptrdiff_t cols_;
    int shift_ = 1;
    std::vector<double> coef_;
    std::vector<std::int64_t> active_;
    std::vector<double> scratch_;
    std::ptrdiff_t minCol_ = std::numeric_limits<std::ptrdiff_t>::max(), maxCol_ = -1;
};

}  // namespace

namespace {

/// The points' indices ordered by y, largest first, ties in input order.
std::vector<std::size_t> orderByYDescending(const std::vector<Point>& points) {
    const std::size_t n = points.size();
    std::vector<std::uint64_t> keys(n), scratchKeys;
    std::vector<std::size_t> order(n), scratchOrder;
    for (std::size_t i = 0; i < n; ++i) {
        keys[i] = orderedKey(-points[i].y);
        order[i] = i;
    }
    radixSortByKey(keys, order, scratchKeys, scratchOrder);
    return order;
}

}  // namespace

void addKernelDensity(Raster& raster, const std::vector<Point>& points, const std::vector<double>& weights,
                      Kernel kernel, double h, double unitsPerArea, unsigned threads) {
    if (!(h > 0)) throw UsageError("the bandwidth must be positive");
    if (!weights.empty() && weights.size() != points.size()) throw UsageError("weights and points differ in number");
    const double cs = raster.cellSize;
    const double radius = kernelRadius(kernel, h);
    const double radiusCells2 = (radius / cs) * (radius / cs);
    // Points sorted by y (north first), so the points reaching a row are a
    // contiguous run, and copied so that a row reads them contiguously; x as a
    // column position measured from cell centres.
    const std::vector<std::size_t> order = orderByYDescending(points);  // ties by input order: deterministic
    std::vector<double> pc(order.size()), ys(order.size()), ws(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        const Point& p = points[order[i]];
        pc[i] = (p.x - raster.originX) / cs - 0.5;
        ys[i] = p.y;
        ws[i] = weights.empty() ? 1.0 : weights[order[i]];
    }
    // The polynomial rows pay off once a kernel spans a few cells.
    const bool polynomial = kernel == Kernel::Quartic && h >= 2 * cs;
    const double gaussNorm = unitsPerArea / (2.0 * std::numbers::pi * h * h);
    const double hc2 = (h / cs) * (h / cs);  // squared bandwidth in cells
    const double stepRatio = std::exp(-1.0 / hc2);
    const auto cols = static_cast<std::ptrdiff_t>(raster.cols);
    auto doRow = [&](std::size_t row, std::optional<QuarticRows>& rows) {
        const double yc = raster.centreY(row);
        // [first, last): points with |y - row centre| < radius.
        const auto first = static_cast<std::size_t>(
            std::partition_point(ys.begin(), ys.end(), [&](double y) { return y >= yc + radius; }) - ys.begin());
        const auto last = static_cast<std::size_t>(
            std::partition_point(ys.begin() + static_cast<std::ptrdiff_t>(first), ys.end(),
                                 [&](double y) { return y > yc - radius; }) - ys.begin());
        if (rows) {
            rows->addRow(pc.data() + first, ys.data() + first, ws.data() + first, last - first, yc, cs);
            rows->flush(row);
            return;
        }
        double* out = raster.values.data() + row * raster.cols;
        for (std::size_t i = first; i < last; ++i) {
            const double dy = (yc - ys[i]) / cs;  // cells
            const auto [c0, c1] = columnRun(pc[i], radiusCells2 - dy * dy, cols);
            if (c0 > c1) continue;
            if (kernel == Kernel::Gaussian) {
                // exp(-dx^2/2h^2) along the run by recurrence: two exp() per run, not one per cell.
                const double dx0 = static_cast<double>(c0) - pc[i];
                double g = std::exp(-(dx0 * dx0 + dy * dy) / (2.0 * hc2)) * gaussNorm * ws[i];
                double step = std::exp(-(2.0 * dx0 + 1.0) / (2.0 * hc2));
                for (std::ptrdiff_t c = c0; c <= c1; ++c) {
                    out[c] += g;
                    g *= step;
                    step *= stepRatio;
                }
                continue;
            }
            const double w = ws[i] * unitsPerArea;
            for (std::ptrdiff_t c = c0; c <= c1; ++c) {
                const double dx = static_cast<double>(c) - pc[i];
                out[c] += w * kernelValue(kernel, h, std::sqrt(dx * dx + dy * dy) * cs);
            }
        }
    };
    // Rows are handed out in small chunks (the points are rarely spread evenly);
    // each row is computed by one thread in point order, so the result does not
    // depend on the number of threads.
    parallelForEach(
        raster.rows, threads, 8,
        [&] {
            std::optional<QuarticRows> rows;
            if (polynomial) rows.emplace(raster, h, unitsPerArea);
            return rows;
        },
        doRow);
}

double silvermanBandwidth(const std::vector<Point>& points) {
    const std::size_t n = points.size();
    if (n < 2) throw UsageError("an automatic bandwidth needs at least 2 points");
    double mx = 0, my = 0;
    for (const auto& p : points) {
        mx += p.x;
        my += p.y;
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    std::vector<double> d;
    double ss = 0;
    for (const auto& p : points) {
        const double dx = p.x - mx, dy = p.y - my;
        ss += dx * dx + dy * dy;
        d.push_back(std::sqrt(dx * dx + dy * dy));
    }
    const double sd = std::sqrt(ss / static_cast<double>(n));
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(n / 2), d.end());
    const double dm = d[n / 2];
    return 0.9 * std::min(sd, std::sqrt(1.0 / std::log(2.0)) * dm) * std::pow(static_cast<double>(n), -0.2);
}

}  // namespace wardscope::core
