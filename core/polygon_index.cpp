#include "core/polygon_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/parallel.h"

namespace wardscope::core {

namespace {

/// f(a, b) for every edge of every ring of three or more vertices.
template <typename F>
void forEachEdge(const Shape& shape, F&& f) {
    for (const Ring& ring : shape.rings) {
        const std::size_t n = ring.size();
        if (n < 3) continue;
        for (std::size_t i = 0; i + 1 < n; ++i) f(ring[i], ring[i + 1]);
        f(ring[n - 1], ring[0]);
    }
}

}  // namespace

std::uint32_t PolygonIndex::rowOf(double y) const {
    return std::min(static_cast<std::uint32_t>((y - m_extent.minY) / m_cellHeight), m_rows - 1);
}

bool PolygonIndex::crosses(Point p, std::uint32_t firstEdge, std::uint32_t endEdge) const {
    bool inside = false;
    for (std::uint32_t i = firstEdge; i < endEdge; ++i) {
        const Edge& e = m_edges[i];
        if (e.y0 <= p.y && p.y < e.y1) {
            // Quick rejections before the exact predicate.
            if (p.x >= std::max(e.x0, e.x1)) continue;
            if (p.x < std::min(e.x0, e.x1)) {
                inside = !inside;
                continue;
            }
            if (orientation({e.x0, e.y0}, {e.x1, e.y1}, p) > 0) inside = !inside;
        }
    }
    return inside;
}

bool PolygonIndex::contains(std::int32_t shape, Point p) const {
    const ShapeRows& s = m_shapes[static_cast<std::size_t>(shape)];
    if (s.rowCount == 0 || p.y < s.box.minY || p.y >= s.box.maxY || p.x < s.box.minX || p.x > s.box.maxX) return false;
    // p is inside the box, so its row is one of the shape's.
    const std::uint32_t band = s.firstBand + std::clamp(rowOf(p.y), s.firstRow, s.firstRow + s.rowCount - 1) - s.firstRow;
    return crosses(p, m_bandStart[band], m_bandStart[band + 1]);
}

std::uint64_t PolygonIndex::cellKey(Point p) const {
    if (m_cols == 0 || !(p.x >= m_extent.minX && p.x <= m_extent.maxX && p.y >= m_extent.minY && p.y <= m_extent.maxY))
        return std::numeric_limits<std::uint64_t>::max();
    const auto col = std::min<std::uint32_t>(static_cast<std::uint32_t>((p.x - m_extent.minX) / m_cellWidth), m_cols - 1);
    return static_cast<std::uint64_t>(rowOf(p.y)) * m_cols + col;
}

std::int32_t PolygonIndex::locate(Point p) const {
    const std::uint64_t cell = cellKey(p);
    if (cell == std::numeric_limits<std::uint64_t>::max()) return -1;
    const std::uint32_t word = m_cells[cell];
    if ((word & kDirect) != 0) return word == kNone ? -1 : static_cast<std::int32_t>(word & ~kDirect);
    for (const Entry* e = &m_entries[word];; ++e) {
        if ((e->shape & kCovers) != 0 || crosses(p, e->firstEdge, e->endEdge))
            return static_cast<std::int32_t>(e->shape & kShapeBits);
        if ((e->shape & kLast) != 0) return -1;
    }
}

std::int32_t PolygonIndex::locate(Point p, CellCache& cache) const {
    const std::uint64_t cell = cellKey(p);
    if (cell == cache.cell) return cache.shape;
    if (cell == std::numeric_limits<std::uint64_t>::max()) return -1;  // outside the extent
    const std::uint32_t word = m_cells[cell];
    if ((word & kDirect) != 0) {
        cache = {cell, word == kNone ? -1 : static_cast<std::int32_t>(word & ~kDirect)};
        return cache.shape;
    }
    if ((m_entries[word].shape & kCovers) != 0) {
        cache = {cell, static_cast<std::int32_t>(m_entries[word].shape & kShapeBits)};
        return cache.shape;
    }
    return locate(p);
}

bool PolygonIndex::shapesNear(const Box& box, std::vector<std::int32_t>& out) const {
    out.clear();
    if (m_cols == 0 || box.maxX < m_extent.minX || box.minX > m_extent.maxX || box.maxY < m_extent.minY ||
        box.minY > m_extent.maxY)
        return true;
    auto cellOf = [](double v, double origin, double size, std::uint32_t count) {
        return static_cast<std::size_t>(std::clamp(std::floor((v - origin) / size), 0.0, static_cast<double>(count - 1)));
    };
    const std::size_t c0 = cellOf(box.minX, m_extent.minX, m_cellWidth, m_cols);
    const std::size_t c1 = cellOf(box.maxX, m_extent.minX, m_cellWidth, m_cols);
    const std::size_t r0 = cellOf(box.minY, m_extent.minY, m_cellHeight, m_rows);
    const std::size_t r1 = cellOf(box.maxY, m_extent.minY, m_cellHeight, m_rows);
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > m_shapes.size()) return false;
    for (std::size_t r = r0; r <= r1; ++r)
        for (std::size_t c = c0; c <= c1; ++c) {
            const std::uint32_t word = m_cells[r * m_cols + c];
            if ((word & kDirect) != 0) {
                if (word != kNone) out.push_back(static_cast<std::int32_t>(word & ~kDirect));
                continue;
            }
            for (const Entry* e = &m_entries[word];; ++e) {
                out.push_back(static_cast<std::int32_t>(e->shape & kShapeBits));
                if ((e->shape & kLast) != 0) break;
            }
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return true;
}

std::shared_ptr<const PolygonIndex> PolygonIndex::of(const std::vector<Shape>& shapes) {
    auto index = std::make_shared<PolygonIndex>();
    index->build(shapes);
    return index;
}

std::size_t PolygonIndex::memoryBytes() const {
    return m_shapes.size() * sizeof(ShapeRows) + m_bandStart.size() * 4 + m_edges.size() * sizeof(Edge) +
           m_cells.size() * 4 + m_entries.size() * sizeof(Entry);
}

void PolygonIndex::build(const std::vector<Shape>& shapes, double targetCellsPerEdge) {
    m_shapes.assign(shapes.size(), {});
    m_bandStart.clear();
    m_edges.clear();
    m_cells.clear();
    m_entries.clear();
    m_cols = m_rows = 0;

    // 1. Per shape, in parallel: bounding box and edge count. Horizontal edges
    //    (and repeated closing vertices) cross no ray: they are not counted.
    constexpr double inf = std::numeric_limits<double>::infinity();
    const unsigned threads = shapes.size() < 256 ? 1 : 0;
    std::vector<std::size_t> edgeCounts(shapes.size(), 0);
    parallelRanges(shapes.size(), threads, [&](std::size_t begin, std::size_t end) {
        for (std::size_t s = begin; s < end; ++s) {
            Box box{inf, inf, -inf, -inf};
            std::size_t edges = 0;
            forEachEdge(shapes[s], [&](Point a, Point b) {
                box.minX = std::min(box.minX, a.x);
                box.maxX = std::max(box.maxX, a.x);
                box.minY = std::min(box.minY, a.y);
                box.maxY = std::max(box.maxY, a.y);
                edges += a.y != b.y ? 1 : 0;
            });
            m_shapes[s].box = box;
            edgeCounts[s] = edges;
        }
    });
    m_extent = {inf, inf, -inf, -inf};
    std::size_t totalEdges = 0;
    for (std::size_t s = 0; s < shapes.size(); ++s) {
        totalEdges += edgeCounts[s];
        if (edgeCounts[s] != 0) {
            const Box& box = m_shapes[s].box;
            m_extent = {std::min(m_extent.minX, box.minX), std::min(m_extent.minY, box.minY),
                        std::max(m_extent.maxX, box.maxX), std::max(m_extent.maxY, box.maxY)};
        }
    }
    if (totalEdges == 0) return;

    // 2. Grid geometry: about targetCellsPerEdge cells per edge, square-ish cells.
    const double width = std::max(m_extent.maxX - m_extent.minX, 1e-12);
    const double height = std::max(m_extent.maxY - m_extent.minY, 1e-12);
    const double targetCells = std::clamp(static_cast<double>(totalEdges) * targetCellsPerEdge, 64.0, 8.0e6);
    const double cellSide = std::sqrt(width * height / targetCells);
    m_cols = static_cast<std::uint32_t>(std::clamp(std::ceil(width / cellSide), 1.0, 16384.0));
    m_rows = static_cast<std::uint32_t>(std::clamp(std::ceil(height / cellSide), 1.0, 16384.0));
    m_cellWidth = width / m_cols;
    m_cellHeight = height / m_rows;
    const std::size_t cellCount = static_cast<std::size_t>(m_cols) * m_rows;

    // The column and row of a coordinate as locate() finds them (a shape's box
    // of cells must match), and quicker ones by multiplication for the marking,
    // which widens every range by a slack far above their rounding difference.
    // Truncating after the clamp is the floor.
    const Box extent = m_extent;
    const double lastCol = m_cols - 1, lastRow = m_rows - 1;
    const double cellWidth = m_cellWidth, cellHeight = m_cellHeight;
    const double perWidth = 1 / cellWidth, perHeight = 1 / cellHeight;
    const double slackX = cellWidth * 1e-9, slackY = cellHeight * 1e-9;
    auto colOf = [=](double x) { return static_cast<std::int64_t>(std::clamp((x - extent.minX) / cellWidth, 0.0, lastCol)); };
    auto rowOfY = [=](double y) { return static_cast<std::int64_t>(std::clamp((y - extent.minY) / cellHeight, 0.0, lastRow)); };
    auto nearCol = [=](double x) { return static_cast<std::int64_t>(std::clamp((x - extent.minX) * perWidth, 0.0, lastCol)); };
    auto nearRow = [=](double y) { return static_cast<std::int64_t>(std::clamp((y - extent.minY) * perHeight, 0.0, lastRow)); };
    // The rows an edge may be looked up in: every row a point of it could be
    // given, widened by the slack.
    auto edgeRows = [&](const ShapeRows& sr, Point a, Point b) {
        const auto r0 = static_cast<std::int64_t>(sr.firstRow), r1 = r0 + sr.rowCount - 1;
        return std::pair{std::max(r0, nearRow(std::min(a.y, b.y) - slackY)), std::min(r1, nearRow(std::max(a.y, b.y) + slackY))};
    };

    // 3. One band per shape and grid row of its box, holding the shape's edges
    //    that reach into the row: sizes in parallel, then offsets, then every
    //    shape's bands filled in parallel into its own slice (ring order).
    std::vector<std::size_t> edgeBase(shapes.size() + 1, 0);
    parallelRanges(shapes.size(), threads, [&](std::size_t begin, std::size_t end) {
        for (std::size_t s = begin; s < end; ++s) {
            ShapeRows& sr = m_shapes[s];
            if (edgeCounts[s] == 0) continue;
            sr.firstRow = static_cast<std::uint32_t>(rowOfY(sr.box.minY));
            sr.rowCount = static_cast<std::uint32_t>(rowOfY(sr.box.maxY)) - sr.firstRow + 1;
            std::size_t copies = 0;
            forEachEdge(shapes[s], [&](Point a, Point b) {
                if (a.y == b.y) return;
                const auto [ra, rb] = edgeRows(sr, a, b);
                copies += static_cast<std::size_t>(rb - ra + 1);
            });
            edgeBase[s + 1] = copies;
        }
    });
    std::size_t bands = 0;
    for (std::size_t s = 0; s < shapes.size(); ++s) {
        m_shapes[s].firstBand = static_cast<std::uint32_t>(bands);
        bands += m_shapes[s].rowCount;
        edgeBase[s + 1] += edgeBase[s];
    }
    m_bandStart.assign(bands + 1, 0);
    m_edges.resize(edgeBase.back());
    parallelRanges(shapes.size(), threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t> cursor;
        for (std::size_t s = begin; s < end; ++s) {
            const ShapeRows& sr = m_shapes[s];
            if (sr.rowCount == 0) continue;
            cursor.assign(sr.rowCount, 0);
            forEachEdge(shapes[s], [&](Point a, Point b) {
                if (a.y == b.y) return;
                const auto [ra, rb] = edgeRows(sr, a, b);
                for (std::int64_t r = ra; r <= rb; ++r) ++cursor[static_cast<std::size_t>(r - sr.firstRow)];
            });
            auto offset = static_cast<std::uint32_t>(edgeBase[s]);
            for (std::uint32_t band = 0; band < sr.rowCount; ++band) {
                m_bandStart[sr.firstBand + band] = offset;
                const std::uint32_t count = cursor[band];
                cursor[band] = offset;
                offset += count;
            }
            forEachEdge(shapes[s], [&](Point a, Point b) {
                if (a.y == b.y) return;
                const Edge e = a.y < b.y ? Edge{a.x, a.y, b.x, b.y} : Edge{b.x, b.y, a.x, a.y};
                const auto [ra, rb] = edgeRows(sr, a, b);
                for (std::int64_t r = ra; r <= rb; ++r) m_edges[cursor[static_cast<std::size_t>(r - sr.firstRow)]++] = e;
            });
        }
    });
    m_bandStart.back() = static_cast<std::uint32_t>(m_edges.size());

    // 4. Cells each shape's boundary passes through (conservative supercover),
    //    and cells entirely inside the shape (scanline at the cell-row centre).
    //    In parallel over ranges of shapes, each with its own list of
    //    (cell, shape | kCovers) pairs.
    const unsigned parts = threadCount(threads, shapes.size());
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> rangePairs(parts);
    parallelRanges(parts, parts, [&](std::size_t part, std::size_t) {
        auto& pairs = rangePairs[part];
        const std::size_t begin = shapes.size() * part / parts, end = shapes.size() * (part + 1) / parts;
        std::size_t boxCells = 0;  // at most one pair per cell of a shape's box
        for (std::size_t s = begin; s < end; ++s)
            if (m_shapes[s].rowCount != 0)
                boxCells += static_cast<std::size_t>(colOf(m_shapes[s].box.maxX) - colOf(m_shapes[s].box.minX) + 1) *
                            m_shapes[s].rowCount;
        pairs.reserve(boxCells);
        std::vector<std::uint8_t> touched;
        std::vector<std::pair<std::int64_t, double>> crossings;  // (row, x)
        for (std::size_t s = begin; s < end; ++s) {
            const ShapeRows& sr = m_shapes[s];
            if (sr.rowCount == 0) continue;
            const std::int64_t c0 = colOf(sr.box.minX), c1 = colOf(sr.box.maxX);
            const auto r0 = static_cast<std::int64_t>(sr.firstRow), r1 = r0 + sr.rowCount - 1;
            const std::size_t bw = static_cast<std::size_t>(c1 - c0 + 1);
            touched.assign(bw * sr.rowCount, 0);
            auto mark = [&](double xa, double xb, std::int64_t r) {
                // The slack may reach a column outside this shape's box (when the box
                // starts on a grid line): such cells cannot hold the shape, skip them.
                const std::int64_t ca = std::max(c0, nearCol(std::min(xa, xb) - slackX));
                const std::int64_t cb = std::min(c1, nearCol(std::max(xa, xb) + slackX));
                for (std::int64_t c = ca; c <= cb; ++c)
                    touched[static_cast<std::size_t>(r - r0) * bw + static_cast<std::size_t>(c - c0)] = 1;
            };
            // Every ring edge, horizontal ones included.
            forEachEdge(shapes[s], [&](Point a, Point b) {
                if (a.y > b.y) std::swap(a, b);
                const auto [ra, rb] = edgeRows(sr, a, b);
                if (ra == rb) {
                    mark(a.x, b.x, ra);
                    return;
                }
                if (a.y == b.y) {  // horizontal, near a row boundary
                    for (std::int64_t r = ra; r <= rb; ++r) mark(a.x, b.x, r);
                    return;
                }
                const double k = (b.x - a.x) / (b.y - a.y);
                for (std::int64_t r = ra; r <= rb; ++r) {
                    const double yLo = std::max(a.y, extent.minY + static_cast<double>(r) * cellHeight);
                    const double yHi = std::min(b.y, extent.minY + static_cast<double>(r + 1) * cellHeight);
                    const double xa = a.x + (std::clamp(yLo, a.y, b.y) - a.y) * k;
                    const double xb = a.x + (std::clamp(yHi, a.y, b.y) - a.y) * k;
                    mark(xa, xb, r);
                }
            });
            // Where the shape's edges cross each cell row's centre line, by row
            // (an edge counts when its lower end is at or below the line and its
            // upper end above it, as in crosses()).
            crossings.clear();
            forEachEdge(shapes[s], [&](Point a, Point b) {
                if (a.y == b.y) return;
                if (a.y > b.y) std::swap(a, b);
                for (std::int64_t r = std::max(r0, nearRow(a.y) - 1); r <= r1; ++r) {
                    const double yc = extent.minY + (static_cast<double>(r) + 0.5) * cellHeight;
                    if (yc >= b.y) break;
                    if (yc >= a.y) crossings.emplace_back(r, a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y));
                }
            });
            std::sort(crossings.begin(), crossings.end());
            std::size_t k = 0;
            for (std::int64_t r = r0; r <= r1; ++r) {
                std::size_t left = 0;  // crossings of this row at or left of the cell centre
                for (std::int64_t c = c0; c <= c1; ++c) {
                    const std::size_t cell = static_cast<std::size_t>(r) * m_cols + static_cast<std::size_t>(c);
                    const bool edge = touched[static_cast<std::size_t>(r - r0) * bw + static_cast<std::size_t>(c - c0)] != 0;
                    const double xc = extent.minX + (static_cast<double>(c) + 0.5) * cellWidth;
                    while (k < crossings.size() && crossings[k].first == r && crossings[k].second <= xc) {
                        ++k;
                        ++left;
                    }
                    if (edge)
                        pairs.emplace_back(static_cast<std::uint32_t>(cell), static_cast<std::uint32_t>(s));
                    else if (left % 2 == 1)
                        pairs.emplace_back(static_cast<std::uint32_t>(cell), static_cast<std::uint32_t>(s) | kCovers);
                }
                while (k < crossings.size() && crossings[k].first == r) ++k;
            }
        }
    });

    // 5. Cells and entries by a stable counting sort: pairs were made in shape
    //    order (the ranges' lists taken in range order), so each cell's entries
    //    stay in shape order (first in layer order wins). A cell whose only
    //    entry covers it holds that shape itself.
    std::vector<std::uint32_t> start(cellCount + 1, 0);
    for (const auto& pairs : rangePairs)
        for (const auto& pr : pairs) ++start[pr.first + 1];
    for (std::size_t c = 0; c < cellCount; ++c) start[c + 1] += start[c];
    std::vector<std::uint32_t> sorted(start.back());
    {
        std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
        for (const auto& pairs : rangePairs)
            for (const auto& pr : pairs) sorted[cursor[pr.first]++] = pr.second;
    }
    rangePairs.clear();
    m_cells.resize(cellCount);
    std::size_t listed = 0;  // entries of the cells that keep a list
    for (std::size_t c = 0; c < cellCount; ++c) {
        const std::uint32_t b = start[c], e = start[c + 1];
        if (b == e) {
            m_cells[c] = kNone;
        } else if (e - b == 1 && (sorted[b] & kCovers) != 0) {
            m_cells[c] = kDirect | (sorted[b] & kShapeBits);
        } else {
            listed += e - b;
            m_cells[c] = 0;  // a list: its place is set below
        }
    }
    m_entries.resize(listed);
    std::uint32_t next = 0;
    const auto row = [&](std::size_t c) { return static_cast<std::uint32_t>(c / m_cols); };
    for (std::size_t c = 0; c < cellCount; ++c) {
        if ((m_cells[c] & kDirect) != 0) continue;
        m_cells[c] = next;
        for (std::uint32_t i = start[c]; i < start[c + 1]; ++i) {
            const std::uint32_t shape = sorted[i] & kShapeBits;
            const ShapeRows& sr = m_shapes[shape];
            const std::uint32_t band = sr.firstBand + row(c) - sr.firstRow;
            Entry& entry = m_entries[next++];
            entry.shape = sorted[i] | (i + 1 == start[c + 1] ? kLast : 0U);
            entry.firstEdge = (sorted[i] & kCovers) != 0 ? 0 : m_bandStart[band];
            entry.endEdge = (sorted[i] & kCovers) != 0 ? 0 : m_bandStart[band + 1];
        }
    }
}

}  // namespace wardscope::core
