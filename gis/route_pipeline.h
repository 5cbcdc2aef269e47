#pragma once
// Pipeline API for inspection routes (`wardscope route`): stops from a point
// layer or CSV, a depot, one or several inspectors with limits; routes by
// straight lines in the metric CRS (docs/methods.md, "Routes").
#include <filesystem>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/routing.h"
#include "gis/crs.h"

namespace wardscope::gis {

struct RouteRequest {
    std::string stops;             ///< CSV (lon/lat or x/y columns) or a point layer, "file[:layer]"
    /// Or: the top wards of an analysis output (folder or ward layer) by a field,
    /// each visited at its representative point.
    std::string topWards;
    std::string topBy = "gi_star_z";
    std::size_t topCount = 10;
    std::string crs = "EPSG:4326"; ///< CRS of CSV coordinates (a layer's own CRS wins)
    std::string depot;             ///< "LON,LAT" (in `crs`) or a stop id
    std::size_t inspectors = 1;
    std::size_t maxStops = 0;      ///< per route; 0 = none
    double maxKm = 0;              ///< per route (estimated travel); 0 = none
    double detour = 0;             ///< estimated travel = length x detour; 0: 1.3 by straight lines, 1 on roads
    std::string roads;             ///< optional road network: a line layer ("file[:layer]"); distances along it
    std::string metricCrs;         ///< empty: the analysis rule for the stops' location
    std::uint64_t seed = 1;
    std::filesystem::path outDir;
    void validate() const;
};

struct RouteStop {
    std::string id, name;
    core::Point lonLat;  ///< WGS 84
    core::Point metric;
};

struct RouteResult {
    std::vector<RouteStop> stops;   ///< index 0 is the depot
    core::VrpResult vrp;            ///< stop indices into `stops`
    std::string metricCrs;
    double lengthM = 0;             ///< routed length: along the roads, else straight lines
    double detour = 1.3;            ///< the factor used
    bool onRoads = false;
    double estimatedTravelM = 0;    ///< lengthM x detour
    std::vector<std::filesystem::path> outputs;
    std::vector<std::string> warnings;
};

/// Reads the stops, solves, and writes routes.geojson (routes as LineStrings and
/// stops with their order), routes.gpx, itinerary.csv, itinerary.html and
/// route_summary.json into outDir, atomically.
RouteResult runRoute(const RouteRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
