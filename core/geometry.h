#pragma once
// Plain planar geometry types and exact predicates.
#include <cstddef>
#include <vector>

namespace wardscope::core {

struct Point {
    double x = 0;
    double y = 0;
};

/// A closed ring; the closing vertex may or may not be repeated.
using Ring = std::vector<Point>;

/// A ward's area as rings under the even-odd rule: every exterior ring of every
/// part and every hole. Parts of a valid multipolygon do not overlap, so the
/// parity of crossings decides membership.
struct Shape {
    std::vector<Ring> rings;
};

struct Box {
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    [[nodiscard]] bool contains(Point p) const { return p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY; }
};

/// Sign of the orientation of (a, b, c): +1 counter-clockwise (c left of a->b),
/// -1 clockwise, 0 collinear. Exact for all finite doubles (a floating-point
/// filter, then an exact expansion sum as in Shewchuk 1997).
int orientation(Point a, Point b, Point c);

/// Shoelace area of a ring (positive when counter-clockwise).
double signedArea(const Ring& ring);

/// The same sum over n vertices given by at(k) (a ring held elsewhere, as
/// indices into a vertex table).
template <typename At>
double signedArea(std::size_t n, At&& at) {
    if (n < 3) return 0;
    double twice = 0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Point a = at(j), b = at(i);
        twice += (a.x - b.x) * (a.y + b.y);
    }
    return twice / 2;
}

/// True when a closed ring (its first vertex repeated at the end) is certainly a
/// valid polygon on its own, by exact predicates: finite coordinates, no repeated
/// consecutive vertex, non-zero area, and no two edges meeting anywhere except
/// neighbouring edges at their shared vertex (no crossing, touching or overlap).
/// False means "not shown": callers then ask a full validity check (GEOS).
/// O(n²) edge pairs, so meant for small rings (a fast path before GEOS).
bool isSimpleRing(const Ring& ring);

}  // namespace wardscope::core
