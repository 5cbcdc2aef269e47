#pragma once
// Reading TSPLIB instances: node coordinates (NODE_COORD_SECTION of an EUC_2D
// instance) and capacitated vehicle routing instances (CVRPLIB).
#include <istream>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

/// The coordinates of a TSPLIB instance, in node order; lines outside
/// NODE_COORD_SECTION (and the EOF marker) are skipped.
std::vector<Point> readTsplibCoordinates(std::istream& in);

/// A CVRP instance: EUC_2D coordinates, each node's demand, the vehicles'
/// capacity and the depot (0-based).
struct CvrpInstance {
    std::vector<Point> points;
    std::vector<double> demand;
    double capacity = 0;
    std::size_t depot = 0;
};

/// Reads NODE_COORD_SECTION, DEMAND_SECTION, DEPOT_SECTION and CAPACITY; throws
/// InputError when the sections disagree in size or the depot is not a node.
CvrpInstance readCvrp(std::istream& in);

}  // namespace wardscope::core
