#pragma once
// Synthetic case and survey records for demonstrations, tests and benchmarks.
// Everything it writes is invented: ids start with "SYN-", and the planted
// concentrations are illustrative, not findings about real places.
#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/geometry.h"
#include "core/polygon_index.h"
#include "core/table.h"

namespace wardscope::core {

struct SynthWard {
    std::string code;
    std::string name;
    double population = 0;  ///< total residents (declared)
};

/// A planted concentration of cases around a point (lon/lat).
struct PlantedHotspot {
    std::string label;       ///< "craft village belt", ...
    Point centre;            ///< lon/lat
    double sigmaMeters = 2000;
    double extraCases = 100;  ///< expected cases on top of the background
    std::string sector;       ///< sector written on its cases
    double workingShare = 0.15;  ///< share of surveyed children working near it
};

struct SynthOptions {
    std::uint64_t seed = 2025;
    /// Children aged 5-17 as a share of residents: 0.1927, from the 2019 census
    /// by age for Hai Phong + Hai Duong (5-9 + 10-14 + 3/5 of 15-19; docs/formats.md).
    double childShare = 0.1927;
    double backgroundCasesPer1000Children = 1.0;
    double surveyCoverage = 0.10;  ///< share of children whose household is surveyed
    Date first{2021, 1, 1};
    Date last{2025, 6, 30};
    double withoutCoordinatesShare = 0.05;  ///< cases given by ward code or name only
    std::vector<PlantedHotspot> hotspots;   ///< empty: defaultHaiPhongHotspots()
};

std::vector<PlantedHotspot> defaultHaiPhongHotspots();

struct SynthResult {
    Table cases;
    Table survey;
    std::vector<std::string> messyCaseLines;  ///< raw CSV lines, header first
    /// (1-based line number in the messy file, expected reject code or "accepted")
    std::vector<std::pair<std::size_t, std::string>> messyExpectations;
    std::vector<std::int64_t> plantedCasesPerHotspot;
};

/// `index` holds the ward shapes in lon/lat, in the same order as `wards`.
SynthResult synthesize(const std::vector<SynthWard>& wards, const PolygonIndex& index, const SynthOptions& options);

/// `count` points spread over the wards by area (uniform in the union), for benchmarks.
std::vector<Point> randomPointsInShapes(const PolygonIndex& index, std::size_t count, std::uint64_t seed);

}  // namespace wardscope::core
