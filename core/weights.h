#pragma once
// Spatial weights: a sparse neighbour graph (CSR), built from neighbour lists
// (contiguity comes from geometry in gis) or from points (k nearest neighbours,
// distance band). Pure computation: reading and writing GAL/GWT is in gis.
#include <cstdint>
#include <map>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

class Weights {
public:
    Weights() = default;
    /// neighbours[i] lists the neighbours of i (no self, no repeats); weights
    /// per link default to 1 (binary).
    static Weights fromNeighbours(const std::vector<std::vector<std::int32_t>>& neighbours,
                                  const std::vector<std::vector<double>>& values = {});

    [[nodiscard]] std::size_t size() const { return m_offsets.empty() ? 0 : m_offsets.size() - 1; }
    [[nodiscard]] std::size_t links() const { return m_neighbours.size(); }  ///< directed
    [[nodiscard]] std::size_t degree(std::size_t i) const { return m_offsets[i + 1] - m_offsets[i]; }
    [[nodiscard]] const std::int32_t* neighboursBegin(std::size_t i) const { return m_neighbours.data() + m_offsets[i]; }
    [[nodiscard]] const double* weightsBegin(std::size_t i) const { return m_values.data() + m_offsets[i]; }
    [[nodiscard]] double weightSum(std::size_t i) const;

    /// Each row scaled to sum to 1 (rows without neighbours stay empty).
    [[nodiscard]] Weights rowStandardized() const;
    /// All weights set to 1.
    [[nodiscard]] Weights binary() const;
    /// Symmetric: j in N(i) implies i in N(j).
    [[nodiscard]] bool symmetric() const;
    [[nodiscard]] std::vector<std::vector<std::int32_t>> neighbourLists() const;

private:
    std::vector<std::size_t> m_offsets;
    std::vector<std::int32_t> m_neighbours;
    std::vector<double> m_values;
};

struct WeightsSummary {
    std::size_t n = 0;
    std::size_t links = 0;
    std::size_t minNeighbours = 0;
    double meanNeighbours = 0;
    std::size_t maxNeighbours = 0;
    std::map<std::size_t, std::size_t> histogram;  ///< neighbour count -> wards
    std::vector<std::int32_t> islands;             ///< wards without neighbours
    std::size_t components = 0;                    ///< connected components (islands count as one each)
};
WeightsSummary summarize(const Weights& w);

/// k nearest neighbours of each point (ties broken by index); k < n.
std::vector<std::vector<std::int32_t>> kNearestNeighbours(const std::vector<Point>& points, std::size_t k);
/// Neighbours within `distance` (inclusive), symmetric.
std::vector<std::vector<std::int32_t>> distanceBand(const std::vector<Point>& points, double distance);
/// The smallest band that leaves no point without a neighbour: the largest
/// nearest-neighbour distance.
double minimumConnectingDistance(const std::vector<Point>& points);

/// Island policy "attach": each ward without neighbours is linked (both ways)
/// to its k nearest wards. Returns the wards that were attached.
std::vector<std::int32_t> attachIslands(std::vector<std::vector<std::int32_t>>& neighbours,
                                        const std::vector<Point>& points, std::size_t k);

}  // namespace wardscope::core
