#pragma once
// Point-in-polygon location of points among many shapes (wards).
//
// Build once, query many times (model: GEOS PreparedGeometry + STRtree, here
// specialised for "which of N polygons holds this point"):
//  * a uniform grid over the extent; a cell that lies entirely inside one shape
//    (or in none) holds the answer itself, so most points cost one lookup;
//  * any other cell lists the shapes whose boundary crosses it, each with the
//    shape's edges in that grid row, so the crossing test reads only those.
//
// Rule for points on a boundary (half-open crossing rule, exact predicates):
// a point is inside when a ray to +x crosses the boundary an odd number of times,
// counting an edge when its lower end is at or below the point and its upper end
// strictly above, and when the point is strictly left of it. A point on an edge
// shared by two wards is therefore in exactly one of them: the ward to its right
// (for a horizontal edge: the ward above it). Where shapes overlap, the first in
// layer order wins.
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

class ByteWriter;
class ByteReader;

class PolygonIndex {
public:
    PolygonIndex() = default;
    // The views below point into this object's vectors or into `m_keep`'s bytes:
    // a move keeps both where they are, a copy would not.
    PolygonIndex(const PolygonIndex&) = delete;
    PolygonIndex& operator=(const PolygonIndex&) = delete;
    PolygonIndex(PolygonIndex&&) noexcept = default;
    PolygonIndex& operator=(PolygonIndex&&) noexcept = default;

    /// Builds the index. `targetCellsPerEdge` trades memory for speed.
    void build(const std::vector<Shape>& shapes, double targetCellsPerEdge = 2.0);

    /// Index of the first shape holding p, or -1.
    [[nodiscard]] std::int32_t locate(Point p) const;

    /// Remembers the answer for a grid cell where it is the same for every point
    /// (no shape there, or the first shape covers the whole cell).
    struct CellCache {
        std::uint64_t cell = std::numeric_limits<std::uint64_t>::max();
        std::int32_t shape = -1;
    };
    /// locate(p), answered from the cache when p falls in the same constant cell
    /// as the previous call: many neighbouring points (a raster's cell centres)
    /// then cost one grid lookup each.
    [[nodiscard]] std::int32_t locate(Point p, CellCache& cache) const;

    /// Working space of locateBatch, reusable from call to call.
    struct BatchScratch {
        std::vector<std::uint64_t> keys, sortKeys;
        std::vector<std::uint32_t> order, sortOrder;
    };
    /// out[i] = locate(points[i]) for every i in `which` (other entries of `out`
    /// are left alone): the points are radix-sorted by grid cell, so that the
    /// lookups walk the index in memory order, and located with the index's
    /// memory fetched a few points ahead.
    void locateBatch(std::span<const Point> points, std::span<const std::uint32_t> which, std::span<std::int32_t> out,
                     BatchScratch& scratch) const;

    /// The grid cell holding p in row-major order (points outside the extent
    /// get the largest key): sorting many points by it before locate() makes
    /// their lookups touch the index in memory order.
    [[nodiscard]] std::uint64_t cellKey(Point p) const;

    /// The shapes with any part in the grid cells that overlap `box`, in index
    /// order: every shape meeting the box is among them. False (and `out`
    /// empty) when the box spans more cells than there are shapes, where
    /// testing every shape is cheaper.
    bool shapesNear(const Box& box, std::vector<std::int32_t>& out) const;

    /// Exact even-odd membership of p in one shape (same boundary rule).
    [[nodiscard]] bool contains(std::int32_t shape, Point p) const;

    [[nodiscard]] std::size_t shapeCount() const { return m_shapes.size(); }
    [[nodiscard]] const Box& bounds(std::int32_t shape) const { return m_shapes[static_cast<std::size_t>(shape)].box; }
    [[nodiscard]] const Box& extent() const { return m_extent; }
    [[nodiscard]] std::size_t memoryBytes() const;

    /// A shareable index of `shapes` (built with the default grid).
    static std::shared_ptr<const PolygonIndex> of(const std::vector<Shape>& shapes);

    /// The built index as bytes, and back: load() gives the index that was
    /// saved (the same answers), or throws FormatError for bytes that do not
    /// hold a consistent index (every reference checked against its array).
    /// The loaded index reads the bytes where they are (no copy): `keep` owns
    /// them (a mapped file) for as long as the index lives.
    void save(ByteWriter& out) const;
    static std::shared_ptr<const PolygonIndex> load(ByteReader& in, std::shared_ptr<const void> keep);

private:
    struct ShapeRows {
        Box box;
        std::uint32_t firstRow = 0, rowCount = 0;  // grid rows of the box; 0: no edges
        std::uint32_t firstBand = 0;               // into m_bandStart: one band per row
    };
    /// A shape listed in a cell: its edges in the cell's grid row, or none when
    /// it covers the whole cell.
    struct Entry {
        std::uint32_t shape;  // | kCovers | kLast
        std::uint32_t firstEdge, endEdge;  // into m_bandEdges
    };
    static constexpr std::uint32_t kShapeBits = 0x3FFFFFFFU, kCovers = 1U << 30, kLast = 1U << 31;
    /// Cell words: kDirect | shape (the shape covers the cell and nothing else
    /// is there), kNone (nothing is there), else the index of its first Entry.
    static constexpr std::uint32_t kDirect = 1U << 31, kNone = 0xFFFFFFFFU;

    [[nodiscard]] std::uint32_t rowOf(double y) const;
    /// locateBatch's lookups: `keys` are cellKey()s in ascending order, `order`
    /// the point each belongs to; out[order[j]] = locate(points[order[j]]).
    void locateSorted(std::span<const std::uint64_t> keys, std::span<const std::uint32_t> order,
                      std::span<const Point> points, std::span<std::int32_t> out) const;
    /// locate(p) for p in the grid cell `cell` (its cellKey, not the outside key).
    [[nodiscard]] std::int32_t locateInCell(Point p, std::uint64_t cell) const;
    [[nodiscard]] bool crosses(Point p, std::uint32_t firstEdge, std::uint32_t endEdge) const;

    void buildOwned(const std::vector<Shape>& shapes, double targetCellsPerEdge);

    Box m_extent;
    std::span<const ShapeRows> m_shapes;
    std::span<const Point> m_vertices;  // every ring of every shape, closed (its first vertex again at its end)
    // One band per shape and grid row of its box: the shape's edges that reach
    // into the row, each as the index of its first vertex (the second follows).
    std::span<const std::uint32_t> m_bandStart;  // into m_bandEdges; one extra at the end
    std::span<const std::uint32_t> m_bandEdges;

    // Grid.
    double m_cellWidth = 1, m_cellHeight = 1;
    std::uint32_t m_cols = 0, m_rows = 0;
    std::span<const std::uint32_t> m_cells;  // cell words, row-major
    std::span<const Entry> m_entries;

    // What the views above read: the arrays build() made, or load()'s bytes.
    struct Owned {
        std::vector<ShapeRows> shapes;
        std::vector<Point> vertices;
        std::vector<std::uint32_t> bandStart, bandEdges, cells;
        std::vector<Entry> entries;
    } m_own;
    std::shared_ptr<const void> m_keep;
};

}  // namespace wardscope::core
