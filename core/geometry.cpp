#include "core/geometry.h"

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
    if (ring.size() < 3) return 0;
    double twice = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        twice += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y);
    return twice / 2;
}

}  // namespace wardscope::core
