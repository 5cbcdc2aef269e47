#include "core/geometry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace wardscope::core {
namespace {

// Error-free transformations (Dekker/Knuth), exact with round-to-nearest.
inline void twoSum(double a, double b, double& s, double& e) {
    s = a + b;
    const double bv = s - a;
    const double av = s - bv;
    e = (a - av) + (b - bv);
}

inline void twoProduct(double a, double b, double& p, double& e) {
    p = a * b;
    e = std::fma(a, b, -p);
}

/// Exact sign of the sum of n doubles, by growing a non-overlapping expansion.
template <std::size_t N>
int exactSignOfSum(const std::array<double, N>& terms) {
    std::array<double, N> expansion{};
    std::size_t length = 0;
    for (double term : terms) {
        double q = term;
        std::size_t out = 0;
        for (std::size_t i = 0; i < length; ++i) {
            double sum = 0, err = 0;
            twoSum(q, expansion[i], sum, err);
            if (err != 0) expansion[out++] = err;
            q = sum;
        }
        if (q != 0) expansion[out++] = q;
        length = out;
    }
    // The most significant component is the last one and carries the sign.
    if (length == 0) return 0;
    return expansion[length - 1] > 0 ? 1 : -1;
}

}  // namespace

int orientation(Point a, Point b, Point c) {
    const double detLeft = (a.x - c.x) * (b.y - c.y);
    const double detRight = (a.y - c.y) * (b.x - c.x);
    const double det = detLeft - detRight;
    constexpr double eps = std::numeric_limits<double>::epsilon() / 2;
    constexpr double errBound = (3.0 + 16.0 * eps) * eps;
    const double bound = errBound * (std::abs(detLeft) + std::abs(detRight));
    if (det > bound) return 1;
    if (-det > bound) return -1;
    // det = ax*by - ax*cy - cx*by - ay*bx + ay*cx + cy*bx (the cx*cy terms cancel)
    std::array<double, 12> terms{};
    twoProduct(a.x, b.y, terms[0], terms[1]);
    twoProduct(-a.x, c.y, terms[2], terms[3]);
    twoProduct(-c.x, b.y, terms[4], terms[5]);
    twoProduct(-a.y, b.x, terms[6], terms[7]);
    twoProduct(a.y, c.x, terms[8], terms[9]);
    twoProduct(c.y, b.x, terms[10], terms[11]);
    return exactSignOfSum(terms);
}

double signedArea(const Ring& ring) {
    return signedArea(ring.size(), [&](std::size_t k) { return ring[k]; });
}

namespace {

/// p lies within the bounding box of segment ab (used once p is collinear with it).
bool withinBox(Point a, Point b, Point p) {
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
           p.y <= std::max(a.y, b.y);
}

/// Closed segments ab and cd share at least one point.
bool segmentsMeet(Point a, Point b, Point c, Point d) {
    const int o1 = orientation(a, b, c), o2 = orientation(a, b, d);
    const int o3 = orientation(c, d, a), o4 = orientation(c, d, b);
    if (o1 * o2 < 0 && o3 * o4 < 0) return true;
    return (o1 == 0 && withinBox(a, b, c)) || (o2 == 0 && withinBox(a, b, d)) || (o3 == 0 && withinBox(c, d, a)) ||
           (o4 == 0 && withinBox(c, d, b));
}

}  // namespace

bool isSimpleRing(const Ring& ring) {
    const std::size_t n = ring.size();
    if (n < 4) return false;
    if (ring.front().x != ring.back().x || ring.front().y != ring.back().y) return false;
    const std::size_t edges = n - 1;  // edge i: ring[i] -> ring[i + 1]
    for (const Point& p : ring)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    for (std::size_t i = 0; i < edges; ++i)
        if (ring[i].x == ring[i + 1].x && ring[i].y == ring[i + 1].y) return false;
    if (!(std::abs(signedArea(ring)) > 0)) return false;
    for (std::size_t i = 0; i < edges; ++i) {
        // Neighbours: edge i and edge i + 1 (cyclically) share ring[i + 1]; they
        // must not fold back onto each other.
        const Point a = ring[i], v = ring[i + 1], c = i + 2 < n ? ring[i + 2] : ring[1];
        if (orientation(a, v, c) == 0 && (a.x - v.x) * (c.x - v.x) + (a.y - v.y) * (c.y - v.y) > 0) return false;
        const double minX = std::min(a.x, v.x), maxX = std::max(a.x, v.x);
        const double minY = std::min(a.y, v.y), maxY = std::max(a.y, v.y);
        // Every other edge: no point in common at all.
        for (std::size_t j = i + 2; j < edges; ++j) {
            if (i == 0 && j == edges - 1) continue;  // the first and last edges are neighbours
            const Point p = ring[j], q = ring[j + 1];
            if (std::max(p.x, q.x) < minX || std::min(p.x, q.x) > maxX || std::max(p.y, q.y) < minY ||
                std::min(p.y, q.y) > maxY)
                continue;
            if (segmentsMeet(a, v, p, q)) return false;
        }
    }
    return true;
}

}  // namespace wardscope::core
