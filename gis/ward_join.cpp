#include "gis/ward_join.h"

#include <geos_c.h>

#include <cmath>
#include <mutex>

#include "core/error.h"
#include "core/unicode.h"

namespace wardscope::gis {

/// Metric-CRS GEOS geometries, prepared lazily, for the nearest-ward fallback.
struct WardJoiner::Geos {
    GEOSContextHandle_t ctx = nullptr;
    std::vector<GEOSGeometry*> geometries;
    std::vector<const GEOSPreparedGeometry*> prepared;
    std::vector<core::Box> boxes;
    std::mutex mutex;  // GEOS prepared geometries initialise lazily; not thread-safe

    ~Geos() {
        for (auto* p : prepared)
            if (p) GEOSPreparedGeom_destroy_r(ctx, p);
        for (auto* g : geometries)
            if (g) GEOSGeom_destroy_r(ctx, g);
        if (ctx) GEOS_finish_r(ctx);
    }
};

WardJoiner::WardJoiner(const WardLayer& wards, const Crs& recordCrs, JoinOptions options)
    : m_wards(wards), m_options(options), m_recordsGeographic(recordCrs.isGeographic()) {
    m_index.build(wards.shapes);
    std::vector<std::string> codes, names, fullNames;
    for (const auto& w : wards.wards) {
        codes.push_back(w.code);
        names.push_back(w.name);
        fullNames.push_back(w.fullName);
    }
    m_directory.build(codes, names, fullNames);
    m_toLayer = std::make_unique<Transform>(recordCrs.empty() ? wards.crs : recordCrs, wards.crs);
    m_toMetric = std::make_unique<Transform>(wards.crs, wards.metricCrs);

    m_geos = std::make_unique<Geos>();
    m_geos->ctx = GEOS_init_r();
    Transform toMetric(wards.crs, wards.metricCrs);
    for (const auto& g : wards.geometries) {
        std::unique_ptr<OGRGeometry> metric(g->clone());
        if (!toMetric.identity()) metric->transform(toMetric.get());
        OGREnvelope env;
        metric->getEnvelope(&env);
        m_geos->boxes.push_back({env.MinX, env.MinY, env.MaxX, env.MaxY});
        m_geos->geometries.push_back(metric->exportToGEOS(m_geos->ctx));
        m_geos->prepared.push_back(nullptr);
    }
}

WardJoiner::~WardJoiner() = default;

std::int32_t WardJoiner::nearestWithin(core::Point p, double maxMeters, double& distance) const {
    std::lock_guard lock(m_geos->mutex);
    GEOSContextHandle_t ctx = m_geos->ctx;
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx, p.x, p.y);
    std::int32_t best = -1;
    double bestDistance = maxMeters;
    for (std::size_t i = 0; i < m_geos->geometries.size(); ++i) {
        const core::Box& b = m_geos->boxes[i];
        if (p.x < b.minX - maxMeters || p.x > b.maxX + maxMeters || p.y < b.minY - maxMeters || p.y > b.maxY + maxMeters)
            continue;
        if (!m_geos->geometries[i]) continue;
        if (!m_geos->prepared[i]) m_geos->prepared[i] = GEOSPrepare_r(ctx, m_geos->geometries[i]);
        double d = 0;
        if (GEOSPreparedDistance_r(ctx, m_geos->prepared[i], point, &d) == 1 && d <= bestDistance) {
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
        if (latOutOfRange && m_toLayer->apply(swapped) && m_index.locate(swapped) >= 0) {
            out.reject = core::RejectReason::SwappedLatLon;
            out.message = "lon/lat look swapped: lat " + std::to_string(loc.y) + " is impossible, and (" +
                          std::to_string(loc.y) + ", " + std::to_string(loc.x) + ") falls in ward " +
                          m_wards.wards[static_cast<std::size_t>(m_index.locate(swapped))].code;
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
    out.ward = m_index.locate(p);
    if (out.ward < 0) {
        core::Point metric = p;
        double distance = 0;
        if (m_toMetric->apply(metric)) {
            out.ward = nearestWithin(metric, m_options.toleranceMeters, distance);
        }
        if (out.ward >= 0) {
            out.snapped = true;
            out.snapDistanceMeters = distance;
        } else {
            // Swapped lat/lon: the point is nowhere, but its mirror is in a ward.
            core::Point swapped{loc.y, loc.x};
            if (m_recordsGeographic && std::abs(loc.y) <= 180 && std::abs(loc.x) <= 90 && m_toLayer->apply(swapped) &&
                m_index.locate(swapped) >= 0) {
                out.reject = core::RejectReason::SwappedLatLon;
                out.message = "lon/lat look swapped: (" + std::to_string(loc.y) + ", " + std::to_string(loc.x) +
                              ") would fall in ward " + m_wards.wards[static_cast<std::size_t>(m_index.locate(swapped))].code;
            } else {
                out.reject = core::RejectReason::OutsideStudyArea;
                out.message = "point is more than " + std::to_string(static_cast<long>(m_options.toleranceMeters)) +
                              " m from every ward";
            }
            return out;
        }
    }
    if (!loc.wardCode.empty() && m_wards.wards[static_cast<std::size_t>(out.ward)].code != loc.wardCode)
        out.codeMismatch = true;
    return out;
}

JoinOutcome WardJoiner::join(const core::RecordLocation& loc) const {
    if (loc.hasPoint) return joinPoint(loc);
    JoinOutcome out;
    if (!loc.wardCode.empty()) {
        out.ward = m_directory.findCode(loc.wardCode);
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
    const core::WardNameMatch match = m_directory.findName(loc.wardName);
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
                const auto& w = m_wards.wards[static_cast<std::size_t>(c)];
                out.message += " " + (w.fullName.empty() ? w.name : w.fullName) + " (" + w.code + ");";
            }
            out.message.pop_back();
            break;
        }
    }
    return out;
}

}  // namespace wardscope::gis
