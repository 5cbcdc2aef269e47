#pragma once
// Donut geomasking of case points for an explicit export (docs/privacy.md).
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/geometry.h"
#include "core/records.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct GeomaskOptions {
    bool enabled = false;
    double minMeters = 0;   ///< every point moves at least this far...
    double maxMeters = 0;   ///< ...and at most this far
    std::uint64_t seed = 20251128;
    void validate() const;  ///< throws UsageError
    /// Parses "donut:MIN:MAX" (metres).
    static GeomaskOptions parse(const std::string& text, std::uint64_t seed);
};

struct GeomaskResult {
    std::vector<core::Point> points;  ///< displaced, in the ward layer's CRS
    std::vector<std::int32_t> wards;
    std::size_t fallbacks = 0;  ///< wards too small for the donut: a random point of the ward instead
};

/// Moves each point (ward layer CRS) by a random distance in [min, max] metres
/// (uniform over the ring's area) in a random direction, in the metric CRS,
/// redrawing until it lies inside its own ward (up to 1,000 draws; then a random
/// point of the ward). Point i uses its own random stream from (seed, i), so the
/// result does not depend on anything but the seed and the input order.
GeomaskResult donutGeomask(const WardLayer& wards, const std::vector<core::JoinedPoint>& points,
                           const GeomaskOptions& options);

/// Writes the points as RFC 7946 GeoJSON with only the ward code (no identifiers).
void writeGeomaskedPoints(const std::filesystem::path& path, const WardLayer& wards, const GeomaskResult& masked);

}  // namespace wardscope::gis
