#pragma once
// What a map shows, loaded for the viewer and `wardscope map` (no Qt here): the
// ward polygons of an analysis output (or any polygon layer) in a metric display
// CRS with every attribute, and, beside an analysis output, its density surface
// and hotspot polygons.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/kde.h"
#include "gis/crs.h"

namespace wardscope::gis {

struct MapField {
    std::string name;
    bool numeric = false;
};

struct MapData {
    std::filesystem::path source;  ///< the file the wards came from
    std::string layerName;
    Crs displayCrs;                ///< metric (the same rule as the analysis)
    std::vector<core::Shape> shapes;  ///< one per ward, display CRS
    std::vector<core::Box> boxes;
    core::Box extent;
    std::vector<MapField> fields;
    std::vector<std::vector<double>> numbers;     ///< [field][ward]; NaN when null or not numeric
    std::vector<std::vector<std::string>> texts;  ///< [field][ward]; "" when null
    std::optional<core::Raster> density;          ///< band 1 of density.tif, display CRS (NaN = nodata)
    std::string densityUnits;
    std::vector<core::Shape> hotspots;             ///< hotspots.geojson contours, display CRS
    std::vector<std::string> hotspotLabels;        ///< "50 %", "75 %", ...
    /// Campaign sites (campaign_sites.geojson) and inspection routes (routes.geojson)
    /// found in the folder or its campaign/ and routes/ subfolders, display CRS.
    struct Site {
        core::Point point;
        std::string label;  ///< rank
    };
    std::vector<Site> sites;
    struct Route {
        std::vector<core::Point> line;
        std::vector<core::Point> stops;  ///< in visiting order
    };
    std::vector<Route> routes;
    std::vector<std::string> notes;                ///< what could not be loaded, and why

    [[nodiscard]] int fieldIndex(const std::string& name) const;
    [[nodiscard]] std::size_t wards() const { return shapes.size(); }
    /// True when the disclosure policy withheld `field` for ward i (its
    /// `suppressed` field lists the withheld fields).
    [[nodiscard]] bool suppressed(std::size_t ward, const std::string& field) const;
    /// The ward's name for labels: ward_full_name, ward_name, name, or the first text field.
    [[nodiscard]] std::string wardLabel(std::size_t ward) const;
};

/// Loads an analysis output folder (wards.gpkg or wards.geojson, plus density.tif
/// and hotspots.geojson when present), or a GeoPackage / GeoJSON polygon layer
/// ("file[:layer]"). Throws InputError with the reason.
MapData loadMapData(const std::string& path);

}  // namespace wardscope::gis
