#pragma once
// Places record locations in wards: exact point-in-polygon (core::PolygonIndex)
// in the ward layer's CRS, then the nearest ward within a tolerance (GEOS
// distance in the metric CRS), then lookup by ward code or name.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/polygon_index.h"
#include "core/records.h"
#include "core/ward_directory.h"
#include "gis/crs.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct JoinOptions {
    double toleranceMeters = 50;  ///< nearest ward within this distance is accepted, flagged
};

struct JoinOutcome {
    std::int32_t ward = -1;
    std::optional<core::RejectReason> reject;
    std::string message;
    bool snapped = false;          ///< outside every ward, joined to the nearest within tolerance
    double snapDistanceMeters = 0;
    bool codeMismatch = false;     ///< the record's ward code names another ward
    bool byCode = false;
    bool byName = false;
    /// Joined by a name that, before the July 2025 reform, was another unit's
    /// (now part of other wards): a record from before then may mean that one.
    bool nameReused = false;
    std::optional<core::Point> layerPoint;  ///< the record's point in the ward layer's CRS
};

/// Build once (index, name directory), then join from any number of threads:
/// each thread uses its own joiner from cloneForThread(), which shares the index
/// and has its own coordinate transformations (PROJ objects are per thread).
class WardJoiner {
public:
    WardJoiner(const WardLayer& wards, const Crs& recordCrs, JoinOptions options);
    ~WardJoiner();
    WardJoiner(const WardJoiner&) = delete;
    WardJoiner& operator=(const WardJoiner&) = delete;

    [[nodiscard]] std::unique_ptr<WardJoiner> cloneForThread() const;

    /// The wards of the layer (JoinOutcome::ward is below it).
    [[nodiscard]] std::size_t wardCount() const;

    /// Joins one record location (coordinates in the record CRS).
    [[nodiscard]] JoinOutcome join(const core::RecordLocation& location) const;

    /// Joins many locations; the same outcomes as join() one by one, but the
    /// point-in-polygon lookups run in the index's grid order, which walks the
    /// index in memory order (about 3x faster on 20,000 wards). `out` is resized.
    void joinAll(std::span<const core::RecordLocation> locations, std::vector<JoinOutcome>& out) const;

    /// Ward holding a point given in the ward layer's CRS, or -1 (no tolerance).
    [[nodiscard]] std::int32_t locateInLayerCrs(core::Point p) const;

    /// Nearest ward within maxMeters of a point (given in the layer and in the
    /// metric CRS), or -1; the distance is measured in the metric CRS.
    [[nodiscard]] std::int32_t nearestWithin(core::Point layerPoint, core::Point metricPoint, double maxMeters,
                                             double& distance) const;

private:
    struct Shared;
    struct CloneTag {};
    WardJoiner(std::shared_ptr<Shared> shared, const Crs& recordCrs);
    WardJoiner(const WardJoiner& original, CloneTag);
    JoinOutcome joinPoint(const core::RecordLocation& location) const;
    /// The point in the layer CRS, or false with `out` holding the reject.
    bool toLayer(const core::RecordLocation& location, core::Point& p, JoinOutcome& out) const;
    /// Completes a point join once its ward (or -1) is known.
    void finishPoint(const core::RecordLocation& location, core::Point p, std::int32_t ward, JoinOutcome& out) const;
    JoinOutcome joinByName(const core::RecordLocation& location) const;

    std::shared_ptr<Shared> m_shared;
    Crs m_recordCrs;
    bool m_recordsGeographic;
    std::unique_ptr<Transform> m_toLayer;
    /// To the metric CRS, made on first use (only points outside every ward need
    /// it; a layer from the cache may still be making it when the join starts).
    [[nodiscard]] const Transform& toMetric() const;
    mutable std::unique_ptr<Transform> m_toMetric;
    // joinAll's buffers, kept between calls (a joiner serves one thread).
    mutable std::vector<core::Point> m_scratchPoints;
    mutable std::vector<std::uint32_t> m_scratchLocated;  ///< rows with a point in the layer CRS
    mutable std::vector<std::int32_t> m_scratchWards;
    mutable core::PolygonIndex::BatchScratch m_batch;
};

}  // namespace wardscope::gis
