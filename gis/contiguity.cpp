#include "gis/contiguity.h"

#include <geos_c.h>

#include <algorithm>
#include <charconv>

#include "core/error.h"

namespace wardscope::gis {

namespace {

/// Metric-CRS GEOS copies of the wards, destroyed with the context.
class MetricGeos {
public:
    explicit MetricGeos(const WardLayer& wards) {
        m_ctx = GEOS_init_r();
        const auto toMetric = wards.metricTransform();
        for (std::size_t i = 0; i < wards.geometries.size(); ++i) {
            std::unique_ptr<OGRGeometry> metric = wards.geometry(i);
            if (!toMetric->identity() && metric->transform(toMetric->get()) != OGRERR_NONE)
                throw InputError("a ward cannot be transformed to " + wards.metricCrs.label());
            OGREnvelope e;
            metric->getEnvelope(&e);
            m_boxes.push_back({e.MinX, e.MinY, e.MaxX, e.MaxY});
            m_geoms.push_back(metric->exportToGEOS(m_ctx));
        }
    }
    ~MetricGeos() {
        for (auto* g : m_geoms) GEOSGeom_destroy_r(m_ctx, g);
        GEOS_finish_r(m_ctx);
    }
    MetricGeos(const MetricGeos&) = delete;
    MetricGeos& operator=(const MetricGeos&) = delete;

    GEOSContextHandle_t ctx() const { return m_ctx; }
    GEOSGeometry* geom(std::size_t i) const { return m_geoms[i]; }
    const core::Box& box(std::size_t i) const { return m_boxes[i]; }
    std::size_t size() const { return m_geoms.size(); }

private:
    GEOSContextHandle_t m_ctx;
    std::vector<GEOSGeometry*> m_geoms;
    std::vector<core::Box> m_boxes;
};

double lineLength(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    double length = 0;
    if (g) GEOSLength_r(ctx, g, &length);
    return length;
}

}  // namespace

std::vector<std::vector<std::int32_t>> contiguityNeighbours(const WardLayer& wards, ContiguityKind kind,
                                                            double snapMeters) {
    if (!(snapMeters >= 0)) throw UsageError("the snapping tolerance must be 0 or more metres");
    MetricGeos geos(wards);
    GEOSContextHandle_t ctx = geos.ctx();
    const std::size_t n = geos.size();
    // Candidate pairs by a sweep over envelopes sorted on minX.
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return geos.box(a).minX < geos.box(b).minX; });
    std::vector<std::vector<std::int32_t>> out(n);
    std::vector<GEOSGeometry*> boundaries(n, nullptr);
    std::vector<const GEOSPreparedGeometry*> prepared(n, nullptr);
    auto boundary = [&](std::size_t i) {
        if (!boundaries[i]) boundaries[i] = GEOSBoundary_r(ctx, geos.geom(i));
        return boundaries[i];
    };
    auto prep = [&](std::size_t i) {
        if (!prepared[i]) prepared[i] = GEOSPrepare_r(ctx, geos.geom(i));
        return prepared[i];
    };
    for (std::size_t a = 0; a < n; ++a) {
        const std::size_t i = order[a];
        const core::Box& bi = geos.box(i);
        for (std::size_t b = a + 1; b < n; ++b) {
            const std::size_t j = order[b];
            const core::Box& bj = geos.box(j);
            if (bj.minX > bi.maxX + snapMeters) break;
            if (bj.minY > bi.maxY + snapMeters || bj.maxY < bi.minY - snapMeters) continue;
            bool linked = false;
            if (snapMeters == 0) {
                if (GEOSPreparedIntersects_r(ctx, prep(i), geos.geom(j)) != 1) continue;
                if (kind == ContiguityKind::Queen) {
                    linked = true;
                } else {
                    GEOSGeometry* shared = GEOSIntersection_r(ctx, boundary(i), boundary(j));
                    linked = lineLength(ctx, shared) > 0;
                    if (shared) GEOSGeom_destroy_r(ctx, shared);
                }
            } else {
                double d = 0;
                if (GEOSPreparedDistance_r(ctx, prep(i), geos.geom(j), &d) != 1 || d > snapMeters) continue;
                if (kind == ContiguityKind::Queen) {
                    linked = true;
                } else {
                    GEOSGeometry* zone = GEOSBuffer_r(ctx, boundary(j), snapMeters, 8);
                    GEOSGeometry* shared = zone ? GEOSIntersection_r(ctx, boundary(i), zone) : nullptr;
                    linked = lineLength(ctx, shared) > 2 * snapMeters;
                    if (shared) GEOSGeom_destroy_r(ctx, shared);
                    if (zone) GEOSGeom_destroy_r(ctx, zone);
                }
            }
            if (linked) {
                out[i].push_back(static_cast<std::int32_t>(j));
                out[j].push_back(static_cast<std::int32_t>(i));
            }
        }
    }
    for (auto* p : prepared)
        if (p) GEOSPreparedGeom_destroy_r(ctx, p);
    for (auto* g : boundaries)
        if (g) GEOSGeom_destroy_r(ctx, g);
    for (auto& list : out) std::sort(list.begin(), list.end());
    return out;
}

std::vector<core::Point> representativePoints(const WardLayer& wards) {
    MetricGeos geos(wards);
    std::vector<core::Point> out;
    for (std::size_t i = 0; i < geos.size(); ++i) {
        GEOSGeometry* p = GEOSPointOnSurface_r(geos.ctx(), geos.geom(i));
        double x = 0, y = 0;
        GEOSGeomGetX_r(geos.ctx(), p, &x);
        GEOSGeomGetY_r(geos.ctx(), p, &y);
        GEOSGeom_destroy_r(geos.ctx(), p);
        out.push_back({x, y});
    }
    return out;
}

WeightsSpec WeightsSpec::parse(const std::string& text) {
    WeightsSpec s;
    auto number = [&](const std::string& v, double& out) {
        const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
        return ec == std::errc() && p == v.data() + v.size();
    };
    if (text == "queen") return s;
    if (text == "rook") {
        s.kind = Kind::Rook;
        return s;
    }
    const auto colon = text.find(':');
    const std::string head = text.substr(0, colon);
    const std::string arg = colon == std::string::npos ? "" : text.substr(colon + 1);
    double v = 0;
    if (head == "knn" && number(arg, v) && v >= 1 && v == static_cast<double>(static_cast<std::size_t>(v))) {
        s.kind = Kind::Knn;
        s.k = static_cast<std::size_t>(v);
        return s;
    }
    if (head == "file" && (arg.ends_with(".gal") || arg.ends_with(".gwt") || arg.ends_with(".GAL") || arg.ends_with(".GWT"))) {
        s.kind = Kind::File;
        s.path = arg;
        return s;
    }
    if (head == "distance" && arg == "auto") {
        s.kind = Kind::Distance;
        s.automatic = true;
        return s;
    }
    if (head == "distance" && number(arg, v) && v > 0) {
        s.kind = Kind::Distance;
        s.distanceMeters = v;
        return s;
    }
    throw UsageError("--weights '" + text + "': use queen, rook, knn:K, distance:METRES, distance:auto or file:PATH.gal|.gwt");
}

std::string WeightsSpec::label() const {
    switch (kind) {
        case Kind::Queen: return "queen";
        case Kind::Rook: return "rook";
        case Kind::Knn: return "knn:" + std::to_string(k);
        case Kind::Distance:
            return automatic ? "distance:auto" : "distance:" + std::to_string(static_cast<long long>(distanceMeters));
        case Kind::File: return "file:" + path;
    }
    return "queen";
}

}  // namespace wardscope::gis
