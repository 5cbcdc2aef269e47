#pragma once
// Named points from a CSV (lon/lat or x/y columns, Vietnamese headers too) or
// a point layer: route stops, campaign site candidates.
#include <string>
#include <vector>

#include "core/geometry.h"

namespace wardscope::gis {

struct NamedPoint {
    std::string id, name;
    core::Point lonLat;   ///< WGS 84
    std::string address;  ///< where to find it, when the file says
};

/// Reads "file[:layer]"; CSV coordinates are in `csvCrs` (a layer's own CRS
/// wins); every point is returned in WGS 84. Headers are matched as record
/// headers are (any case, with or without diacritics): ids from stop_id, id,
/// Mã, Mã điểm, Mã cơ sở, code or ward_code (else the row number), names from
/// name, Tên, Tên cơ sở, Tên điểm, ward_full_name or ward_name, addresses from
/// address or Địa chỉ (docs/formats.md, "Stops"). Throws InputError naming the
/// row of a missing or non-finite point.
std::vector<NamedPoint> readNamedPoints(const std::string& path, const std::string& csvCrs);

}  // namespace wardscope::gis
