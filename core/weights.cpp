#include "core/weights.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wardscope::core {

Weights Weights::fromNeighbours(const std::vector<std::vector<std::int32_t>>& neighbours,
                                const std::vector<std::vector<double>>& values) {
    Weights w;
    w.m_offsets.assign(neighbours.size() + 1, 0);
    for (std::size_t i = 0; i < neighbours.size(); ++i) w.m_offsets[i + 1] = w.m_offsets[i] + neighbours[i].size();
    w.m_neighbours.reserve(w.m_offsets.back());
    w.m_values.reserve(w.m_offsets.back());
    std::vector<std::pair<std::int32_t, double>> row;
    for (std::size_t i = 0; i < neighbours.size(); ++i) {
        row.clear();
        for (std::size_t k = 0; k < neighbours[i].size(); ++k)
            row.emplace_back(neighbours[i][k], i < values.size() && k < values[i].size() ? values[i][k] : 1.0);
        std::sort(row.begin(), row.end());  // neighbours in index order
        for (const auto& [j, v] : row) {
            w.m_neighbours.push_back(j);
            w.m_values.push_back(v);
        }
    }
    return w;
}

double Weights::weightSum(std::size_t i) const {
    double s = 0;
    for (std::size_t k = m_offsets[i]; k < m_offsets[i + 1]; ++k) s += m_values[k];
    return s;
}

Weights Weights::rowStandardized() const {
    Weights w = *this;
    for (std::size_t i = 0; i < size(); ++i) {
        const double s = weightSum(i);
        if (s <= 0) continue;
        for (std::size_t k = m_offsets[i]; k < m_offsets[i + 1]; ++k) w.m_values[k] = m_values[k] / s;
    }
    return w;
}

Weights Weights::binary() const {
    Weights w = *this;
    std::fill(w.m_values.begin(), w.m_values.end(), 1.0);
    return w;
}

bool Weights::symmetric() const {
    for (std::size_t i = 0; i < size(); ++i) {
        for (std::size_t k = m_offsets[i]; k < m_offsets[i + 1]; ++k) {
            const auto j = static_cast<std::size_t>(m_neighbours[k]);
            const auto* b = neighboursBegin(j);
            const auto* e = b + degree(j);
            if (!std::binary_search(b, e, static_cast<std::int32_t>(i))) return false;
        }
    }
    return true;
}

std::vector<std::vector<std::int32_t>> Weights::neighbourLists() const {
    std::vector<std::vector<std::int32_t>> out(size());
    for (std::size_t i = 0; i < size(); ++i) out[i].assign(neighboursBegin(i), neighboursBegin(i) + degree(i));
    return out;
}

WeightsSummary summarize(const Weights& w) {
    WeightsSummary s;
    s.n = w.size();
    s.links = w.links();
    if (s.n == 0) return s;
    s.minNeighbours = std::numeric_limits<std::size_t>::max();
    for (std::size_t i = 0; i < s.n; ++i) {
        const std::size_t d = w.degree(i);
        s.minNeighbours = std::min(s.minNeighbours, d);
        s.maxNeighbours = std::max(s.maxNeighbours, d);
        ++s.histogram[d];
        if (d == 0) s.islands.push_back(static_cast<std::int32_t>(i));
    }
    s.meanNeighbours = static_cast<double>(s.links) / static_cast<double>(s.n);
    // Components of the undirected graph (links taken both ways).
    std::vector<std::vector<std::int32_t>> adjacency = w.neighbourLists();
    for (std::size_t i = 0; i < s.n; ++i)
        for (std::size_t k = 0; k < w.degree(i); ++k)
            adjacency[static_cast<std::size_t>(w.neighboursBegin(i)[k])].push_back(static_cast<std::int32_t>(i));
    std::vector<char> seen(s.n, 0);
    std::vector<std::int32_t> stack;
    for (std::size_t i = 0; i < s.n; ++i) {
        if (seen[i]) continue;
        ++s.components;
        seen[i] = 1;
        stack.push_back(static_cast<std::int32_t>(i));
        while (!stack.empty()) {
            const auto v = static_cast<std::size_t>(stack.back());
            stack.pop_back();
            for (std::int32_t u : adjacency[v]) {
                if (!seen[static_cast<std::size_t>(u)]) {
                    seen[static_cast<std::size_t>(u)] = 1;
                    stack.push_back(u);
                }
            }
        }
    }
    return s;
}

namespace {
double distance2(Point a, Point b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); }
}  // namespace

std::vector<std::vector<std::int32_t>> kNearestNeighbours(const std::vector<Point>& points, std::size_t k) {
    const std::size_t n = points.size();
    k = std::min(k, n > 0 ? n - 1 : 0);
    std::vector<std::vector<std::int32_t>> out(n);
    std::vector<std::pair<double, std::int32_t>> candidates;
    for (std::size_t i = 0; i < n; ++i) {
        candidates.clear();
        for (std::size_t j = 0; j < n; ++j)
            if (j != i) candidates.emplace_back(distance2(points[i], points[j]), static_cast<std::int32_t>(j));
        std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k), candidates.end());
        for (std::size_t m = 0; m < k; ++m) out[i].push_back(candidates[m].second);
    }
    return out;
}

std::vector<std::vector<std::int32_t>> distanceBand(const std::vector<Point>& points, double distance) {
    const std::size_t n = points.size();
    std::vector<std::vector<std::int32_t>> out(n);
    const double d2 = distance * distance;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            if (distance2(points[i], points[j]) <= d2) {
                out[i].push_back(static_cast<std::int32_t>(j));
                out[j].push_back(static_cast<std::int32_t>(i));
            }
    return out;
}

double minimumConnectingDistance(const std::vector<Point>& points) {
    double worst = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < points.size(); ++j)
            if (j != i) best = std::min(best, distance2(points[i], points[j]));
        if (std::isfinite(best)) worst = std::max(worst, best);
    }
    return std::sqrt(worst);
}

std::vector<std::int32_t> attachIslands(std::vector<std::vector<std::int32_t>>& neighbours,
                                        const std::vector<Point>& points, std::size_t k) {
    std::vector<std::int32_t> islands;
    for (std::size_t i = 0; i < neighbours.size(); ++i)
        if (neighbours[i].empty()) islands.push_back(static_cast<std::int32_t>(i));
    if (islands.empty()) return islands;
    const auto knn = kNearestNeighbours(points, k);
    for (std::int32_t i : islands) {
        for (std::int32_t j : knn[static_cast<std::size_t>(i)]) {
            auto& a = neighbours[static_cast<std::size_t>(i)];
            auto& b = neighbours[static_cast<std::size_t>(j)];
            if (std::find(a.begin(), a.end(), j) == a.end()) a.push_back(j);
            if (std::find(b.begin(), b.end(), i) == b.end()) b.push_back(i);
        }
    }
    return islands;
}

}  // namespace wardscope::core
