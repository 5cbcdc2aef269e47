#pragma once
// Inspection routes (docs/methods.md, "Routes"): a travelling-salesman tour
// through the stops from a depot and back (construction by greedy matching of
// the shortest edges, then 2-opt and Or-opt with neighbour lists, then a few
// seeded double-bridge kicks kept only when they shorten the tour), and vehicle
// routing for several inspectors (Clarke-Wright savings under a stop, length or
// capacity limit from several shape parameters, or a sweep into K sectors),
// improved by moves between routes (relocate, exchange, 2-opt*) and ruin and
// recreate, each route then polished as a tour.
#include <cstdint>
#include <functional>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

/// Symmetric distances between n points, row-major (metres, or any unit).
class DistanceMatrix {
public:
    DistanceMatrix() = default;
    explicit DistanceMatrix(std::size_t n) : m_n(n), m_d(n * n, 0.0) {}
    /// Straight-line distances times `factor` (the detour factor).
    static DistanceMatrix euclidean(const std::vector<Point>& pts, double factor = 1.0);
    /// TSPLIB EUC_2D: distances rounded to the nearest integer.
    static DistanceMatrix tsplib(const std::vector<Point>& pts);
    [[nodiscard]] std::size_t size() const { return m_n; }
    [[nodiscard]] double operator()(std::size_t a, std::size_t b) const { return m_d[a * m_n + b]; }
    void set(std::size_t a, std::size_t b, double v) { m_d[a * m_n + b] = m_d[b * m_n + a] = v; }

private:
    std::size_t m_n = 0;
    std::vector<double> m_d;
};

struct TspOptions {
    std::uint64_t seed = 1;
    int kicks = -1;           ///< double-bridge kicks; -1: automatic (more for small tours)
    std::size_t neighbours = 12;
};

/// A closed tour through all nodes starting at `start`: tour[0] == start, the
/// return to start is implied.
std::vector<std::size_t> solveTsp(const DistanceMatrix& d, std::size_t start = 0, const TspOptions& options = {});
/// Length of a closed tour (or of an open path when `closed` is false).
double tourLength(const DistanceMatrix& d, const std::vector<std::size_t>& tour, bool closed = true);

/// What several routes minimise: the longest route (inspectors work the same
/// day in parallel, so the day ends when the last is back), then the total; or
/// the total distance, then the longest.
enum class VrpObjective { Longest, Total };

struct VrpOptions {
    std::size_t vehicles = 1;      ///< inspectors (sectors for the sweep when there is no limit)
    VrpObjective objective = VrpObjective::Longest;
    std::size_t maxStops = 0;      ///< 0: no limit
    double maxLength = 0;          ///< per route, in the matrix's unit; 0: no limit
    /// Capacitated routes (CVRP): each node's demand (the depot's is ignored) and
    /// the most a route may carry; capacity 0: no limit. maxStops is the same
    /// limit with a demand of 1 a stop.
    std::vector<double> demand;
    double capacity = 0;
    TspOptions tsp;
};

struct VrpRoute {
    std::vector<std::size_t> stops;  ///< in visiting order, without the depot
    double length = 0;               ///< depot -> stops -> depot
};

struct VrpResult {
    std::vector<VrpRoute> routes;
    std::vector<std::size_t> unreachable;  ///< stops that alone break the length or capacity limit
    double totalLength = 0;
};

/// Routes from `depot` through every other node. With one vehicle and no limit
/// this is the TSP. With limits: Clarke-Wright savings merge routes while the
/// stop, length and capacity limits hold; the routes are then improved as tours. Without
/// limits and with K vehicles: a sweep by angle around the depot into K sectors
/// of about equal stop counts (needs coordinates: `points`), from every
/// starting angle, the best kept. Several routes are then improved together
/// for the objective by moves between routes — relocating a stop, exchanging
/// two, exchanging the tails of two routes (2-opt*) — within the limits, each
/// changed route re-optimised as a tour, and up to 200 stops by ruin and
/// recreate (a stop and its neighbours taken out and put back, seeded).
VrpResult solveVrp(const DistanceMatrix& d, std::size_t depot, const VrpOptions& options,
                   const std::vector<Point>* points = nullptr);

}  // namespace wardscope::core
