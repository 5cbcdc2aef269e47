#include "gis/ward_join.h"

#include <geos_c.h>

#include <cmath>
#include <mutex>

#include "core/error.h"
#include "core/unicode.h"

namespace wardscope::gis {

/// What all threads share: the index, the names, and metric-CRS GEOS geometries
/// for the nearest-ward fallback (built on first use, under a mutex, because
/// GEOS prepared geometries initialise lazily and are not thread-safe).
struct WardJoiner::Shared {
    const WardLayer& wards;
    JoinOptions options;
    core::PolygonIndex index;
    core::WardDirectory directory;
    std::mutex mutex;
    bool geosReady = false;
    GEOSContextHandle_t ctx = nullptr;
    std::vector<GEOSGeometry*> geometries;
    std::vector<const GEOSPreparedGeometry*> prepared;
    std::vector<core::Box> boxes;

    Shared(const WardLayer& w, JoinOptions o) : wards(w), options(o) {}
    ~Shared() {
        for (auto* p : prepared)
            if (p) GEOSPreparedGeom_destroy_r(ctx, p);
        for (auto* g : geometries)
            if (g) GEOSGeom_destroy_r(ctx, g);
        if (ctx) GEOS_finish_r(ctx);
    }

    void prepareGeos() {  // caller holds the mutex
        if (geosReady) return;
        ctx = GEOS_init_r();
        Transform toMetric(wards.crs, wards.metricCrs);
        for (const auto& g : wards.geometries) {
            std::unique_ptr<OGRGeometry> metric(g->clone());
            if (!toMetric.identity()) metric->transform(toMetric.get());
            OGREnvelope env;
            metric->getEnvelope(&env);
            boxes.push_back({env.MinX, env.MinY, env.MaxX, env.MaxY});
            geometries.push_back(metric->exportToGEOS(ctx));
            prepared.push_back(nullptr);
        }
        geosReady = true;
    }
};

WardJoiner::WardJoiner(const WardLayer& wards, const Crs& recordCrs, JoinOptions options)
    : WardJoiner(std::make_shared<Shared>(wards, options), recordCrs) {
    m_shared->index.build(wards.shapes);
    std::vector<std::string> codes, names, fullNames;
    for (const auto& w : wards.wards) {
        codes.push_back(w.code);
        names.push_back(w.name);
        fullNames.push_back(w.fullName);
    }
    m_shared->directory.build(codes, names, fullNames);
}

WardJoiner::WardJoiner(std::shared_ptr<Shared> shared, const Crs& recordCrs)
    : m_shared(std::move(shared)), m_recordCrs(recordCrs), m_recordsGeographic(recordCrs.isGeographic()) {
    const WardLayer& wards = m_shared->wards;
    m_toLayer = std::make_unique<Transform>(recordCrs.empty() ? wards.crs : recordCrs, wards.crs);
    m_toMetric = std::make_unique<Transform>(wards.crs, wards.metricCrs);
}

WardJoiner::~WardJoiner() = default;

std::unique_ptr<WardJoiner> WardJoiner::cloneForThread() const {
    return std::unique_ptr<WardJoiner>(new WardJoiner(m_shared, m_recordCrs));
}

std::int32_t WardJoiner::locateInLayerCrs(core::Point p) const { return m_shared->index.locate(p); }

std::int32_t WardJoiner::nearestWithin(core::Point p, double maxMeters, double& distance) const {
    Shared& sh = *m_shared;
    std::lock_guard lock(sh.mutex);
    sh.prepareGeos();
    GEOSContextHandle_t ctx = sh.ctx;
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx, p.x, p.y);
    std::int32_t best = -1;
    double bestDistance = maxMeters;
    for (std::size_t i = 0; i < sh.geometries.size(); ++i) {
        const core::Box& b = sh.boxes[i];
        if (p.x < b.minX - maxMeters || p.x > b.maxX + maxMeters || p.y < b.minY - maxMeters || p.y > b.maxY + maxMeters)
            continue;
        if (!sh.geometries[i]) continue;
        if (!sh.prepared[i]) sh.prepared[i] = GEOSPrepare_r(ctx, sh.geometries[i]);
        double d = 0;
        if (GEOSPreparedDistance_r(ctx, sh.prepared[i], point, &d) == 1 && d <= bestDistance) {
            if (best < 0 || d < bestDistance) {
                best = static_cast<std::int32_t>(i);
                bestDistance = d;
            }
        }
    }
    GEOSGeom_destroy_r(ctx, point);
    distance = bestDistance;
    return best;
}

JoinOutcome WardJoiner::joinPoint(const core::RecordLocation& loc) const {
    JoinOutcome out;
    core::Point p{loc.x, loc.y};
    const bool latOutOfRange = m_recordsGeographic && std::abs(loc.y) > 90.0;
    if (latOutOfRange || !m_toLayer->apply(p)) {
        core::Point swapped{loc.y, loc.x};
        if (latOutOfRange && m_toLayer->apply(swapped) && m_shared->index.locate(swapped) >= 0) {
            out.reject = core::RejectReason::SwappedLatLon;
            out.message = "lon/lat look swapped: lat " + std::to_string(loc.y) + " is impossible, and (" +
                          std::to_string(loc.y) + ", " + std::to_string(loc.x) + ") falls in ward " +
                          m_shared->wards.wards[static_cast<std::size_t>(m_shared->index.locate(swapped))].code;
            return out;
        }
        if (latOutOfRange) {
            out.reject = core::RejectReason::CoordinateOutOfRange;
            out.message = "latitude " + std::to_string(loc.y) + " is out of range";
            return out;
        }
        out.reject = core::RejectReason::TransformFailed;
        out.message = "coordinates cannot be transformed to the ward layer's CRS";
        return out;
    }
    out.ward = m_shared->index.locate(p);
    if (out.ward < 0) {
        core::Point metric = p;
        double distance = 0;
        if (m_toMetric->apply(metric)) {
            out.ward = nearestWithin(metric, m_shared->options.toleranceMeters, distance);
        }
        if (out.ward >= 0) {
            out.snapped = true;
            out.snapDistanceMeters = distance;
        } else {
            // Swapped lat/lon: the point is nowhere, but its mirror is in a ward.
            core::Point swapped{loc.y, loc.x};
            if (m_recordsGeographic && std::abs(loc.y) <= 180 && std::abs(loc.x) <= 90 && m_toLayer->apply(swapped) &&
                m_shared->index.locate(swapped) >= 0) {
                out.reject = core::RejectReason::SwappedLatLon;
                out.message = "lon/lat look swapped: (" + std::to_string(loc.y) + ", " + std::to_string(loc.x) +
                              ") would fall in ward " + m_shared->wards.wards[static_cast<std::size_t>(m_shared->index.locate(swapped))].code;
            } else {
                out.reject = core::RejectReason::OutsideStudyArea;
                out.message = "point is more than " + std::to_string(static_cast<long>(m_shared->options.toleranceMeters)) +
                              " m from every ward";
            }
            return out;
        }
    }
    if (!loc.wardCode.empty() && m_shared->wards.wards[static_cast<std::size_t>(out.ward)].code != loc.wardCode)
        out.codeMismatch = true;
    out.layerPoint = p;
    return out;
}

JoinOutcome WardJoiner::join(const core::RecordLocation& loc) const {
    if (loc.hasPoint) return joinPoint(loc);
    JoinOutcome out;
    if (!loc.wardCode.empty()) {
        out.ward = m_shared->directory.findCode(loc.wardCode);
        if (out.ward >= 0) {
            out.byCode = true;
            return out;
        }
        if (loc.wardName.empty()) {
            out.reject = core::RejectReason::UnknownWardCode;
            out.message = "no ward has code '" + loc.wardCode + "'";
            return out;
        }
    }
    const core::WardNameMatch match = m_shared->directory.findName(loc.wardName);
    switch (match.kind) {
        case core::WardNameMatch::Kind::Found:
            out.ward = match.ward;
            out.byName = true;
            break;
        case core::WardNameMatch::Kind::Unknown:
            out.reject = loc.wardCode.empty() ? core::RejectReason::UnknownWardName : core::RejectReason::UnknownWardCode;
            out.message = "no ward named '" + loc.wardName + "'" +
                          (loc.wardCode.empty() ? "" : " and no ward has code '" + loc.wardCode + "'");
            break;
        case core::WardNameMatch::Kind::Ambiguous: {
            out.reject = core::RejectReason::AmbiguousWardName;
            out.message = "ward name '" + loc.wardName + "' matches several wards:";
            for (auto c : match.candidates) {
                const auto& w = m_shared->wards.wards[static_cast<std::size_t>(c)];
                out.message += " " + (w.fullName.empty() ? w.name : w.fullName) + " (" + w.code + ");";
            }
            out.message.pop_back();
            break;
        }
    }
    return out;
}

}  // namespace wardscope::gis
