// Join correctness: wardscope's point-in-polygon + tolerance join against a
// brute-force GEOS reference on the real Hai Phong 2025 wards.
#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/random.h"
#include "gis/ward_join.h"
#include "test_support.h"

using namespace wardscope;

namespace {

class GeosReference {
public:
    explicit GeosReference(const gis::WardLayer& wards) {
        m_ctx = GEOS_init_r();
        gis::Transform toMetric(wards.crs, wards.metricCrs);
        for (std::size_t i = 0; i < wards.wards.size(); ++i) {
            const std::unique_ptr<OGRGeometry> g = wards.geometry(i);
            GEOSGeometry* geom = g->exportToGEOS(m_ctx);
            m_geoms.push_back(geom);
            m_prepared.push_back(GEOSPrepare_r(m_ctx, geom));
            OGREnvelope e;
            g->getEnvelope(&e);
            m_boxes.push_back(e);
            std::unique_ptr<OGRGeometry> metric(g->clone());
            metric->transform(toMetric.get());
            OGREnvelope me;
            metric->getEnvelope(&me);
            m_metricBoxes.push_back(me);
            m_metric.push_back(metric->exportToGEOS(m_ctx));
            m_metricPrepared.push_back(GEOSPrepare_r(m_ctx, m_metric.back()));
        }
    }
    ~GeosReference() {
        for (auto* p : m_prepared) GEOSPreparedGeom_destroy_r(m_ctx, p);
        for (auto* g : m_geoms) GEOSGeom_destroy_r(m_ctx, g);
        for (auto* p : m_metricPrepared) GEOSPreparedGeom_destroy_r(m_ctx, p);
        for (auto* g : m_metric) GEOSGeom_destroy_r(m_ctx, g);
        GEOS_finish_r(m_ctx);
    }
    /// Wards that contain p (interior), and wards that intersect p (interior or boundary).
    void classify(core::Point p, std::vector<int>& contains, std::vector<int>& intersects) const {
        contains.clear();
        intersects.clear();
        GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(m_ctx, p.x, p.y);
        for (std::size_t i = 0; i < m_geoms.size(); ++i) {
            const auto& b = m_boxes[i];
            if (p.x < b.MinX || p.x > b.MaxX || p.y < b.MinY || p.y > b.MaxY) continue;
            if (GEOSPreparedContains_r(m_ctx, m_prepared[i], pt) == 1) contains.push_back(static_cast<int>(i));
            if (GEOSPreparedIntersects_r(m_ctx, m_prepared[i], pt) == 1) intersects.push_back(static_cast<int>(i));
        }
        GEOSGeom_destroy_r(m_ctx, pt);
    }
    /// Distance in metres from a metric point to every ward; wards whose box is
    /// farther than `horizon` get +infinity (they cannot be the nearest within it).
    std::vector<double> distances(core::Point metric, double horizon) const {
        std::vector<double> d;
        GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(m_ctx, metric.x, metric.y);
        for (std::size_t i = 0; i < m_metric.size(); ++i) {
            const auto& b = m_metricBoxes[i];
            double v = std::numeric_limits<double>::infinity();
            if (metric.x >= b.MinX - horizon && metric.x <= b.MaxX + horizon && metric.y >= b.MinY - horizon &&
                metric.y <= b.MaxY + horizon)
                GEOSPreparedDistance_r(m_ctx, m_metricPrepared[i], pt, &v);
            d.push_back(v);
        }
        GEOSGeom_destroy_r(m_ctx, pt);
        return d;
    }

private:
    GEOSContextHandle_t m_ctx;
    std::vector<GEOSGeometry*> m_geoms;
    std::vector<const GEOSPreparedGeometry*> m_prepared;
    std::vector<OGREnvelope> m_boxes;
    std::vector<GEOSGeometry*> m_metric;
    std::vector<const GEOSPreparedGeometry*> m_metricPrepared;
    std::vector<OGREnvelope> m_metricBoxes;
};

struct Tally {
    long interior = 0, boundary = 0, overlap = 0, snapped = 0, outside = 0;
};

}  // namespace

TEST(JoinVsGeos, HaiPhongWardsOnRandomAndAdversarialPoints) {
    gis::WardLayerOptions options;
    options.path = test::bundledWards();
    options.idField = "code";
    const gis::WardLayer wards = gis::loadWardLayer(options);
    ASSERT_EQ(wards.wards.size(), 114u);
    const gis::Crs lonlat = gis::Crs::fromUserInput("EPSG:4326");
    gis::WardJoiner joiner(wards, lonlat, gis::JoinOptions{50.0});
    GeosReference reference(wards);
    gis::Transform toMetric(wards.crs, wards.metricCrs);

    std::vector<core::Point> points;
    core::Random rng(20251128);
    const core::Box& e = wards.extentLonLat;
    for (int i = 0; i < 100000; ++i) points.push_back({rng.uniform(e.minX, e.maxX), rng.uniform(e.minY, e.maxY)});
    // Exactly on boundaries: ring vertices (shared and outer), and edge midpoints.
    for (int i = 0; i < 4000; ++i) {
        const auto& shape = wards.shapes()[rng.below(wards.shapes().size())];
        const auto& ring = shape.rings[rng.below(shape.rings.size())];
        const std::size_t k = rng.below(ring.size());
        const core::Point a = ring[k], b = ring[(k + 1) % ring.size()];
        points.push_back(i % 2 == 0 ? a : core::Point{(a.x + b.x) / 2, (a.y + b.y) / 2});
        // Near the boundary: within and beyond the 50 m tolerance (1e-3 degree is about 100 m).
        points.push_back({a.x + rng.uniform(-1e-3, 1e-3), a.y + rng.uniform(-1e-3, 1e-3)});
    }
    points.push_back({106.793, 20.691});   // in the hole of Phường Đồ Sơn
    points.push_back({105.8542, 21.0285});  // Hanoi: far outside
    points.push_back({107.7270, 20.1320});  // near Bạch Long Vĩ

    Tally tally;
    std::vector<int> contains, intersects;
    for (const core::Point& p : points) {
        reference.classify(p, contains, intersects);
        core::RecordLocation loc;
        loc.hasPoint = true;
        loc.x = p.x;
        loc.y = p.y;
        const gis::JoinOutcome got = joiner.join(loc);
        if (!contains.empty()) {
            if (contains.size() == 1 && intersects.size() == 1) {
                ++tally.interior;
                ASSERT_EQ(got.ward, contains[0]) << p.x << " " << p.y;
                ASSERT_FALSE(got.snapped);
            } else {
                ++tally.overlap;  // overlap of two wards, or interior of one and boundary of another
                ASSERT_TRUE(std::find(intersects.begin(), intersects.end(), got.ward) != intersects.end())
                    << p.x << " " << p.y;
            }
        } else if (!intersects.empty()) {
            ++tally.boundary;  // exactly on a boundary: exactly one of the touching wards
            ASSERT_TRUE(std::find(intersects.begin(), intersects.end(), got.ward) != intersects.end())
                << p.x << " " << p.y;
            // On the outer boundary: joined as the nearest ward at (numerically) zero
            // distance; transforming the point and the polygon separately leaves < 1 mm.
            if (got.snapped) {
                ASSERT_LT(got.snapDistanceMeters, 1e-3);
            }
        } else {
            core::Point m = p;
            ASSERT_TRUE(toMetric.apply(m));
            const auto d = reference.distances(m, 100.0);
            const double nearest = *std::min_element(d.begin(), d.end());
            if (std::abs(nearest - 50.0) < 1e-6) continue;  // too close to the limit to judge
            if (nearest <= 50.0) {
                ++tally.snapped;
                ASSERT_GE(got.ward, 0) << p.x << " " << p.y;
                ASSERT_TRUE(got.snapped);
                ASSERT_NEAR(d[static_cast<std::size_t>(got.ward)], nearest, 1e-6);
            } else {
                ++tally.outside;
                ASSERT_LT(got.ward, 0);
                ASSERT_TRUE(got.reject.has_value());
                ASSERT_EQ(*got.reject, core::RejectReason::OutsideStudyArea);
            }
        }
    }
    // The batch join (grid-ordered lookups, used for CSV blocks) gives exactly the
    // outcomes of joining one by one, including rejects and joins by code or name.
    std::vector<core::RecordLocation> locations;
    for (const core::Point& p : points) locations.push_back({true, p.x, p.y, {}, {}});
    locations.push_back({true, 20.86, 106.68, {}, {}});     // lat/lon swapped
    locations.push_back({true, 106.68, 95.0, {}, {}});      // latitude out of range
    locations.push_back({false, 0, 0, wards.wards[3].code, {}});
    locations.push_back({false, 0, 0, {}, wards.wards[5].name});
    locations.push_back({false, 0, 0, "no-such-code", {}});
    std::vector<gis::JoinOutcome> batch;
    joiner.joinAll(locations, batch);
    ASSERT_EQ(batch.size(), locations.size());
    for (std::size_t i = 0; i < locations.size(); ++i) {
        const gis::JoinOutcome one = joiner.join(locations[i]);
        ASSERT_EQ(batch[i].ward, one.ward) << i;
        ASSERT_EQ(batch[i].reject, one.reject) << i;
        ASSERT_EQ(batch[i].message, one.message) << i;
        ASSERT_EQ(batch[i].snapped, one.snapped) << i;
        ASSERT_EQ(batch[i].snapDistanceMeters, one.snapDistanceMeters) << i;
        ASSERT_EQ(batch[i].byCode, one.byCode) << i;
        ASSERT_EQ(batch[i].byName, one.byName) << i;
        ASSERT_EQ(batch[i].layerPoint.has_value(), one.layerPoint.has_value()) << i;
    }
    EXPECT_EQ(batch[points.size()].reject, core::RejectReason::SwappedLatLon);
    EXPECT_EQ(batch[points.size() + 1].reject, core::RejectReason::CoordinateOutOfRange);
    EXPECT_TRUE(batch[points.size() + 2].byCode);
    EXPECT_TRUE(batch[points.size() + 3].byName);
    EXPECT_EQ(batch[points.size() + 3].ward, 5);
    EXPECT_EQ(batch[points.size() + 4].reject, core::RejectReason::UnknownWardCode);

    // The sample must exercise every case.
    EXPECT_GT(tally.interior, 15000);  // the extent includes much sea
    EXPECT_GT(tally.boundary, 1000);
    EXPECT_GT(tally.snapped, 100);
    EXPECT_GT(tally.outside, 10000);
    RecordProperty("interior", static_cast<int>(tally.interior));
    RecordProperty("boundary", static_cast<int>(tally.boundary));
    RecordProperty("snapped", static_cast<int>(tally.snapped));
}

TEST(JoinVsGeos, DetachedIslandPartsOfCatHai) {
    gis::WardLayerOptions options;
    options.path = test::bundledWards();
    options.idField = "code";
    const gis::WardLayer wards = gis::loadWardLayer(options);
    gis::WardJoiner joiner(wards, gis::Crs::fromUserInput("EPSG:4326"), gis::JoinOptions{50.0});
    std::size_t catHai = 0;
    while (wards.wards[catHai].code != "11914") ++catHai;
    const std::unique_ptr<OGRGeometry> catHaiGeometry = wards.geometry(catHai);
    const auto* multi = catHaiGeometry->toMultiPolygon();
    ASSERT_EQ(multi->getNumGeometries(), 158);
    GEOSContextHandle_t ctx = GEOS_init_r();
    for (const auto* part : *multi) {
        GEOSGeometry* g = part->exportToGEOS(ctx);
        GEOSGeometry* inside = GEOSPointOnSurface_r(ctx, g);
        double x = 0, y = 0;
        GEOSGeomGetX_r(ctx, inside, &x);
        GEOSGeomGetY_r(ctx, inside, &y);
        EXPECT_EQ(joiner.locateInLayerCrs({x, y}), static_cast<std::int32_t>(catHai));
        GEOSGeom_destroy_r(ctx, inside);
        GEOSGeom_destroy_r(ctx, g);
    }
    GEOS_finish_r(ctx);
}
