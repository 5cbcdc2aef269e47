#pragma once
// Ward boundaries read through GDAL: identity fields, geometry made valid with
// GEOS (MakeValid), rings for the point-in-polygon index, areas in the metric CRS.
#include <ogr_geometry.h>

#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/aggregate.h"
#include "core/geometry.h"
#include "core/polygon_index.h"
#include "core/ward_directory.h"
#include "gis/crs.h"

namespace wardscope::gis {

struct WardLayerOptions {
    std::string path;            ///< file, or "file:layer"
    std::string idField;         ///< required: the ward code
    std::string nameField;       ///< optional: auto "name" when present
    std::string fullNameField;   ///< optional: auto "full_name" when present
    std::string populationField; ///< optional: population from the layer
    std::string metricCrs;       ///< optional: user's metric CRS
    /// optional: the layer's CRS, for a layer that declares none (or an
    /// undefined one: Crs::isUndefined); replaces what the layer declares.
    std::string layerCrs;
    std::vector<std::string> numericFields;  ///< more fields to read as numbers
    /// Where the prepared layer is kept between runs (gis/ward_layer_cache.h);
    /// empty: no cache (front ends pass defaultLayerCacheDir()).
    std::filesystem::path cacheDir;
};

struct WardLayer {
    std::string path;
    std::string layerName;
    std::string idField;
    Crs crs;        ///< the layer's CRS (empty when it has none)
    Crs metricCrs;  ///< where areas and distances are computed
    std::string metricCrsReason;
    /// No CRS (nor --wards-crs): geometry is planar in the layer's own units,
    /// whose size is unknown, so there are no areas (NaN), no densities and no
    /// distances in metres; contiguity and counts still work.
    [[nodiscard]] bool planar() const { return metricCrs.empty(); }
    std::vector<core::WardInfo> wards;
    /// In `crs`, valid; null for a ward whose shape is one ring of at most 64
    /// vertices (2D), which is its polygon: geometry(i) gives every ward's.
    std::vector<std::unique_ptr<OGRGeometry>> geometries;
    /// The same, as rings. A layer read from the cache copies them out of its
    /// entry on the first request (a join needs only the index).
    [[nodiscard]] const std::vector<core::Shape>& shapes() const;
    /// The loaders' side: the rings, or what makes them on the first request.
    void setShapes(std::vector<core::Shape> rings);
    /// `firstRing(i)`: ward i's first ring where it lies (a cached layer's mapped
    /// entry), so that the polygon of a ward of one small ring (geometry(i))
    /// needs no copy of every ward's rings.
    void setShapes(std::function<std::vector<core::Shape>()> make,
                   std::function<std::span<const core::Point>(std::size_t)> firstRing);
    /// Point-in-polygon index of shapes(), and the codes and names for joins by
    /// code or name (both built while the areas are computed; a layer read from
    /// the cache has no directory: codeDirectory() makes one).
    std::shared_ptr<const core::PolygonIndex> index;
    std::shared_ptr<const core::WardDirectory> directory;
    /// To `metricCrs`: copies are cheap, making one searches PROJ's database.
    /// A layer read from the cache is ready before it is made: metricTransform()
    /// waits for it.
    std::shared_future<std::shared_ptr<const Transform>> toMetric;

    // What a step needs from the layer: the parts above when loadWardLayer made
    // them, else made now (a layer assembled by hand, as in tests).
    [[nodiscard]] std::shared_ptr<const core::PolygonIndex> pointIndex() const;
    [[nodiscard]] std::shared_ptr<const core::WardDirectory> codeDirectory() const;
    [[nodiscard]] std::unique_ptr<Transform> metricTransform() const;
    /// Ward i's geometry, in `crs` (a copy: of geometries[i], or the polygon of
    /// its one ring).
    [[nodiscard]] std::unique_ptr<OGRGeometry> geometry(std::size_t i) const;
    /// shapes() in `metricCrs`, made on request (the areas need them only for a
    /// moment; a step that keeps them, as the density mask, asks for them). The
    /// same vertices as the areas were computed from; a vertex that cannot be
    /// transformed (only in a layer assembled by hand) is NaN.
    [[nodiscard]] std::vector<core::Shape> metricRings() const;
    core::Box extentLonLat;
    std::vector<std::string> warnings;  ///< repairs and skipped features, with fids
    long featuresRead = 0;
    bool fromCache = false;  ///< read from the prepared-layer cache (WardLayerOptions::cacheDir)
    /// Values of WardLayerOptions::numericFields per ward (NaN when null or not a number).
    std::map<std::string, std::vector<double>> numeric;

private:
    struct Shapes;
    std::shared_ptr<Shapes> m_shapes;
};

/// Throws InputError for an unreadable layer, a missing id field, duplicate
/// codes or a layer without any polygon. With options.cacheDir, a layer
/// prepared before from the same file and options is read from the cache, and
/// one loaded from its file is kept there.
WardLayer loadWardLayer(const WardLayerOptions& options);

/// Appends the rings of a (multi)polygon geometry to a shape.
void appendRings(const OGRGeometry& geometry, core::Shape& shape);

/// The polygon whose exterior is `ring` (its vertices as they are, 2D).
std::unique_ptr<OGRPolygon> polygonOfRing(std::span<const core::Point> ring);

}  // namespace wardscope::gis
