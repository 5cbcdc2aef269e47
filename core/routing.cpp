#include "core/routing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <numeric>

#include "core/error.h"
#include "core/random.h"

namespace wardscope::core {

DistanceMatrix DistanceMatrix::euclidean(const std::vector<Point>& pts, double factor) {
    DistanceMatrix m(pts.size());
    for (std::size_t a = 0; a < pts.size(); ++a)
        for (std::size_t b = a + 1; b < pts.size(); ++b)
            m.set(a, b, std::hypot(pts[a].x - pts[b].x, pts[a].y - pts[b].y) * factor);
    return m;
}

DistanceMatrix DistanceMatrix::tsplib(const std::vector<Point>& pts) {
    DistanceMatrix m(pts.size());
    for (std::size_t a = 0; a < pts.size(); ++a)
        for (std::size_t b = a + 1; b < pts.size(); ++b)
            m.set(a, b, std::floor(std::hypot(pts[a].x - pts[b].x, pts[a].y - pts[b].y) + 0.5));
    return m;
}

double tourLength(const DistanceMatrix& d, const std::vector<std::size_t>& tour, bool closed) {
    double len = 0;
    for (std::size_t i = 0; i + 1 < tour.size(); ++i) len += d(tour[i], tour[i + 1]);
    if (closed && tour.size() > 1) len += d(tour.back(), tour.front());
    return len;
}

namespace {

/// Tour as an array with positions, for 2-opt (segment reversal) and Or-opt.
class Tour {
public:
    explicit Tour(std::vector<std::size_t> order) : m_t(std::move(order)), m_pos(m_t.size()) {
        for (std::size_t i = 0; i < m_t.size(); ++i) m_pos[m_t[i]] = i;
    }
    [[nodiscard]] std::size_t n() const { return m_t.size(); }
    [[nodiscard]] std::size_t at(std::size_t i) const { return m_t[i % m_t.size()]; }
    [[nodiscard]] std::size_t pos(std::size_t city) const { return m_pos[city]; }
    [[nodiscard]] std::size_t next(std::size_t city) const { return m_t[(m_pos[city] + 1) % n()]; }
    [[nodiscard]] std::size_t prev(std::size_t city) const { return m_t[(m_pos[city] + n() - 1) % n()]; }
    [[nodiscard]] const std::vector<std::size_t>& order() const { return m_t; }

    /// Reverses the tour between positions i and j inclusive (cyclically), the
    /// shorter side.
    void reverse(std::size_t i, std::size_t j) {
        const std::size_t len = (j + n() - i) % n() + 1;
        if (len * 2 > n()) {  // reverse the complement instead
            const std::size_t a = (j + 1) % n(), b = (i + n() - 1) % n();
            reverseRaw(a, b, n() - len);
        } else {
            reverseRaw(i, j, len);
        }
    }
    void setOrder(std::vector<std::size_t> order) {
        m_t = std::move(order);
        for (std::size_t i = 0; i < m_t.size(); ++i) m_pos[m_t[i]] = i;
    }

private:
    void reverseRaw(std::size_t i, std::size_t j, std::size_t len) {
        for (std::size_t k = 0; k < len / 2; ++k) {
            const std::size_t a = (i + k) % n(), b = (j + n() - k) % n();
            std::swap(m_t[a], m_t[b]);
            m_pos[m_t[a]] = a;
            m_pos[m_t[b]] = b;
        }
    }
    std::vector<std::size_t> m_t, m_pos;
};

std::vector<std::vector<std::size_t>> neighbourLists(const DistanceMatrix& d, std::size_t k) {
    const std::size_t n = d.size();
    k = std::min(k, n - 1);
    std::vector<std::vector<std::size_t>> nb(n);
    std::vector<std::size_t> idx(n);
    for (std::size_t a = 0; a < n; ++a) {
        std::iota(idx.begin(), idx.end(), 0);
        std::swap(idx[a], idx.back());
        std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end() - 1,
                          [&](std::size_t x, std::size_t y) { return d(a, x) < d(a, y) || (d(a, x) == d(a, y) && x < y); });
        nb[a].assign(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k));
    }
    return nb;
}

/// Greedy edge matching: the shortest edges first, each city of degree <= 2, no
/// early cycle (union-find); the fragments are then joined nearest-end first.
std::vector<std::size_t> greedyTour(const DistanceMatrix& d, const std::vector<std::vector<std::size_t>>& nb) {
    const std::size_t n = d.size();
    struct Edge {
        double len;
        std::size_t a, b;
    };
    std::vector<Edge> edges;
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b : nb[a])
            if (a < b || std::find(nb[b].begin(), nb[b].end(), a) == nb[b].end()) edges.push_back({d(a, b), std::min(a, b), std::max(a, b)});
    std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
        return x.len < y.len || (x.len == y.len && (x.a < y.a || (x.a == y.a && x.b < y.b)));
    });
    std::vector<std::size_t> parent(n), degree(n, 0);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    std::vector<std::vector<std::size_t>> adj(n);
    std::size_t added = 0;
    for (const auto& e : edges) {
        if (added + 1 >= n) break;
        if (degree[e.a] >= 2 || degree[e.b] >= 2) continue;
        const std::size_t ra = find(e.a), rb = find(e.b);
        if (ra == rb) continue;
        parent[ra] = rb;
        adj[e.a].push_back(e.b);
        adj[e.b].push_back(e.a);
        ++degree[e.a];
        ++degree[e.b];
        ++added;
    }
    // Fragments (paths); join them end to nearest free end.
    std::vector<char> seen(n, 0);
    std::vector<std::vector<std::size_t>> paths;
    for (std::size_t s = 0; s < n; ++s) {
        if (seen[s] || degree[s] == 2) continue;
        std::vector<std::size_t> path;
        std::size_t prev = n, cur = s;
        while (cur != n && !seen[cur]) {
            seen[cur] = 1;
            path.push_back(cur);
            std::size_t nxt = n;
            for (std::size_t x : adj[cur])
                if (x != prev && !seen[x]) nxt = x;
            prev = cur;
            cur = nxt;
        }
        paths.push_back(std::move(path));
    }
    std::vector<std::size_t> tour = paths.empty() ? std::vector<std::size_t>{} : paths.front();
    std::vector<char> used(paths.size(), 0);
    if (!paths.empty()) used[0] = 1;
    for (std::size_t joined = 1; joined < paths.size(); ++joined) {
        const std::size_t end = tour.back();
        std::size_t best = 0;
        bool reversed = false;
        double bestLen = 1e300;
        for (std::size_t p = 0; p < paths.size(); ++p) {
            if (used[p]) continue;
            if (d(end, paths[p].front()) < bestLen) bestLen = d(end, paths[p].front()), best = p, reversed = false;
            if (d(end, paths[p].back()) < bestLen) bestLen = d(end, paths[p].back()), best = p, reversed = true;
        }
        used[best] = 1;
        if (reversed) std::reverse(paths[best].begin(), paths[best].end());
        tour.insert(tour.end(), paths[best].begin(), paths[best].end());
    }
    return tour;
}

/// 2-opt with neighbour lists and don't-look bits, then Or-opt (moving segments
/// of 1-3 cities next to a neighbour, either way round), until neither improves.
void localSearch(Tour& t, const DistanceMatrix& d, const std::vector<std::vector<std::size_t>>& nb,
                 std::vector<char>& active) {
    const std::size_t n = t.n();
    if (n < 5) return;
    constexpr double eps = 1e-9;
    bool improved = true;
    while (improved) {
        improved = false;
        // 2-opt.
        for (std::size_t guard = 0; guard < 50 * n; ++guard) {
            bool any = false;
            for (std::size_t a = 0; a < n; ++a) {
                if (!active[a]) continue;
                bool moved = false;
                for (int dir = 0; dir < 2 && !moved; ++dir) {
                    const std::size_t an = dir == 0 ? t.next(a) : t.prev(a);
                    const double dA = d(a, an);
                    for (std::size_t c : nb[a]) {
                        if (d(a, c) >= dA) break;
                        const std::size_t cn = dir == 0 ? t.next(c) : t.prev(c);
                        if (c == an || cn == a) continue;
                        const double delta = d(a, c) + d(an, cn) - dA - d(c, cn);
                        if (delta < -eps) {
                            // Replace (a,an),(c,cn) by (a,c),(an,cn).
                            if (dir == 0) {
                                t.reverse(t.pos(an), t.pos(c));
                            } else {
                                t.reverse(t.pos(c), t.pos(an));
                            }
                            for (std::size_t x : {a, an, c, cn}) active[x] = 1;
                            moved = any = improved = true;
                            break;
                        }
                    }
                }
                if (!moved) active[a] = 0;
            }
            if (!any) break;
        }
        // Or-opt: move a segment s..e (1-3 cities starting at s) between c and next(c).
        for (std::size_t s = 0; s < n; ++s) {
            for (std::size_t len = 1; len <= 3 && len + 2 < n; ++len) {
                const std::size_t sp = t.pos(s);
                const std::size_t e = t.at(sp + len - 1);
                const std::size_t p = t.prev(s), q = t.next(e);
                const double removeGain = d(p, s) + d(e, q) - d(p, q);
                bool moved = false;
                for (std::size_t c : nb[s]) {
                    // c must be outside the segment.
                    const std::size_t off = (t.pos(c) + n - sp) % n;
                    if (off < len) continue;
                    for (int side = 0; side < 2 && !moved; ++side) {
                        const std::size_t c1 = side == 0 ? c : t.prev(c);
                        const std::size_t c2 = side == 0 ? t.next(c) : c;
                        if (c1 == e || c2 == s || (c1 == p && c2 == s)) continue;
                        const std::size_t off1 = (t.pos(c1) + n - sp) % n, off2 = (t.pos(c2) + n - sp) % n;
                        if (off1 < len || off2 < len) continue;
                        // Insert as c1, s..e, c2 or c1, e..s, c2.
                        const double fwd = d(c1, s) + d(e, c2) - d(c1, c2);
                        const double rev = d(c1, e) + d(s, c2) - d(c1, c2);
                        const double add = std::min(fwd, rev);
                        if (add - removeGain < -eps) {
                            std::vector<std::size_t> seg;
                            for (std::size_t k = 0; k < len; ++k) seg.push_back(t.at(sp + k));
                            if (rev < fwd) std::reverse(seg.begin(), seg.end());
                            std::vector<std::size_t> order;
                            order.reserve(n);
                            for (std::size_t k = 0; k < n; ++k) {
                                const std::size_t city = t.at(sp + len + k);
                                if (k >= n - len) break;
                                order.push_back(city);
                                if (city == c1) order.insert(order.end(), seg.begin(), seg.end());
                            }
                            t.setOrder(std::move(order));
                            for (std::size_t x : {p, q, s, e, c1, c2}) active[x] = 1;
                            moved = improved = true;
                        }
                    }
                    if (moved) break;
                }
                if (moved) break;
            }
        }
        // When Or-opt moved something, another round of 2-opt starts from the cities it touched.
    }
}

}  // namespace

std::vector<std::size_t> solveTsp(const DistanceMatrix& d, std::size_t start, const TspOptions& options) {
    const std::size_t n = d.size();
    if (n == 0) return {};
    if (start >= n) throw UsageError("the tour's start is not one of its nodes");
    if (n <= 3) {
        std::vector<std::size_t> t(n);
        std::iota(t.begin(), t.end(), 0);
        std::rotate(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(start), t.end());
        return t;
    }
    const auto nb = neighbourLists(d, options.neighbours);
    Tour t(greedyTour(d, nb));
    std::vector<char> active(n, 1);
    localSearch(t, d, nb, active);
    // Iterated local search: a random double bridge (segment exchange) near the
    // tour, local search from its endpoints, kept only if shorter. Seeded.
    Random rng(options.seed);
    const int kicks = options.kicks >= 0 ? options.kicks : static_cast<int>(std::min<std::size_t>(2000, 20000 / n + 100));
    double best = tourLength(d, t.order());
    for (int k = 0; k < kicks && n >= 8; ++k) {
        const auto saved = t.order();
        // Segment boundaries 1 <= p1 < p2 < p3 < n, close together (local kick).
        const std::size_t span = std::min<std::size_t>(n - 1, 50);
        const std::size_t p0 = static_cast<std::size_t>(rng.below(n));
        std::size_t cuts[3];
        for (auto& c : cuts) c = 1 + static_cast<std::size_t>(rng.below(span - 1));
        std::sort(cuts, cuts + 3);
        if (cuts[0] == cuts[1] || cuts[1] == cuts[2]) continue;
        std::vector<std::size_t> rot(n);
        for (std::size_t i = 0; i < n; ++i) rot[i] = saved[(p0 + i) % n];
        // Double bridge on the first `span` cities: A C B D.
        std::vector<std::size_t> kicked;
        kicked.reserve(n);
        kicked.insert(kicked.end(), rot.begin(), rot.begin() + static_cast<std::ptrdiff_t>(cuts[0]));
        kicked.insert(kicked.end(), rot.begin() + static_cast<std::ptrdiff_t>(cuts[1]), rot.begin() + static_cast<std::ptrdiff_t>(cuts[2]));
        kicked.insert(kicked.end(), rot.begin() + static_cast<std::ptrdiff_t>(cuts[0]), rot.begin() + static_cast<std::ptrdiff_t>(cuts[1]));
        kicked.insert(kicked.end(), rot.begin() + static_cast<std::ptrdiff_t>(cuts[2]), rot.end());
        t.setOrder(kicked);
        std::fill(active.begin(), active.end(), 0);
        for (std::size_t i : {std::size_t{0}, cuts[0] - 1, cuts[0], cuts[1] - 1, cuts[1], cuts[2] - 1, cuts[2] % n, n - 1})
            active[rot[i]] = 1;
        localSearch(t, d, nb, active);
        const double len = tourLength(d, t.order());
        if (len < best - 1e-9) {
            best = len;
        } else {
            t.setOrder(saved);
        }
    }
    std::vector<std::size_t> out = t.order();
    std::rotate(out.begin(), std::find(out.begin(), out.end(), start), out.end());
    return out;
}

namespace {

/// The order of (lexicographic) objectives: the first, then the second.
struct Objective {
    double first = 0, second = 0;
    [[nodiscard]] bool better(const Objective& o) const {
        constexpr double eps = 1e-9;
        return first < o.first - eps * (1 + o.first) ||
               (first <= o.first + eps * (1 + o.first) && second < o.second - eps * (1 + o.second));
    }
};

Objective objectiveOf(const std::vector<double>& lengths, VrpObjective kind) {
    double total = 0, longest = 0;
    for (const double l : lengths) {
        total += l;
        longest = std::max(longest, l);
    }
    return kind == VrpObjective::Longest ? Objective{longest, total} : Objective{total, longest};
}

/// Route r as the route without its element `skip` (SIZE_MAX: none): the node
/// before and after position k of that route, with the depot at both ends.
struct RouteView {
    const std::vector<std::size_t>& stops;
    std::size_t skip;
    std::size_t depot;
    [[nodiscard]] std::size_t size() const { return stops.size() - (skip < stops.size() ? 1 : 0); }
    [[nodiscard]] std::size_t at(std::size_t k) const { return stops[skip < stops.size() && k >= skip ? k + 1 : k]; }
    [[nodiscard]] std::size_t before(std::size_t k) const { return k == 0 ? depot : at(k - 1); }
    [[nodiscard]] std::size_t after(std::size_t k) const { return k == size() ? depot : at(k); }
};

/// The cheapest place to insert node s into a route: position and added length.
std::pair<std::size_t, double> cheapestInsertion(const DistanceMatrix& d, const RouteView& r, std::size_t s) {
    std::pair<std::size_t, double> best{0, std::numeric_limits<double>::infinity()};
    for (std::size_t k = 0; k <= r.size(); ++k) {
        const std::size_t a = r.before(k), b = r.after(k);
        const double add = d(a, s) + d(s, b) - d(a, b);
        if (add < best.second) best = {k, add};
    }
    return best;
}

/// What taking the element at position i out of a route saves.
double removalSaving(const DistanceMatrix& d, const std::vector<std::size_t>& r, std::size_t depot, std::size_t i) {
    const std::size_t a = i == 0 ? depot : r[i - 1], b = i + 1 == r.size() ? depot : r[i + 1];
    return d(a, r[i]) + d(r[i], b) - d(a, b);
}

/// A group of stops as a tour from the depot (its own order kept when the
/// improved tour is not shorter: a savings route respects the length limit).
VrpRoute tourFromDepot(const DistanceMatrix& d, std::size_t depot, const std::vector<std::size_t>& group, const TspOptions& tsp) {
    std::vector<std::size_t> nodes = {depot};
    nodes.insert(nodes.end(), group.begin(), group.end());
    DistanceMatrix sub(nodes.size());
    for (std::size_t a = 0; a < nodes.size(); ++a)
        for (std::size_t b = a + 1; b < nodes.size(); ++b) sub.set(a, b, d(nodes[a], nodes[b]));
    auto tour = solveTsp(sub, 0, tsp);
    std::vector<std::size_t> given(nodes.size());
    std::iota(given.begin(), given.end(), 0);
    if (tourLength(sub, given) < tourLength(sub, tour)) tour = std::move(given);
    VrpRoute route;
    for (std::size_t k = 1; k < tour.size(); ++k) route.stops.push_back(nodes[tour[k]]);
    route.length = tourLength(sub, tour);
    return route;
}

constexpr std::size_t kMaxImprovedStops = 200;

/// Improves several routes together for the objective by moves between
/// routes: relocate one stop to its cheapest place in another route, exchange
/// two stops of two routes (each to its cheapest place), or exchange the
/// tails of two routes (2-opt*), best move first, within the stop, length and
/// capacity limits; the two routes a move changes are then re-optimised as
/// tours (2-opt and Or-opt; polish adds the kicks).
void improveTogether(const DistanceMatrix& d, std::size_t depot, const VrpOptions& o, std::vector<VrpRoute>& routes) {
    routes.erase(std::remove_if(routes.begin(), routes.end(), [](const VrpRoute& r) { return r.stops.empty(); }), routes.end());
    const std::size_t k = routes.size();
    if (k < 2) return;
    std::size_t total = 0;
    for (const auto& r : routes) total += r.stops.size();
    // Each round weighs every stop against every place in the other routes: up
    // to kMaxImprovedStops an inspection list is improved in well under a
    // second; a larger one keeps its construction (docs/performance.md).
    if (total > kMaxImprovedStops) return;
    std::vector<double> len(k), load(k, 0.0);
    auto demandOf = [&](std::size_t s) { return o.demand.empty() ? 0.0 : o.demand[s]; };
    for (std::size_t r = 0; r < k; ++r) {
        len[r] = routes[r].length;
        for (const std::size_t s : routes[r].stops) load[r] += demandOf(s);
    }
    auto feasible = [&](std::size_t count, double length, double carried) {
        return (o.maxStops == 0 || count <= o.maxStops) && (o.maxLength <= 0 || length <= o.maxLength * (1 + 1e-12)) &&
               (o.capacity <= 0 || carried <= o.capacity * (1 + 1e-12));
    };
    std::vector<double> trial = len;
    // During the search each changed route gets 2-opt and Or-opt only; the
    // seeded kicks polish the final routes once.
    TspOptions quick = o.tsp;
    quick.kicks = 0;
    for (int round = 0; round < 100000; ++round) {
        Objective best = objectiveOf(len, o.objective);
        enum class Kind { Relocate, Exchange, Tails };
        struct Move {
            Kind kind = Kind::Relocate;
            std::size_t a = 0, i = 0, b = 0, j = 0, posA = 0, posB = 0;
        };
        std::optional<Move> move;
        auto consider = [&](std::size_t a, double la, std::size_t b, double lb, const Move& m) {
            trial[a] = la;
            trial[b] = lb;
            const Objective got = objectiveOf(trial, o.objective);
            trial[a] = len[a];
            trial[b] = len[b];
            if (got.better(best)) {
                best = got;
                move = m;
            }
        };
        for (std::size_t a = 0; a < k; ++a) {
            const auto& A = routes[a].stops;
            for (std::size_t i = 0; i < A.size(); ++i) {
                const double withoutS = len[a] - removalSaving(d, A, depot, i);
                for (std::size_t b = 0; b < k; ++b) {
                    if (b == a) continue;
                    const auto& B = routes[b].stops;
                    // Relocate A[i] into B.
                    const auto [pos, add] = cheapestInsertion(d, RouteView{B, SIZE_MAX, depot}, A[i]);
                    const double q = demandOf(A[i]);
                    if (feasible(A.size() - 1, withoutS, load[a] - q) && feasible(B.size() + 1, len[b] + add, load[b] + q))
                        consider(a, A.size() == 1 ? 0.0 : withoutS, b, len[b] + add, Move{Kind::Relocate, a, i, b, 0, 0, pos});
                    // Exchange A[i] and B[j] (each pair once).
                    if (b < a) continue;
                    for (std::size_t j = 0; j < B.size(); ++j) {
                        const double withoutT = len[b] - removalSaving(d, B, depot, j);
                        const auto [pa, addA] = cheapestInsertion(d, RouteView{A, i, depot}, B[j]);
                        const auto [pb, addB] = cheapestInsertion(d, RouteView{B, j, depot}, A[i]);
                        const double shift = demandOf(B[j]) - q;
                        if (feasible(A.size(), withoutS + addA, load[a] + shift) && feasible(B.size(), withoutT + addB, load[b] - shift))
                            consider(a, withoutS + addA, b, withoutT + addB, Move{Kind::Exchange, a, i, b, j, pa, pb});
                    }
                }
            }
        }
        // 2-opt* (Potvin & Rousseau 1995): exchange the tails of two routes —
        // route a keeps A[0, i) and takes B[j, end), route b keeps B[0, j) and
        // takes A[i, end) — which moves whole runs of stops where single moves
        // are blocked by full routes, and can empty a route.
        auto pathSums = [&](const std::vector<std::size_t>& R, std::vector<double>& pre, std::vector<double>& suf,
                            std::vector<double>& carried) {
            const std::size_t m = R.size();
            pre.assign(m + 1, 0.0), suf.assign(m + 1, 0.0), carried.assign(m + 1, 0.0);
            for (std::size_t q = 1; q <= m; ++q) {
                pre[q] = pre[q - 1] + d(q == 1 ? depot : R[q - 2], R[q - 1]);
                carried[q] = carried[q - 1] + demandOf(R[q - 1]);
            }
            for (std::size_t q = m; q-- > 0;) suf[q] = suf[q + 1] + d(R[q], q + 1 == m ? depot : R[q + 1]);
        };
        std::vector<double> preA, sufA, ldA, preB, sufB, ldB;
        for (std::size_t a = 0; a < k; ++a) {
            const auto& A = routes[a].stops;
            pathSums(A, preA, sufA, ldA);
            for (std::size_t b = a + 1; b < k; ++b) {
                const auto& B = routes[b].stops;
                pathSums(B, preB, sufB, ldB);
                for (std::size_t i = 0; i <= A.size(); ++i)
                    for (std::size_t j = 0; j <= B.size(); ++j) {
                        if ((i == 0 && j == 0) || (i == A.size() && j == B.size())) continue;  // the same two routes
                        const std::size_t lastA = i > 0 ? A[i - 1] : depot, lastB = j > 0 ? B[j - 1] : depot;
                        const std::size_t firstA = i < A.size() ? A[i] : depot, firstB = j < B.size() ? B[j] : depot;
                        const double newA = preA[i] + d(lastA, firstB) + sufB[j];
                        const double newB = preB[j] + d(lastB, firstA) + sufA[i];
                        const std::size_t countA = i + (B.size() - j), countB = j + (A.size() - i);
                        const double loadA = ldA[i] + (ldB[B.size()] - ldB[j]), loadB = ldB[j] + (ldA[A.size()] - ldA[i]);
                        if (feasible(countA, newA, loadA) && feasible(countB, newB, loadB))
                            consider(a, countA == 0 ? 0.0 : newA, b, countB == 0 ? 0.0 : newB, Move{Kind::Tails, a, i, b, j, 0, 0});
                    }
            }
        }
        if (!move) break;
        auto& A = routes[move->a].stops;
        auto& B = routes[move->b].stops;
        switch (move->kind) {
            case Kind::Tails: {
                std::vector<std::size_t> newA(A.begin(), A.begin() + static_cast<std::ptrdiff_t>(move->i));
                newA.insert(newA.end(), B.begin() + static_cast<std::ptrdiff_t>(move->j), B.end());
                std::vector<std::size_t> newB(B.begin(), B.begin() + static_cast<std::ptrdiff_t>(move->j));
                newB.insert(newB.end(), A.begin() + static_cast<std::ptrdiff_t>(move->i), A.end());
                A = std::move(newA);
                B = std::move(newB);
                load[move->a] = load[move->b] = 0;
                for (const std::size_t x : A) load[move->a] += demandOf(x);
                for (const std::size_t x : B) load[move->b] += demandOf(x);
                break;
            }
            case Kind::Exchange: {
                const std::size_t s = A[move->i], t = B[move->j];
                load[move->a] += demandOf(t) - demandOf(s);
                load[move->b] += demandOf(s) - demandOf(t);
                A.erase(A.begin() + static_cast<std::ptrdiff_t>(move->i));
                B.erase(B.begin() + static_cast<std::ptrdiff_t>(move->j));
                A.insert(A.begin() + static_cast<std::ptrdiff_t>(move->posA), t);
                B.insert(B.begin() + static_cast<std::ptrdiff_t>(move->posB), s);
                break;
            }
            case Kind::Relocate: {
                const std::size_t s = A[move->i];
                A.erase(A.begin() + static_cast<std::ptrdiff_t>(move->i));
                B.insert(B.begin() + static_cast<std::ptrdiff_t>(move->posB), s);
                load[move->a] -= demandOf(s);
                load[move->b] += demandOf(s);
                break;
            }
        }
        for (const std::size_t r : {move->a, move->b}) {
            double given = 0;
            if (!routes[r].stops.empty()) {
                given = d(depot, routes[r].stops.front()) + d(routes[r].stops.back(), depot);
                for (std::size_t q = 1; q < routes[r].stops.size(); ++q) given += d(routes[r].stops[q - 1], routes[r].stops[q]);
                VrpRoute improved = tourFromDepot(d, depot, routes[r].stops, quick);
                if (improved.length < given) {
                    routes[r] = std::move(improved);
                    given = routes[r].length;
                }
            }
            routes[r].length = given;
            len[r] = trial[r] = given;
        }
    }
    routes.erase(std::remove_if(routes.begin(), routes.end(), [](const VrpRoute& r) { return r.stops.empty(); }), routes.end());
}

/// Each route's tour with the seeded kicks (the search above uses 2-opt and
/// Or-opt only), kept where shorter.
void polish(const DistanceMatrix& d, std::size_t depot, const VrpOptions& o, std::vector<VrpRoute>& routes) {
    for (auto& r : routes) {
        VrpRoute polished = tourFromDepot(d, depot, r.stops, o.tsp);
        if (polished.length < r.length) r = std::move(polished);
    }
}

/// Ruin and recreate (Schrimpf et al. 2000), seeded: a number of times, remove
/// a random stop and its nearest neighbours (a sixth of the stops; radial ruin),
/// put each back in random order at its cheapest place that keeps the limits (a
/// new route if none does), and improve the routes together. A result is
/// accepted when it is at most a threshold worse than the current one (record
/// to record travel, the threshold falling from 2 % to 0), and the best is kept.
/// It leaves the local optimum that the moves between routes stop in where full
/// routes block every single move.
void ruinAndRecreate(const DistanceMatrix& d, std::size_t depot, const VrpOptions& o, std::vector<VrpRoute>& routes) {
    std::size_t total = 0;
    for (const auto& r : routes) total += r.stops.size();
    if (total < 4 || total > kMaxImprovedStops) return;
    auto demandOf = [&](std::size_t s) { return o.demand.empty() ? 0.0 : o.demand[s]; };
    auto objective = [&](const std::vector<VrpRoute>& rs) {
        std::vector<double> lengths;
        for (const auto& r : rs) lengths.push_back(r.length);
        return objectiveOf(lengths, o.objective);
    };
    Random rng(o.tsp.seed * 7919 + 17);
    Objective best = objective(routes);
    std::vector<VrpRoute> current = routes;
    Objective now = best;
    std::vector<std::size_t> all;
    for (const auto& r : routes) all.insert(all.end(), r.stops.begin(), r.stops.end());
    // About as much work for any number of stops: an attempt costs about the
    // square of the stops (docs/performance.md, "Routes").
    const int attempts = static_cast<int>(std::clamp<std::size_t>(120000 / (total * total), 4, 100));
    for (int attempt = 0; attempt < attempts; ++attempt) {
        std::vector<std::vector<std::size_t>> groups;
        std::vector<std::size_t> removed;
        for (const auto& r : current) groups.push_back(r.stops);
        const std::size_t q = std::max<std::size_t>(2, total / 3);
        const std::size_t centre = all[static_cast<std::size_t>(rng.below(all.size()))];
        std::vector<std::size_t> byDistance = all;
        std::partial_sort(byDistance.begin(), byDistance.begin() + static_cast<std::ptrdiff_t>(q), byDistance.end(),
                          [&](std::size_t x, std::size_t y) { return d(centre, x) < d(centre, y) || (d(centre, x) == d(centre, y) && x < y); });
        removed.assign(byDistance.begin(), byDistance.begin() + static_cast<std::ptrdiff_t>(q));
        for (auto& g : groups)
            g.erase(std::remove_if(g.begin(), g.end(),
                                   [&](std::size_t x) { return std::find(removed.begin(), removed.end(), x) != removed.end(); }),
                    g.end());
        for (std::size_t x = removed.size(); x > 1; --x)
            std::swap(removed[x - 1], removed[static_cast<std::size_t>(rng.below(x))]);
        std::vector<double> len, load;
        for (const auto& g : groups) {
            double l = 0, c = 0;
            for (std::size_t x = 0; x < g.size(); ++x) l += d(x == 0 ? depot : g[x - 1], g[x]), c += demandOf(g[x]);
            if (!g.empty()) l += d(g.back(), depot);
            len.push_back(l), load.push_back(c);
        }
        for (const std::size_t s : removed) {
            std::size_t bestG = SIZE_MAX, bestPos = 0;
            double bestAdd = std::numeric_limits<double>::infinity();
            for (std::size_t g = 0; g < groups.size(); ++g) {
                const auto [pos, add] = cheapestInsertion(d, RouteView{groups[g], SIZE_MAX, depot}, s);
                const bool fits = (o.maxStops == 0 || groups[g].size() + 1 <= o.maxStops) &&
                                  (o.maxLength <= 0 || len[g] + add <= o.maxLength * (1 + 1e-12)) &&
                                  (o.capacity <= 0 || load[g] + demandOf(s) <= o.capacity * (1 + 1e-12));
                const double noisy = add * rng.uniform(0.7, 1.3);
                if (fits && noisy < bestAdd) bestAdd = noisy, bestG = g, bestPos = pos;
            }
            if (bestG == SIZE_MAX) {
                groups.push_back({s});
                len.push_back(2 * d(depot, s)), load.push_back(demandOf(s));
            } else {
                len[bestG] += cheapestInsertion(d, RouteView{groups[bestG], SIZE_MAX, depot}, s).second;
                groups[bestG].insert(groups[bestG].begin() + static_cast<std::ptrdiff_t>(bestPos), s);
                load[bestG] += demandOf(s);
            }
        }
        TspOptions quick = o.tsp;
        quick.kicks = 0;
        std::vector<VrpRoute> trial;
        for (const auto& g : groups)
            if (!g.empty()) trial.push_back(tourFromDepot(d, depot, g, quick));
        improveTogether(d, depot, o, trial);
        const Objective got = objective(trial);
        const double threshold = 0.02 * (1 - static_cast<double>(attempt) / attempts);
        if (got.better(best)) {
            best = got;
            routes = trial;
        }
        if (got.first <= now.first * (1 + threshold)) {
            now = got;
            current = std::move(trial);
        }
    }
}

/// Clarke-Wright savings, parallel version: route ends merged while the stop,
/// length and capacity limits hold, in order of d(0,a) + d(0,b) - λ d(a,b).
std::vector<std::vector<std::size_t>> savingsGroups(const DistanceMatrix& d, std::size_t depot,
                                                    const std::vector<std::size_t>& stops, const VrpOptions& o,
                                                    double lambda) {
    auto demandOf = [&](std::size_t s) { return o.demand.empty() ? 0.0 : o.demand[s]; };
    struct Saving {
        double key;
        std::size_t a, b;
    };
    std::vector<Saving> savings;
    savings.reserve(stops.size() * (stops.size() - (stops.empty() ? 0 : 1)) / 2);
    for (std::size_t x = 0; x < stops.size(); ++x)
        for (std::size_t y = x + 1; y < stops.size(); ++y) {
            const std::size_t a = stops[x], b = stops[y];
            savings.push_back({d(depot, a) + d(depot, b) - lambda * d(a, b), a, b});
        }
    std::sort(savings.begin(), savings.end(), [](const Saving& p, const Saving& q) {
        return p.key > q.key || (p.key == q.key && (p.a < q.a || (p.a == q.a && p.b < q.b)));
    });
    std::vector<std::size_t> routeOf(d.size(), SIZE_MAX);
    std::vector<std::vector<std::size_t>> routes;
    std::vector<double> lengths, loads;
    for (std::size_t s : stops) {
        routeOf[s] = routes.size();
        routes.push_back({s});
        lengths.push_back(2 * d(depot, s));
        loads.push_back(demandOf(s));
    }
    for (const auto& sv : savings) {
        if (sv.key <= 0) break;
        const std::size_t ra = routeOf[sv.a], rb = routeOf[sv.b];
        if (ra == rb) continue;
        auto& A = routes[ra];
        auto& B = routes[rb];
        // a must be an end of A and b an end of B.
        const bool aEnd = A.front() == sv.a || A.back() == sv.a, bEnd = B.front() == sv.b || B.back() == sv.b;
        if (!aEnd || !bEnd) continue;
        if (o.maxStops > 0 && A.size() + B.size() > o.maxStops) continue;
        const double merged = lengths[ra] + lengths[rb] - (d(depot, sv.a) + d(depot, sv.b) - d(sv.a, sv.b));
        if (o.maxLength > 0 && merged > o.maxLength) continue;
        if (o.capacity > 0 && loads[ra] + loads[rb] > o.capacity * (1 + 1e-12)) continue;
        if (A.back() != sv.a) std::reverse(A.begin(), A.end());
        if (B.front() != sv.b) std::reverse(B.begin(), B.end());
        A.insert(A.end(), B.begin(), B.end());
        for (std::size_t x : B) routeOf[x] = ra;
        B.clear();
        lengths[ra] = merged;
        loads[ra] += loads[rb];
    }
    std::vector<std::vector<std::size_t>> groups;
    for (auto& r : routes)
        if (!r.empty()) groups.push_back(std::move(r));
    return groups;
}

}  // namespace

VrpResult solveVrp(const DistanceMatrix& d, std::size_t depot, const VrpOptions& o, const std::vector<Point>* points) {
    const std::size_t n = d.size();
    if (depot >= n) throw UsageError("the depot is not one of the nodes");
    if (o.vehicles < 1) throw UsageError("--inspectors must be at least 1");
    if (!o.demand.empty() && o.demand.size() != n) throw UsageError("one demand per node");
    auto demandOf = [&](std::size_t s) { return o.demand.empty() ? 0.0 : o.demand[s]; };
    VrpResult result;
    std::vector<std::size_t> stops;
    for (std::size_t i = 0; i < n; ++i)
        if (i != depot) {
            if ((o.maxLength > 0 && d(depot, i) * 2 > o.maxLength) || (o.capacity > 0 && demandOf(i) > o.capacity)) {
                result.unreachable.push_back(i);
            } else {
                stops.push_back(i);
            }
        }
    std::vector<std::vector<std::size_t>> groups;
    const bool limited = o.maxStops > 0 || o.maxLength > 0 || o.capacity > 0;
    // Routes are searched with 2-opt and Or-opt tours; the seeded kicks polish
    // the routes kept, once.
    TspOptions quickTsp = o.tsp;
    quickTsp.kicks = 0;
    if (!limited && o.vehicles == 1) {
        groups.push_back(stops);
    } else if (!limited) {
        // Sweep: by angle around the depot, K sectors of about equal stop counts.
        if (!points) throw UsageError("several inspectors without a limit need the stops' coordinates");
        const Point c = (*points)[depot];
        std::sort(stops.begin(), stops.end(), [&](std::size_t a, std::size_t b) {
            const double ta = std::atan2((*points)[a].y - c.y, (*points)[a].x - c.x);
            const double tb = std::atan2((*points)[b].y - c.y, (*points)[b].x - c.x);
            return ta < tb || (ta == tb && a < b);
        });
        // From several starting angles (up to 8, evenly spaced),
        // each improved: the best for the objective is kept.
        const std::size_t k = std::min(o.vehicles, std::max<std::size_t>(1, stops.size()));
        const std::size_t starts = stops.size() > kMaxImprovedStops ? 1 : std::min<std::size_t>(stops.size(), 8);
        std::optional<std::pair<Objective, std::vector<VrpRoute>>> best;
        for (std::size_t start = 0; start < std::max<std::size_t>(starts, 1); ++start) {
            std::vector<std::size_t> rotated = stops;
            if (!rotated.empty())
                std::rotate(rotated.begin(), rotated.begin() + static_cast<std::ptrdiff_t>(start * rotated.size() / starts),
                            rotated.end());
            std::vector<VrpRoute> routes;
            for (std::size_t g = 0; g < k; ++g) {
                const std::vector<std::size_t> group(rotated.begin() + static_cast<std::ptrdiff_t>(rotated.size() * g / k),
                                                     rotated.begin() + static_cast<std::ptrdiff_t>(rotated.size() * (g + 1) / k));
                if (!group.empty()) routes.push_back(tourFromDepot(d, depot, group, quickTsp));
            }
            improveTogether(d, depot, o, routes);
            std::vector<double> lengths;
            for (const auto& r : routes) lengths.push_back(r.length);
            const Objective got = objectiveOf(lengths, o.objective);
            if (!best || got.better(best->first)) best.emplace(got, std::move(routes));
        }
        if (best) result.routes = std::move(best->second);
        ruinAndRecreate(d, depot, o, result.routes);
        polish(d, depot, o, result.routes);
    } else {
        // Clarke-Wright savings under the limits, from several shape parameters
        // λ (saving = d(0,a) + d(0,b) - λ d(a,b): small λ favours joining stops
        // far from the depot, large λ near ones; Yellow 1970), each improved:
        // the best for the objective is kept. One λ beyond 100 stops.
        const std::vector<double> lambdas = stops.size() > kMaxImprovedStops / 2
                                                ? std::vector<double>{1.0}
                                                : std::vector<double>{1.0, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6, 1.8, 2.0};
        std::optional<std::pair<Objective, std::vector<VrpRoute>>> best;
        for (const double lambda : lambdas) {
            std::vector<VrpRoute> routes;
            for (const auto& g : savingsGroups(d, depot, stops, o, lambda))
                if (!g.empty()) routes.push_back(tourFromDepot(d, depot, g, quickTsp));
            improveTogether(d, depot, o, routes);
            std::vector<double> lengths;
            for (const auto& r : routes) lengths.push_back(r.length);
            const Objective got = objectiveOf(lengths, o.objective);
            if (!best || got.better(best->first)) best.emplace(got, std::move(routes));
        }
        if (best) result.routes = std::move(best->second);
        ruinAndRecreate(d, depot, o, result.routes);
        polish(d, depot, o, result.routes);
    }
    // One inspector without limits: the tour.
    if (!groups.empty()) {
        for (const auto& g : groups)
            if (!g.empty()) result.routes.push_back(tourFromDepot(d, depot, g, o.tsp));
        improveTogether(d, depot, o, result.routes);
    }
    for (const auto& r : result.routes) result.totalLength += r.length;
    return result;
}

}  // namespace wardscope::core
