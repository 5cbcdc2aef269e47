#pragma once
// Reading TSPLIB node coordinates (NODE_COORD_SECTION of an EUC_2D instance).
#include <istream>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

/// The coordinates of a TSPLIB instance, in node order; lines outside
/// NODE_COORD_SECTION (and the EOF marker) are skipped.
std::vector<Point> readTsplibCoordinates(std::istream& in);

}  // namespace wardscope::core
