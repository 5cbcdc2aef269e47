#pragma once
// Spatial weights built from ward geometry with GEOS, in the metric CRS.
#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/weights.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

enum class ContiguityKind { Queen, Rook };

/// Queen: wards whose polygons are within `snapMeters` of each other (touching
/// at a point is enough). Rook: wards that share more than 2 x snapMeters of
/// boundary (with snapMeters = 0: a shared boundary of length > 0). Computed in
/// the layer's metric CRS, so the tolerance is in metres (planar units for a
/// layer without CRS).
std::vector<std::vector<std::int32_t>> contiguityNeighbours(const WardLayer& wards, ContiguityKind kind,
                                                            double snapMeters);

/// One representative point per ward in the metric CRS: GEOS PointOnSurface,
/// which always lies inside the ward (unlike a centroid of a ring or archipelago).
std::vector<core::Point> representativePoints(const WardLayer& wards);

/// A weights specification from the command line: "queen", "rook", "knn:K",
/// "distance:METRES", "distance:auto", or "file:PATH.gal|PATH.gwt" (GeoDa files,
/// ids = the ward ids; the links are used as binary neighbours).
struct WeightsSpec {
    enum class Kind { Queen, Rook, Knn, Distance, File } kind = Kind::Queen;
    std::string path;
    std::size_t k = 0;
    double distanceMeters = 0;  ///< 0 with `automatic`
    bool automatic = false;
    static WeightsSpec parse(const std::string& text);  ///< throws UsageError
    [[nodiscard]] std::string label() const;
};

}  // namespace wardscope::gis
