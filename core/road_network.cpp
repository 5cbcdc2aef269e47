#include "core/road_network.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/error.h"

namespace wardscope::core {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, double>>;

struct RoadNetwork::Impl {
    Graph graph;
    std::vector<Point> points;
    double cell = 100;  ///< grid for nearest-node queries
    std::unordered_map<std::int64_t, std::vector<std::size_t>> grid;
    static std::int64_t key(std::int64_t x, std::int64_t y) { return x * 73856093LL ^ y * 19349663LL; }

    void dijkstra(std::size_t source, std::vector<double>& dist, std::vector<std::size_t>* pred) const {
        const std::size_t n = boost::num_vertices(graph);
        dist.assign(n, std::numeric_limits<double>::infinity());
        std::vector<std::size_t> p(n);
        boost::dijkstra_shortest_paths(
            graph, source,
            boost::predecessor_map(boost::make_iterator_property_map(p.begin(), boost::get(boost::vertex_index, graph)))
                .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph))));
        // Unreached vertices keep Boost's "infinity" (the largest double): make it one.
        for (auto& d : dist)
            if (d >= std::numeric_limits<double>::max() / 2) d = std::numeric_limits<double>::infinity();
        if (pred) *pred = std::move(p);
    }
};

RoadNetwork::RoadNetwork(const std::vector<std::vector<Point>>& lines, double snap) : m(std::make_unique<Impl>()) {
    if (!(snap > 0)) throw UsageError("the snapping tolerance must be positive");
    // Vertices merged on a grid of the snapping tolerance.
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> ids;
    auto nodeOf = [&](Point p) {
        const auto k = std::make_pair(static_cast<std::int64_t>(std::llround(p.x / snap)), static_cast<std::int64_t>(std::llround(p.y / snap)));
        const auto it = ids.find(k);
        if (it != ids.end()) return it->second;
        const std::size_t id = m->points.size();
        ids.emplace(k, id);
        m->points.push_back(p);
        return id;
    };
    std::vector<std::pair<std::pair<std::size_t, std::size_t>, double>> segs;
    for (const auto& line : lines)
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const std::size_t a = nodeOf(line[i]), b = nodeOf(line[i + 1]);
            if (a != b) segs.push_back({{a, b}, std::hypot(line[i].x - line[i + 1].x, line[i].y - line[i + 1].y)});
        }
    if (m->points.empty()) throw InputError("the road network has no line with two distinct vertices");
    m->graph = Graph(m->points.size());
    for (const auto& [ab, len] : segs) boost::add_edge(ab.first, ab.second, len, m->graph);
    // Nearest-node grid: about a few nodes per cell.
    Box b{1e300, 1e300, -1e300, -1e300};
    for (const auto& p : m->points) b = {std::min(b.minX, p.x), std::min(b.minY, p.y), std::max(b.maxX, p.x), std::max(b.maxY, p.y)};
    m->cell = std::max(1.0, std::sqrt(std::max(1.0, (b.maxX - b.minX) * (b.maxY - b.minY)) / static_cast<double>(m->points.size()) * 4));
    for (std::size_t i = 0; i < m->points.size(); ++i)
        m->grid[Impl::key(static_cast<std::int64_t>(std::floor(m->points[i].x / m->cell)),
                          static_cast<std::int64_t>(std::floor(m->points[i].y / m->cell)))]
            .push_back(i);
}

RoadNetwork::~RoadNetwork() = default;

std::size_t RoadNetwork::nodes() const { return boost::num_vertices(m->graph); }
std::size_t RoadNetwork::edges() const { return boost::num_edges(m->graph); }
Point RoadNetwork::node(std::size_t i) const { return m->points[i]; }

std::pair<std::size_t, double> RoadNetwork::nearestNode(Point p) const {
    const auto cx = static_cast<std::int64_t>(std::floor(p.x / m->cell)), cy = static_cast<std::int64_t>(std::floor(p.y / m->cell));
    std::size_t best = 0;
    double bestD = std::numeric_limits<double>::infinity();
    for (std::int64_t r = 0;; ++r) {
        // Nodes in ring r are at least (r - 1) cells away.
        if (std::isfinite(bestD) && static_cast<double>(r - 1) * m->cell > bestD) break;
        if (r > 100000) break;
        for (std::int64_t dx = -r; dx <= r; ++dx)
            for (std::int64_t dy = -r; dy <= r; ++dy) {
                if (std::max(std::abs(dx), std::abs(dy)) != r) continue;
                const auto it = m->grid.find(Impl::key(cx + dx, cy + dy));
                if (it == m->grid.end()) continue;
                for (std::size_t i : it->second) {
                    const double d = std::hypot(m->points[i].x - p.x, m->points[i].y - p.y);
                    if (d < bestD || (d == bestD && i < best)) bestD = d, best = i;
                }
            }
        if (r > 0 && m->grid.size() == 1 && std::isfinite(bestD)) break;
    }
    return {best, bestD};
}

DistanceMatrix RoadNetwork::distances(const std::vector<Point>& pts) const {
    DistanceMatrix d(pts.size());
    std::vector<std::pair<std::size_t, double>> near;
    for (const auto& p : pts) near.push_back(nearestNode(p));
    std::vector<double> dist;
    for (std::size_t a = 0; a < pts.size(); ++a) {
        m->dijkstra(near[a].first, dist, nullptr);
        for (std::size_t b = a + 1; b < pts.size(); ++b) {
            const double net = dist[near[b].first];
            d.set(a, b, std::isfinite(net) ? near[a].second + net + near[b].second : std::numeric_limits<double>::infinity());
        }
    }
    return d;
}

std::vector<Point> RoadNetwork::path(Point a, Point b) const {
    const auto na = nearestNode(a), nb = nearestNode(b);
    std::vector<double> dist;
    std::vector<std::size_t> pred;
    m->dijkstra(na.first, dist, &pred);
    std::vector<Point> out = {b};
    if (!std::isfinite(dist[nb.first])) return {a, b};
    for (std::size_t v = nb.first;; v = pred[v]) {
        out.push_back(m->points[v]);
        if (v == na.first || pred[v] == v) break;
    }
    out.push_back(a);
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace wardscope::core
