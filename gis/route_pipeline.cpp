#include "gis/route_pipeline.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "core/csv_reader.h"
#include "core/road_network.h"
#include "core/error.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/contiguity.h"
#include "gis/point_layer.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

void RouteRequest::validate() const {
    if (stops.empty() == topWards.empty()) throw UsageError("give either --stops or --top-wards");
    if (!topWards.empty() && topCount < 1) throw UsageError("--top must be at least 1");
    if (depot.empty()) throw UsageError("--depot is required (LON,LAT or a stop id)");
    if (outDir.empty()) throw UsageError("--out is required");
    if (inspectors < 1) throw UsageError("--inspectors must be at least 1");
    if (maxKm < 0) throw UsageError("--max-km must be positive");
    if (detour != 0 && !(detour >= 1)) throw UsageError("--detour must be 1 or more");
}

namespace {

/// The `count` wards with the highest `field` (ties by layer order), at their
/// representative points (GEOS PointOnSurface), in WGS 84.
std::vector<NamedPoint> topWardPoints(const std::string& spec, const std::string& field, std::size_t count) {
    std::string path = spec;
    if (fs::is_directory(spec)) path = (fs::path(spec) / (fs::exists(fs::path(spec) / "wards.gpkg") ? "wards.gpkg" : "wards.geojson")).string();
    WardLayerOptions o;
    o.path = path;
    o.idField = "ward_code";
    o.numericFields = {field};
    const WardLayer wards = loadWardLayer(o);
    const auto& values = wards.numeric.at(field);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::isfinite(values[i])) order.push_back(i);
    if (order.empty()) throw InputError(path + ": no ward has a value of " + field);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
    order.resize(std::min(order.size(), count));
    const auto reps = representativePoints(wards);
    Transform toWgs(wards.metricCrs, Crs::fromUserInput("EPSG:4326"));
    std::vector<NamedPoint> out;
    for (std::size_t i : order) {
        core::Point p = reps[i];
        toWgs.apply(p);
        const auto& w = wards.wards[i];
        out.push_back({w.code, w.fullName.empty() ? w.name : w.fullName, p, {}});
    }
    return out;
}

/// The lines of a layer, in the metric CRS, as a road network.
std::unique_ptr<core::RoadNetwork> readRoads(const std::string& spec, const Crs& metric) {
    const LayerPath lp = parseLayerPath(spec);
    DatasetPtr ds = openVector(lp.path);
    OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
    Transform toMetric(Crs::fromSpatialRef(layer.GetSpatialRef()), metric);
    std::vector<std::vector<core::Point>> lines;
    auto addLine = [&](const OGRLineString& ls) {
        std::vector<core::Point> line;
        for (int i = 0; i < ls.getNumPoints(); ++i) {
            core::Point p{ls.getX(i), ls.getY(i)};
            if (toMetric.apply(p)) line.push_back(p);
        }
        if (line.size() >= 2) lines.push_back(std::move(line));
    };
    for (auto& f : layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g) continue;
        const auto type = wkbFlatten(g->getGeometryType());
        if (type == wkbLineString) {
            addLine(*g->toLineString());
        } else if (type == wkbMultiLineString) {
            for (const auto* part : *g->toMultiLineString()) addLine(*part);
        }
    }
    if (lines.empty()) throw InputError(spec + ": no lines (a road network is a line layer)");
    return std::make_unique<core::RoadNetwork>(lines);
}

std::string xmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string km(double metres) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", metres / 1000);
    return buf;
}

}  // namespace

RouteResult runRoute(const RouteRequest& request, core::Progress& progress) {
    request.validate();
    progress.update(0.0, "reading stops");
    RouteResult result;
    std::vector<RouteStop> stops;
    if (!request.topWards.empty()) {
        for (auto& p : topWardPoints(request.topWards, request.topBy, request.topCount)) stops.push_back({p.id, p.name, p.lonLat, {}});
    } else {
        for (auto& p : readNamedPoints(request.stops, request.crs)) stops.push_back({p.id, p.name, p.lonLat, {}});
    }
    const Crs wgs84 = Crs::fromUserInput("EPSG:4326");
    // Depot: a stop id, or coordinates in the stops' CRS.
    RouteStop depot;
    std::size_t depotStop = SIZE_MAX;
    for (std::size_t i = 0; i < stops.size(); ++i)
        if (stops[i].id == request.depot) depotStop = i;
    if (depotStop != SIZE_MAX) {
        depot = stops[depotStop];
        stops.erase(stops.begin() + static_cast<std::ptrdiff_t>(depotStop));
    } else {
        double x = 0, y = 0;
        char comma = 0;
        std::istringstream in(request.depot);
        if (!(in >> x >> comma >> y) || comma != ',')
            throw UsageError("--depot '" + request.depot + "' is neither a stop id nor LON,LAT");
        depot.id = "depot";
        depot.name = "depot";
        depot.lonLat = {x, y};
        Transform toWgs(Crs::fromUserInput(request.crs), wgs84);
        if (!toWgs.apply(depot.lonLat)) throw UsageError("--depot cannot be transformed to WGS 84");
    }
    stops.insert(stops.begin(), depot);
    core::Box box{1e300, 1e300, -1e300, -1e300};
    for (const auto& s : stops)
        box = {std::min(box.minX, s.lonLat.x), std::min(box.minY, s.lonLat.y), std::max(box.maxX, s.lonLat.x),
               std::max(box.maxY, s.lonLat.y)};
    std::string reason;
    const Crs metric = chooseMetricCrs(wgs84, box, request.metricCrs, reason);
    result.metricCrs = metric.label();
    Transform toMetric(wgs84, metric);
    std::vector<core::Point> pts;
    for (auto& s : stops) {
        s.metric = s.lonLat;
        toMetric.apply(s.metric);
        pts.push_back(s.metric);
    }
    progress.update(0.2, "routing");
    // Distances: along the road network when one is given, else straight lines in
    // the metric CRS. The detour factor scales the estimated travel (and the km
    // limit is on estimated travel).
    std::unique_ptr<core::RoadNetwork> network;
    if (!request.roads.empty()) network = readRoads(request.roads, metric);
    result.onRoads = network != nullptr;
    const double detour = request.detour > 0 ? request.detour : network ? 1.0 : 1.3;
    result.detour = detour;
    core::DistanceMatrix d = network ? network->distances(pts) : core::DistanceMatrix::euclidean(pts);
    if (network) {
        // Stops the network cannot reach from the depot are left out, said plainly.
        std::vector<std::size_t> keep = {0};
        for (std::size_t i = 1; i < stops.size(); ++i) {
            if (std::isfinite(d(0, i))) {
                keep.push_back(i);
            } else {
                result.warnings.push_back("stop " + stops[i].id + " cannot be reached from the depot on the road network: not routed");
            }
        }
        if (keep.size() < stops.size()) {
            std::vector<RouteStop> kept;
            std::vector<core::Point> keptPts;
            core::DistanceMatrix sub(keep.size());
            for (std::size_t a = 0; a < keep.size(); ++a) {
                kept.push_back(stops[keep[a]]);
                keptPts.push_back(pts[keep[a]]);
                for (std::size_t b = a + 1; b < keep.size(); ++b) sub.set(a, b, d(keep[a], keep[b]));
            }
            stops = std::move(kept);
            pts = std::move(keptPts);
            d = std::move(sub);
        }
    }
    core::VrpOptions o;
    o.vehicles = request.inspectors;
    o.maxStops = request.maxStops;
    o.maxLength = request.maxKm > 0 ? request.maxKm * 1000 / detour : 0;
    o.tsp.seed = request.seed;
    result.vrp = core::solveVrp(d, 0, o, &pts);
    result.lengthM = result.vrp.totalLength;
    result.estimatedTravelM = result.lengthM * detour;
    for (auto u : result.vrp.unreachable)
        result.warnings.push_back("stop " + stops[u].id + " is farther than half of --max-km from the depot: not routed");
    if (request.maxStops == 0 && request.maxKm == 0 && result.vrp.routes.size() < request.inspectors)
        result.warnings.push_back("fewer stops than inspectors: " + std::to_string(result.vrp.routes.size()) + " routes");
    if ((request.maxStops > 0 || request.maxKm > 0) && result.vrp.routes.size() > request.inspectors)
        result.warnings.push_back(std::to_string(result.vrp.routes.size()) + " routes are needed within the limits for " +
                                  std::to_string(request.inspectors) + " inspector(s): plan them over several days");
    result.stops = stops;

    progress.update(0.8, "writing");
    prepareOutputFolder(request.outDir, &result.warnings);
    // GeoJSON (RFC 7946): a LineString per route and the stops with their order.
    nlohmann::ordered_json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::ordered_json::array()}};
    auto coord = [](const RouteStop& s) {
        return nlohmann::ordered_json::array({std::round(s.lonLat.x * 1e7) / 1e7, std::round(s.lonLat.y * 1e7) / 1e7});
    };
    nlohmann::ordered_json summaryRoutes = nlohmann::ordered_json::array();
    std::string csv = "route,order,stop_id,name,lon,lat,leg_m,cumulative_m,estimated_travel_m\n";
    std::ostringstream gpx, html;
    gpx << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"wardscope " WARDSCOPE_VERSION
           "\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
    html << "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Lộ trình kiểm tra / Inspection "
            "routes</title>\n<style>body{font-family:'DejaVu Sans',sans-serif}table{border-collapse:collapse;margin-bottom:1.5em}"
            "td,th{border:1px solid #999;padding:3px 8px}td.n{text-align:right}</style></head><body>\n"
            "<h1>Lộ trình kiểm tra / Inspection routes</h1>\n<p>"
         << result.vrp.routes.size() << " route(s), " << km(result.lengthM) << " km straight-line, about "
         << km(result.estimatedTravelM) << " km travel (detour factor " << detour << ").</p>\n";
    for (std::size_t r = 0; r < result.vrp.routes.size(); ++r) {
        const auto& route = result.vrp.routes[r];
        std::vector<std::size_t> seq = {0};
        seq.insert(seq.end(), route.stops.begin(), route.stops.end());
        seq.push_back(0);
        nlohmann::ordered_json line = nlohmann::ordered_json::array();
        if (network) {
            // Along the roads: each leg's shortest path, back to WGS 84.
            Transform back(metric, wgs84);
            for (std::size_t k = 0; k + 1 < seq.size(); ++k) {
                auto leg = network->path(stops[seq[k]].metric, stops[seq[k + 1]].metric);
                for (std::size_t v = k == 0 ? 0 : 1; v < leg.size(); ++v) {
                    core::Point p = leg[v];
                    back.apply(p);
                    line.push_back({std::round(p.x * 1e7) / 1e7, std::round(p.y * 1e7) / 1e7});
                }
            }
        } else {
            for (auto i : seq) line.push_back(coord(stops[i]));
        }
        fc["features"].push_back({{"type", "Feature"},
                                  {"properties", {{"route", r + 1}, {"stops", route.stops.size()}, {"length_m", route.length},
                                                  {"estimated_travel_m", route.length * detour}}},
                                  {"geometry", {{"type", "LineString"}, {"coordinates", line}}}});
        gpx << "  <rte>\n    <name>Route " << r + 1 << "</name>\n";
        html << "<h2>Route " << r + 1 << " — " << route.stops.size() << " stops, " << km(route.length * detour)
             << " km</h2>\n<table><tr><th>#</th><th>Stop</th><th>Name</th><th>Leg km</th><th>Cumulative km</th></tr>\n";
        double cumulative = 0;
        nlohmann::ordered_json stopIds = nlohmann::ordered_json::array();
        for (std::size_t k = 0; k < seq.size(); ++k) {
            const auto& s = stops[seq[k]];
            const double leg = k == 0 ? 0 : d(seq[k - 1], seq[k]);
            cumulative += leg;
            const bool isDepot = seq[k] == 0;
            if (!isDepot) {
                stopIds.push_back(s.id);
                fc["features"].push_back({{"type", "Feature"},
                                          {"properties", {{"route", r + 1}, {"order", k}, {"stop_id", s.id}, {"name", s.name}}},
                                          {"geometry", {{"type", "Point"}, {"coordinates", coord(s)}}}});
            }
            char lonlat[64];
            std::snprintf(lonlat, sizeof lonlat, "%.7f,%.7f", s.lonLat.x, s.lonLat.y);
            csv += std::to_string(r + 1) + "," + std::to_string(k) + "," + core::csvEscape(s.id) + "," + core::csvEscape(s.name) +
                   "," + lonlat + "," + std::to_string(std::lround(leg)) + "," + std::to_string(std::lround(cumulative)) + "," +
                   std::to_string(std::lround(cumulative * detour)) + "\n";
            char ll[96];
            std::snprintf(ll, sizeof ll, "lat=\"%.7f\" lon=\"%.7f\"", s.lonLat.y, s.lonLat.x);
            gpx << "    <rtept " << ll << "><name>" << xmlEscape(isDepot ? "depot" : s.id) << "</name>"
                << (s.name.empty() ? "" : "<desc>" + xmlEscape(s.name) + "</desc>") << "</rtept>\n";
            html << "<tr><td class=n>" << k << "</td><td>" << xmlEscape(isDepot ? "depot" : s.id) << "</td><td>"
                 << xmlEscape(s.name) << "</td><td class=n>" << km(leg * detour) << "</td><td class=n>"
                 << km(cumulative * detour) << "</td></tr>\n";
        }
        gpx << "  </rte>\n";
        html << "</table>\n";
        summaryRoutes.push_back({{"route", r + 1}, {"stops", stopIds}, {"length_m", route.length},
                                 {"estimated_travel_m", route.length * detour}});
    }
    gpx << "</gpx>\n";
    html << "<p>Distances are " << (network ? "along the road network" : "straight lines") << " in " << result.metricCrs
         << " times the detour factor; "
         << "this file holds the stop locations given to wardscope route: keep it with the inspection team.</p>\n"
         << "</body></html>\n";
    nlohmann::ordered_json summary = {{"wardscope_version", WARDSCOPE_VERSION},
                                      {"metric_crs", result.metricCrs},
                                      {"distance", network ? "along the road network" : "straight line in the metric CRS"},
                                      {"roads", request.roads.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(request.roads)},
                                      {"detour_factor", detour},
                                      {"inspectors", request.inspectors},
                                      {"max_stops", request.maxStops},
                                      {"max_km", request.maxKm},
                                      {"seed", request.seed},
                                      {"stops", stops.size() - 1},
                                      {"length_m", result.lengthM},
                                      {"estimated_travel_m", result.estimatedTravelM},
                                      {"routes", summaryRoutes},
                                      {"warnings", result.warnings}};
    const auto out = request.outDir;
    writeTextFileAtomically(out / "routes.geojson", fc.dump(1) + "\n");
    writeTextFileAtomically(out / "routes.gpx", gpx.str());
    writeTextFileAtomically(out / "itinerary.csv", csv);
    writeTextFileAtomically(out / "itinerary.html", html.str());
    writeTextFileAtomically(out / "route_summary.json", summary.dump(2) + "\n");
    for (const char* f : {"routes.geojson", "routes.gpx", "itinerary.csv", "itinerary.html", "route_summary.json"})
        result.outputs.push_back(out / f);
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
