#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/byte_io.h"
#include "core/polygon_index.h"
#include "core/random.h"

using namespace wardscope::core;

namespace {

Ring square(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

/// A 3x3 grid of unit squares, shape id = row * 3 + col.
std::vector<Shape> grid3x3() {
    std::vector<Shape> shapes;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) shapes.push_back({{square(c, r, c + 1, r + 1)}});
    return shapes;
}

}  // namespace

TEST(PolygonIndex, InteriorPointsOfAGrid) {
    PolygonIndex index;
    index.build(grid3x3());
    EXPECT_EQ(index.locate({0.5, 0.5}), 0);
    EXPECT_EQ(index.locate({1.5, 1.5}), 4);
    EXPECT_EQ(index.locate({2.9, 2.9}), 8);
    EXPECT_EQ(index.locate({-0.1, 0.5}), -1);
    EXPECT_EQ(index.locate({3.5, 3.5}), -1);
}

TEST(PolygonIndex, SharedEdgesAndVerticesBelongToExactlyOneShape) {
    const auto shapes = grid3x3();
    PolygonIndex index;
    index.build(shapes);
    // Documented rule: the shape to the right of a vertical edge, above a horizontal one.
    EXPECT_EQ(index.locate({1.0, 0.5}), 1);
    EXPECT_EQ(index.locate({1.5, 1.0}), 4);
    EXPECT_EQ(index.locate({1.0, 1.0}), 4);
    EXPECT_EQ(index.locate({2.0, 2.0}), 8);
    for (double x = 0.25; x < 3; x += 0.25) {
        for (double y = 0.25; y < 3; y += 0.25) {
            int holders = 0;
            for (std::int32_t s = 0; s < 9; ++s) holders += index.contains(s, {x, y}) ? 1 : 0;
            EXPECT_EQ(holders, 1) << x << "," << y;
            EXPECT_GE(index.locate({x, y}), 0);
        }
    }
}

TEST(PolygonIndex, HolesAndDetachedParts) {
    // Shape 0: a 10x10 square with a 2x2 hole and a detached island part.
    Shape withHole{{square(0, 0, 10, 10), square(4, 4, 6, 6), square(20, 20, 21, 21)}};
    Shape inHole{{square(4, 4, 6, 6)}};
    PolygonIndex index;
    index.build({withHole, inHole});
    EXPECT_EQ(index.locate({1, 1}), 0);
    EXPECT_EQ(index.locate({5, 5}), 1);      // in the hole: the other shape
    EXPECT_EQ(index.locate({20.5, 20.5}), 0);  // detached part
    EXPECT_EQ(index.locate({15, 15}), -1);   // between the parts
}

TEST(PolygonIndex, OverlapGoesToFirstInLayerOrder) {
    PolygonIndex index;
    index.build({{{square(0, 0, 2, 2)}}, {{square(1, 1, 3, 3)}}});
    EXPECT_EQ(index.locate({1.5, 1.5}), 0);
    EXPECT_EQ(index.locate({2.5, 2.5}), 1);
}

TEST(PolygonIndex, AgreesWithBruteForceOnRandomPointsAroundAStar) {
    // A concave, many-edged shape; the grid and band shortcuts must not change answers.
    Ring star;
    for (int i = 0; i < 400; ++i) {
        const double angle = i * 2 * 3.141592653589793 / 400;
        const double radius = (i % 2 == 0) ? 10.0 : 4.0;
        star.push_back({radius * std::cos(angle), radius * std::sin(angle)});
    }
    PolygonIndex index;
    index.build({{{star}}});
    Random rng(7);
    for (int i = 0; i < 20000; ++i) {
        const Point p{rng.uniform(-11, 11), rng.uniform(-11, 11)};
        // Brute-force even-odd over all edges with the same half-open rule.
        bool inside = false;
        for (std::size_t k = 0, j = star.size() - 1; k < star.size(); j = k++) {
            Point a = star[j], b = star[k];
            if (a.y > b.y) std::swap(a, b);
            if (a.y <= p.y && p.y < b.y && orientation(a, b, p) > 0) inside = !inside;
        }
        ASSERT_EQ(index.locate(p) == 0, inside) << p.x << "," << p.y;
    }
}

TEST(PolygonIndex, AgreesWithBruteForceOnATessellationWithEveryKindOfRing) {
    // A 12 x 12 jittered grid of quadrilaterals sharing their corners: rings
    // closed or not, with a repeated vertex, horizontal edges (rows 3 and 7 not
    // jittered); lookups at random points and exactly at every corner and on
    // every horizontal edge, against the half-open rule over every edge of every
    // shape, first shape in layer order.
    constexpr int n = 12;
    Random rng(11);
    std::vector<std::vector<Point>> node(n + 1, std::vector<Point>(n + 1));
    for (int r = 0; r <= n; ++r)
        for (int c = 0; c <= n; ++c) {
            const bool straight = r == 3 || r == 7 || r == 0 || r == n || c == 0 || c == n;
            node[r][c] = {c + (straight ? 0.0 : rng.uniform(-0.3, 0.3)), r + (straight ? 0.0 : rng.uniform(-0.3, 0.3))};
        }
    std::vector<Shape> shapes;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            Ring ring{node[r][c], node[r][c + 1], node[r + 1][c + 1], node[r + 1][c]};
            const int kind = (r * n + c) % 3;
            if (kind == 1) ring.push_back(ring.front());  // closed
            if (kind == 2) ring.insert(ring.begin() + 1, ring[1]);  // a repeated vertex
            shapes.push_back({{ring}});
        }
    shapes.push_back({{Ring{{0, 0}, {1, 0}}}});  // too few vertices: never holds a point
    PolygonIndex index;
    index.build(shapes);
    auto inShape = [](const Shape& shape, Point p) {
        bool inside = false;
        for (const Ring& ring : shape.rings) {
            if (ring.size() < 3) continue;
            for (std::size_t k = 0, j = ring.size() - 1; k < ring.size(); j = k++) {
                Point a = ring[j], b = ring[k];
                if (a.y > b.y) std::swap(a, b);
                if (a.y <= p.y && p.y < b.y && orientation(a, b, p) > 0) inside = !inside;
            }
        }
        return inside;
    };
    std::vector<Point> points;
    for (int i = 0; i < 20000; ++i) points.push_back({rng.uniform(-0.5, n + 0.5), rng.uniform(-0.5, n + 0.5)});
    for (int r = 0; r <= n; ++r)
        for (int c = 0; c <= n; ++c) {
            points.push_back(node[r][c]);
            if (c < n && (r == 3 || r == 7)) points.push_back({c + 0.5, static_cast<double>(r)});
        }
    std::vector<std::int32_t> expectedAll;
    for (const Point& p : points) {
        std::int32_t expected = -1;
        for (std::size_t s = 0; s < shapes.size() && expected < 0; ++s)
            if (inShape(shapes[s], p)) expected = static_cast<std::int32_t>(s);
        ASSERT_EQ(index.locate(p), expected) << p.x << "," << p.y;
        if (expected >= 0) {
            ASSERT_TRUE(index.contains(expected, p)) << p.x << "," << p.y;
        }
        expectedAll.push_back(expected);
    }
    // The batch lookup (sorted by grid cell inside; some points are outside the
    // extent and sort last), for every point and for every other one.
    ASSERT_GT(std::count_if(points.begin(), points.end(),
                            [&](Point p) { return index.cellKey(p) == std::numeric_limits<std::uint64_t>::max(); }),
              0);
    PolygonIndex::BatchScratch scratch;
    std::vector<std::uint32_t> all(points.size()), everyOther;
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    for (std::uint32_t i = 0; i < all.size(); i += 2) everyOther.push_back(i);
    std::vector<std::int32_t> batch(points.size(), -2);
    index.locateBatch(points, everyOther, batch, scratch);
    for (std::size_t i = 0; i < points.size(); ++i) ASSERT_EQ(batch[i], i % 2 == 0 ? expectedAll[i] : -2) << i;
    index.locateBatch(points, all, batch, scratch);
    EXPECT_EQ(batch, expectedAll);
}

TEST(PolygonIndex, EmptyIndexLocatesNothing) {
    PolygonIndex index;
    index.build({});
    EXPECT_EQ(index.locate({0, 0}), -1);
}

TEST(PolygonIndex, ShapeBoxStartingOnAGridLine) {
    // Found by fuzz_ward_layer: the second square's box starts exactly on a grid
    // line, and the boundary slack reached the column before it (out of bounds).
    PolygonIndex index;
    index.build({{{square(0, 0, 1, 1)}}, {{square(1, 0, 2, 1)}}});
    EXPECT_EQ(index.locate({0.5, 0.5}), 0);
    EXPECT_EQ(index.locate({1.5, 0.5}), 1);
    EXPECT_EQ(index.locate({1.0, 0.5}), 1);
    for (int cols = 1; cols <= 40; ++cols) {  // many grid alignments
        std::vector<Shape> shapes;
        for (int c = 0; c < cols; ++c) shapes.push_back({{square(c, 0, c + 1, 1)}});
        index.build(shapes);
        for (int c = 0; c < cols; ++c) ASSERT_EQ(index.locate({c + 0.5, 0.5}), c) << cols;
    }
}

TEST(PolygonIndex, CachedLocateAgreesOnEveryCellOfAFineRaster) {
    // Overlapping squares, a star and a square with a hole, swept row by row as the
    // density mask does: the cached answer equals locate() at every point,
    // including points on shared edges and grid lines.
    std::vector<Shape> shapes = grid3x3();
    Ring star;
    for (int i = 0; i < 60; ++i) {
        const double angle = i * 2 * 3.141592653589793 / 60;
        const double radius = (i % 2 == 0) ? 1.4 : 0.6;
        star.push_back({1.5 + radius * std::cos(angle), 1.5 + radius * std::sin(angle)});
    }
    shapes.insert(shapes.begin() + 2, Shape{{star}});
    shapes.push_back({{square(3.5, 0, 5, 1.5), square(4, 0.5, 4.5, 1)}});
    PolygonIndex index;
    index.build(shapes);
    std::size_t hits = 0;
    for (int row = -5; row < 330; ++row) {
        PolygonIndex::CellCache cache;
        for (int col = -5; col < 530; ++col) {
            const Point p{col * 0.01, row * 0.01};
            const auto expected = index.locate(p);
            ASSERT_EQ(index.locate(p, cache), expected) << p.x << "," << p.y;
            hits += expected >= 0;
        }
    }
    EXPECT_GT(hits, 90000u);
}

TEST(PolygonIndex, ShapesNearABoxIncludeEveryShapeMeetingIt) {
    // Every shape holding a point of the box, or having a vertex in it, is
    // listed; the list is in index order without repeats; far boxes list nothing.
    std::vector<Shape> shapes = grid3x3();
    shapes.push_back({{square(3.5, 0, 5, 1.5), square(4, 0.5, 4.5, 1)}});  // with a hole
    shapes.push_back({{square(0.25, 0.25, 0.75, 0.75)}});                  // over shape 0
    PolygonIndex index;
    index.build(shapes, 4.0);
    Random rng(5);
    std::vector<std::int32_t> near;
    for (int t = 0; t < 2000; ++t) {
        const double x = rng.uniform(-1, 6), y = rng.uniform(-1, 4), w = rng.uniform(0, 0.6), h = rng.uniform(0, 0.6);
        const Box box{x, y, x + w, y + h};
        if (!index.shapesNear(box, near)) {
            EXPECT_TRUE(near.empty());
            continue;
        }
        ASSERT_TRUE(std::is_sorted(near.begin(), near.end()));
        ASSERT_EQ(std::adjacent_find(near.begin(), near.end()), near.end());
        auto listed = [&](std::int32_t s) { return std::binary_search(near.begin(), near.end(), s); };
        for (int k = 0; k < 20; ++k) {
            const Point p{rng.uniform(box.minX, box.maxX), rng.uniform(box.minY, box.maxY)};
            for (std::int32_t s = 0; s < static_cast<std::int32_t>(shapes.size()); ++s)
                if (index.contains(s, p)) {
                    ASSERT_TRUE(listed(s)) << t;
                }
        }
        for (std::int32_t s = 0; s < static_cast<std::int32_t>(shapes.size()); ++s)
            for (const Ring& ring : shapes[static_cast<std::size_t>(s)].rings)
                for (const Point& v : ring)
                    if (box.contains(v)) {
                        ASSERT_TRUE(listed(s)) << t;
                    }
    }
    ASSERT_TRUE(index.shapesNear({10, 10, 11, 11}, near));
    EXPECT_TRUE(near.empty());
    EXPECT_FALSE(index.shapesNear({-100, -100, 100, 100}, near));  // the whole grid: test every shape instead
}

namespace {

/// Polygons with holes, a multi-part shape and overlaps: star-shaped rings of
/// random radii around random centres, every third with a hole.
std::vector<Shape> randomShapes(std::uint64_t seed, int count) {
    Random rng(seed);
    std::vector<Shape> shapes;
    for (int s = 0; s < count; ++s) {
        const double cx = rng.uniform() * 100, cy = rng.uniform() * 100, r = 1 + rng.uniform() * 6;
        Shape shape;
        for (double scale : {1.0, 0.4}) {
            Ring ring;
            for (int k = 0; k < 24; ++k) {
                const double a = 6.283185307179586 * k / 24, rr = scale * r * (0.6 + 0.4 * rng.uniform());
                ring.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
            }
            shape.rings.push_back(std::move(ring));
            if (s % 3 != 0) break;
        }
        shapes.push_back(std::move(shape));
    }
    return shapes;
}

/// Bytes at an address a mapped file would have (a multiple of 16).
struct AlignedBytes {
    std::vector<std::max_align_t> storage;
    std::size_t size = 0;
    explicit AlignedBytes(const std::string& bytes)
        : storage(bytes.size() / sizeof(std::max_align_t) + 1), size(bytes.size()) {
        std::memcpy(storage.data(), bytes.data(), bytes.size());
    }
    [[nodiscard]] std::span<const char> span() const { return {reinterpret_cast<const char*>(storage.data()), size}; }
};

std::string saved(const PolygonIndex& index) {
    std::string bytes;
    ByteWriter w([&bytes](std::string_view b) { bytes.append(b); }, 100);  // a small chunk: many hand-overs
    w.text("before");
    index.save(w);
    w.flush();
    return bytes;
}

}  // namespace

TEST(PolygonIndex, SavedAndLoadedGivesTheSameAnswers) {
    const auto shapes = randomShapes(11, 300);
    PolygonIndex index;
    index.build(shapes);
    const AlignedBytes bytes(saved(index));
    ByteReader r(bytes.span());
    EXPECT_EQ(r.text(), "before");
    const auto keep = std::make_shared<int>(0);
    const auto loaded = PolygonIndex::load(r, keep);
    EXPECT_TRUE(r.atEnd());
    ASSERT_EQ(loaded->shapeCount(), index.shapeCount());
    EXPECT_EQ(loaded->memoryBytes(), index.memoryBytes());
    Random rng(5);
    int inside = 0;
    for (int i = 0; i < 20000; ++i) {
        const Point p{rng.uniform() * 110 - 5, rng.uniform() * 110 - 5};
        const std::int32_t expected = index.locate(p);
        ASSERT_EQ(loaded->locate(p), expected) << p.x << " " << p.y;
        inside += expected >= 0;
    }
    EXPECT_GT(inside, 1000);  // the points exercise the shapes, not only the empty cells
    for (std::int32_t s = 0; s < 300; s += 37) EXPECT_EQ(loaded->bounds(s).minX, index.bounds(s).minX);
    // The loaded index keeps what it reads from alive.
    EXPECT_EQ(keep.use_count(), 2);
}

TEST(PolygonIndex, DamagedBytesAreAFormatErrorNotACrash) {
    PolygonIndex index;
    index.build(randomShapes(3, 50));
    const std::string good = saved(index);
    // Cut anywhere: a FormatError (the reader never reads past the end).
    for (std::size_t cut = 0; cut < good.size(); cut += std::max<std::size_t>(1, good.size() / 97)) {
        const AlignedBytes bytes(good.substr(0, cut));
        ByteReader r(bytes.span());
        EXPECT_THROW(
            {
                r.text();
                (void)PolygonIndex::load(r, nullptr);
            },
            FormatError)
            << cut;
    }
    // The entries come last (12 bytes each: shape and flags, first edge, end
    // edge): any of their last 16 words set to a huge value points past its
    // array, and is refused.
    const std::uint32_t huge = 0x7FFFFFF0U;
    for (std::size_t at = good.size() - 64; at + 4 <= good.size(); at += 4) {
        std::string bad = good;
        std::memcpy(bad.data() + at, &huge, 4);
        const AlignedBytes bytes(bad);
        ByteReader r(bytes.span());
        r.text();
        EXPECT_THROW((void)PolygonIndex::load(r, nullptr), FormatError) << at;
    }
}
