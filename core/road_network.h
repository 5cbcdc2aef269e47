#pragma once
// Shortest paths over a road network (Boost.Graph Dijkstra) for inspection
// routes: the lines' vertices are the nodes (vertices closer than a snapping
// tolerance are one node, so lines that meet connect), segments are the edges,
// weighted by their length. Stops join the network at their nearest node; the
// straight connector from the stop to that node is counted in the distance.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/geometry.h"
#include "core/routing.h"

namespace wardscope::core {

class RoadNetwork {
public:
    /// `lines` in a metric CRS; vertices within `snapMeters` are merged.
    explicit RoadNetwork(const std::vector<std::vector<Point>>& lines, double snapMeters = 0.5);
    ~RoadNetwork();
    RoadNetwork(const RoadNetwork&) = delete;
    RoadNetwork& operator=(const RoadNetwork&) = delete;

    [[nodiscard]] std::size_t nodes() const;
    [[nodiscard]] std::size_t edges() const;
    /// The node nearest to p and its distance.
    [[nodiscard]] std::pair<std::size_t, double> nearestNode(Point p) const;
    [[nodiscard]] Point node(std::size_t i) const;

    /// Network distances between the points (connectors included); pairs in
    /// different components get infinity. One Dijkstra per point.
    [[nodiscard]] DistanceMatrix distances(const std::vector<Point>& pts) const;
    /// The path from a to b: a, the network nodes, b.
    [[nodiscard]] std::vector<Point> path(Point a, Point b) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace wardscope::core
