#pragma once
// Named points from a CSV (lon/lat or x/y columns, Vietnamese headers too) or
// a point layer: route stops, campaign site candidates.
#include <string>
#include <vector>

#include "core/geometry.h"

namespace wardscope::gis {

struct NamedPoint {
    std::string id, name;
    core::Point lonLat;  ///< WGS 84
};

/// Reads "file[:layer]"; CSV coordinates are in `csvCrs` (a layer's own CRS
/// wins); every point is returned in WGS 84. Ids come from stop_id, id, ma,
/// code or ward_code (else the row number), names from name, ten, tên,
/// ward_full_name, ward_name, address or dia_chi. Throws InputError naming the
/// row of a missing or non-finite point.
std::vector<NamedPoint> readNamedPoints(const std::string& path, const std::string& csvCrs);

}  // namespace wardscope::gis
