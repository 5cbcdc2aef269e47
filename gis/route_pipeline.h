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
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct RouteRequest {
    std::string stops;             ///< CSV (lon/lat or x/y columns) or a point layer, "file[:layer]"
    /// Or: the top wards of an analysis output (folder or ward layer) by a field,
    /// each visited at its representative point.
    std::string topWards;
    std::string topBy = "gi_star_z";
    std::size_t topCount = 10;
    std::string crs = "EPSG:4326"; ///< CRS of CSV coordinates (a layer's own CRS wins)
    /// Optional, with --stops: the ward boundaries, to find the stops (and the
    /// depot) in island wards (đặc khu), whose legs are by boat, not by road.
    WardLayerOptions wards;
    std::string depot;             ///< "LON,LAT" (in `crs`) or a stop id
    std::size_t inspectors = 1;
    /// Several routes minimise the longest (inspectors out the same day: the day
    /// ends when the last is back), or the total distance.
    core::VrpObjective objective = core::VrpObjective::Longest;
    std::size_t maxStops = 0;      ///< per route; 0 = none
    double maxKm = 0;              ///< per route (estimated travel); 0 = none
    double detour = 0;             ///< estimated travel = length x detour; 0: 1.3 by straight lines, 1 on roads
    std::string roads;             ///< optional road network: a line layer ("file[:layer]"); distances along it
    std::string metricCrs;         ///< empty: the analysis rule for the stops' location
    double speedKmh = 25;          ///< average travel speed, for the itinerary's times (motorbike in town)
    std::size_t days = 0;          ///< working days available; 0: as many as the routes need
    std::uint64_t seed = 1;
    std::filesystem::path outDir;
    void validate() const;
};

struct RouteStop {
    std::string id, name;
    core::Point lonLat;  ///< WGS 84
    core::Point metric;
    std::string address;  ///< e.g. the ward's administrative office
    std::string reason;   ///< why it is on the list (its hotspot class and value, for --top-wards)
    bool island = false;  ///< in an island ward (đặc khu): reached by boat, not by road
    std::string ward;     ///< the ward it lies in (--top-wards, or --stops with --wards)
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
/// stops with their order), routes.gpx, itinerary.csv, itinerary.html (for a
/// phone, in Vietnamese) and route_summary.json into outDir, atomically. With
/// --top-wards, a ward is visited at its administrative office when the
/// boundary layer the analysis read (its manifest) gives one (admin_center,
/// admin_lon, admin_lat), else at a point inside it.
RouteResult runRoute(const RouteRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
