#include "gis/crs.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/parallel.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

Crs Crs::fromUserInput(const std::string& text) {
    ensureGdal();
    auto srs = std::make_shared<OGRSpatialReference>();
    if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE)
        throw UsageError("unknown coordinate reference system '" + text + "'");
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Crs crs;
    crs.m_srs = std::move(srs);
    return crs;
}

bool Crs::isGeographicName(std::string_view text) {
    std::string upper(text);  // as PROJ reads them: any case, no spaces around
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return upper == "EPSG:4326" || upper == "OGC:CRS84";
}

Crs Crs::fromSpatialRef(const OGRSpatialReference* srs) {
    Crs crs;
    if (srs) {
        crs.m_srs = std::shared_ptr<OGRSpatialReference>(srs->Clone(), [](OGRSpatialReference* s) { s->Release(); });
        crs.m_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    return crs;
}

bool Crs::isUndefined(const OGRSpatialReference& srs) {
    if (srs.IsLocal()) return true;
    const char* name = srs.GetName();
    return name && std::string_view(name).starts_with("Undefined ") && std::string_view(name).ends_with(" SRS") &&
           !srs.GetAuthorityName(nullptr);
}

std::string Crs::wkt() const {
    if (!m_srs) return {};
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", nullptr};
    const OGRErr err = m_srs->exportToWkt(&text, options);
    std::string out = err == OGRERR_NONE && text ? text : "";
    CPLFree(text);
    if (out.empty()) throw UsageError("cannot write " + label() + " as WKT");
    return out;
}

Crs Crs::fromWkt(const std::string& wkt) {
    if (wkt.empty()) return {};
    ensureGdal();
    auto srs = std::make_shared<OGRSpatialReference>();
    if (srs->importFromWkt(wkt.c_str()) != OGRERR_NONE) throw UsageError("unreadable CRS WKT");
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Crs crs;
    crs.m_srs = std::move(srs);
    return crs;
}

std::string Crs::label() const {
    if (!m_srs) return "none (planar)";
    const char* auth = m_srs->GetAuthorityName(nullptr);
    const char* code = m_srs->GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    const char* name = m_srs->GetName();
    return name ? name : "unnamed CRS";
}

bool Crs::sameAs(const Crs& other) const {
    if (empty() || other.empty()) return empty() == other.empty();
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return m_srs->IsSame(other.m_srs.get(), options) != 0;
}

Transform::Transform(const Crs& from, const Crs& to) {
    if (from.empty() || to.empty() || from.sameAs(to)) return;
    m_ct.reset(OGRCreateCoordinateTransformation(from.get(), to.get()));
    if (!m_ct) throw UsageError("cannot transform from " + from.label() + " to " + to.label() + ": " + takeLastGdalError());
}

Transform::Transform(const Transform& other) {
    if (!other.m_ct) return;
    m_ct.reset(other.m_ct->Clone());
    if (!m_ct) throw UsageError("cannot copy a coordinate transformation: " + takeLastGdalError());
}

bool Transform::apply(core::Point& p) const {
    if (!m_ct) return true;
    double x = p.x, y = p.y;
    int ok = 0;
    if (!m_ct->Transform(1, &x, &y, nullptr, &ok) || !ok || !std::isfinite(x) || !std::isfinite(y)) return false;
    p = {x, y};
    return true;
}

void Transform::apply(std::vector<double>& x, std::vector<double>& y, std::vector<int>& ok) const {
    ok.assign(x.size(), 1);
    if (!m_ct || x.empty()) return;
    // Large batches in parallel, one clone of the transformation per thread
    // (a transformation object is not safe to share between threads).
    constexpr std::size_t kPerThread = 50000;
    const unsigned threads = x.size() < 2 * kPerThread ? 1 : core::threadCount(0, x.size() / kPerThread);
    core::parallelRanges(x.size(), threads, [&](std::size_t begin, std::size_t end) {
        std::unique_ptr<OGRCoordinateTransformation, Deleter> own(begin == 0 ? nullptr : m_ct->Clone());
        OGRCoordinateTransformation* ct = begin == 0 ? m_ct.get() : own.get();
        if (!ct) {
            std::fill(ok.begin() + static_cast<std::ptrdiff_t>(begin), ok.begin() + static_cast<std::ptrdiff_t>(end), 0);
            return;
        }
        ct->Transform(end - begin, x.data() + begin, y.data() + begin, nullptr, ok.data() + begin);
    });
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) ok[i] = 0;
}

double Transform::applyInterpolated(std::vector<double>& x, std::vector<double>& y, std::vector<int>& ok,
                                    double maxError, Interpolation kind) const {
    const std::size_t n = x.size();
    auto exact = [&] {
        apply(x, y, ok);
        return 0.0;
    };
    constexpr std::size_t kMinPoints = 100000;  // below this, the lattice costs about as much as the points
    if (!m_ct || n < kMinPoints || !(maxError > 0)) return exact();
    constexpr double inf = std::numeric_limits<double>::infinity();
    double minX = inf, minY = inf, maxX = -inf, maxY = -inf;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) return exact();
        minX = std::min(minX, x[i]), maxX = std::max(maxX, x[i]);
        minY = std::min(minY, y[i]), maxY = std::max(maxY, y[i]);
    }
    const double width = maxX - minX, height = maxY - minY;
    if (!(width > 0) || !(height > 0)) return exact();
    // The nodes a cell's points are interpolated from: its four corners
    // (bilinear), or the 4 x 4 nodes around it (bicubic: Lagrange cubics
    // through nodes -1, 0, 1 and 2 along each axis).
    const bool cubic = kind == Interpolation::Bicubic;
    const std::ptrdiff_t lo = cubic ? -1 : 0, hi = cubic ? 2 : 1;
    constexpr std::size_t kMaxTaps = 4;
    const auto taps = static_cast<std::size_t>(hi - lo + 1);
    auto weights = [cubic](double u, std::array<double, kMaxTaps>& w) {
        if (!cubic) {
            w[0] = 1 - u, w[1] = u;
            return;
        }
        const double a = u + 1, b = u, c = u - 1, d = u - 2;
        w[0] = -b * c * d / 6, w[1] = a * c * d / 2, w[2] = -a * b * d / 2, w[3] = a * b * c / 6;
    };
    const double side0 = std::max(width, height);
    for (std::size_t cells = 64;; cells *= 2) {
        const double step = side0 / static_cast<double>(cells);
        const auto cols = static_cast<std::size_t>(std::ceil(width / step)) + 1;  // lattice cells
        const auto rows = static_cast<std::size_t>(std::ceil(height / step)) + 1;
        // A bound the lattice cannot reach (a tiny maxError against PROJ's own
        // rounding, say) must not grow it without end.
        if (cells > 8192 || cols * rows > std::min<std::size_t>(4 * n, std::size_t{1} << 22)) return exact();
        // Node (c, r), c from lo to cols - 1 + hi, is slot[(r - lo) * stride + c - lo].
        const std::size_t stride = cols + taps - 1;
        auto cellOf = [&](std::size_t i, double& u, double& v) {
            const double fx = (x[i] - minX) / step, fy = (y[i] - minY) / step;
            const auto c = std::min(static_cast<std::size_t>(fx), cols - 1);
            const auto r = std::min(static_cast<std::size_t>(fy), rows - 1);
            u = fx - static_cast<double>(c);
            v = fy - static_cast<double>(r);
            return r * cols + c;
        };
        // Only the lattice cells that hold points are needed (wards leave much sea).
        std::vector<char> used(cols * rows, 0);
        for (std::size_t i = 0; i < n; ++i) {
            double u = 0, v = 0;
            used[cellOf(i, u, v)] = 1;
        }
        constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();
        std::vector<std::uint32_t> slot((rows + taps - 1) * stride, kNone);
        std::vector<double> lx, ly;
        std::vector<int> lok;
        auto slotOf = [&](std::size_t c, std::size_t r, std::ptrdiff_t dc, std::ptrdiff_t dr) -> std::uint32_t& {
            return slot[static_cast<std::size_t>(static_cast<std::ptrdiff_t>(r) + dr - lo) * stride +
                        static_cast<std::size_t>(static_cast<std::ptrdiff_t>(c) + dc - lo)];
        };
        std::size_t usedCells = 0;
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c) {
                if (!used[r * cols + c]) continue;
                ++usedCells;
                for (std::ptrdiff_t dr = lo; dr <= hi; ++dr)
                    for (std::ptrdiff_t dc = lo; dc <= hi; ++dc) {
                        std::uint32_t& s = slotOf(c, r, dc, dr);
                        if (s != kNone) continue;
                        s = static_cast<std::uint32_t>(lx.size());
                        lx.push_back(minX + static_cast<double>(static_cast<std::ptrdiff_t>(c) + dc) * step);
                        ly.push_back(minY + static_cast<double>(static_cast<std::ptrdiff_t>(r) + dr) * step);
                    }
            }
        const std::size_t nodes = lx.size();
        if (nodes + usedCells > n / 4) return exact();  // the lattice would cost a quarter of the points
        // The centres of the used cells, to measure the interpolation error.
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c)
                if (used[r * cols + c]) {
                    lx.push_back(minX + (static_cast<double>(c) + 0.5) * step);
                    ly.push_back(minY + (static_cast<double>(r) + 0.5) * step);
                }
        apply(lx, ly, lok);  // nodes and centres through PROJ in one batch
        if (std::find(lok.begin(), lok.end(), 0) != lok.end()) return exact();
        auto interpolate = [&](std::size_t cell, double u, double v, double& ox, double& oy) {
            const std::size_t c = cell % cols, r = cell / cols;
            std::array<double, kMaxTaps> wu{}, wv{};
            weights(u, wu);
            weights(v, wv);
            double sx = 0, sy = 0;
            for (std::size_t j = 0; j < taps; ++j) {
                double rx = 0, ry = 0;
                for (std::size_t k = 0; k < taps; ++k) {
                    const std::uint32_t s = slotOf(c, r, lo + static_cast<std::ptrdiff_t>(k), lo + static_cast<std::ptrdiff_t>(j));
                    rx += wu[k] * lx[s];
                    ry += wu[k] * ly[s];
                }
                sx += wv[j] * rx;
                sy += wv[j] * ry;
            }
            ox = sx, oy = sy;
        };
        // Both interpolations err most at a cell's centre where the
        // transformation's leading error term is smooth; 0.8 leaves room for the rest.
        double worst = 0;
        std::size_t check = nodes;
        for (std::size_t cell = 0; cell < cols * rows; ++cell) {
            if (!used[cell]) continue;
            double ix = 0, iy = 0;
            interpolate(cell, 0.5, 0.5, ix, iy);
            worst = std::max(worst, std::hypot(ix - lx[check], iy - ly[check]));
            ++check;
        }
        if (worst > 0.8 * maxError) continue;
        ok.assign(n, 1);
        core::parallelRanges(n, n < 2 * kMinPoints ? 1 : 0, [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                double u = 0, v = 0;
                const std::size_t cell = cellOf(i, u, v);
                interpolate(cell, u, v, x[i], y[i]);
            }
        });
        return maxError;
    }
}

Crs chooseMetricCrs(const Crs& wardCrs, const core::Box& extentLonLat, const std::string& userChoice,
                    std::string& reason) {
    if (!userChoice.empty()) {
        if (wardCrs.empty())
            throw UsageError("--metric-crs " + userChoice +
                             ": the ward layer has no CRS to transform from; declare it with --wards-crs");
        Crs crs = Crs::fromUserInput(userChoice);
        if (!crs.isProjected()) throw UsageError("--metric-crs " + userChoice + " is not a projected CRS");
        reason = "chosen by the user";
        return crs;
    }
    if (wardCrs.empty()) {
        reason = "the ward layer has no CRS: planar geometry in the layer's own units; no areas, densities or "
                 "distances in metres (declare the layer's CRS with --wards-crs)";
        return wardCrs;
    }
    if (wardCrs.isProjected()) {
        reason = "the ward layer's own projected CRS";
        return wardCrs;
    }
    const double lon = (extentLonLat.minX + extentLonLat.maxX) / 2;
    const double lat = (extentLonLat.minY + extentLonLat.maxY) / 2;
    if (lon >= 102 && lon <= 110 && lat >= 8 && lat <= 24) {
        reason = "VN-2000 / UTM zone for the data's location";
        return Crs::fromUserInput(lon < 108 ? "EPSG:3405" : "EPSG:3406");
    }
    if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
        throw InputError("the ward layer's extent is not valid longitude/latitude; declare a metric CRS (--metric-crs)");
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180) / 6)) + 1, 1, 60);
    reason = "WGS 84 / UTM zone for the data's location";
    return Crs::fromUserInput("EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone));
}

}  // namespace wardscope::gis
