// wardscope route: inspection routes from a depot through the stops, for one or
// several inspectors, with GPX, GeoJSON, CSV and HTML itineraries.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "gis/route_pipeline.h"

namespace wardscope::cli {

Action addRoute(CLI::App& app) {
    struct Args {
        gis::RouteRequest request;
        std::string objective = "longest";
        bool quiet = false;
    };
    auto a = std::make_shared<Args>();
    a->request.wards.idField = "code";
    app.description("Inspection routes: from the depot through every stop and back, one route per inspector (or\n"
                    "more under --max-stops / --max-km), by straight lines in the metric CRS times a detour factor.\n"
                    "Writes routes.geojson, routes.gpx, itinerary.csv, itinerary.html and route_summary.json.");
    app.add_option("--stops", a->request.stops, "stops: CSV with lon/lat (or x/y) columns, or a point layer");
    app.add_option("--top-wards", a->request.topWards, "or: visit the top wards of an analysis output (folder or ward layer)");
    app.add_option("--by", a->request.topBy, "field ranking the wards for --top-wards")->capture_default_str();
    app.add_option("--top", a->request.topCount, "how many wards for --top-wards")->capture_default_str();
    app.add_option("--crs", a->request.crs, "CRS of CSV coordinates")->capture_default_str();
    app.add_option("--wards", a->request.wards.path,
                   "with --stops: ward boundaries PATH[:LAYER], to flag the legs to island wards (đặc khu) as boat legs");
    app.add_option("--ward-id", a->request.wards.idField, "field holding the ward code in --wards")->capture_default_str();
    addWardsCrsOption(app, a->request.wards.layerCrs);
    addLayerCacheFlag(app, a->request.wards.cacheDir);
    app.add_option("--depot", a->request.depot, "the office: LON,LAT (in --crs) or a stop id")->required();
    app.add_option("--inspectors", a->request.inspectors, "number of inspectors (routes)")->capture_default_str();
    app.add_option("--objective", a->objective,
                   "several routes minimise the longest route (inspectors out the same day) or the total distance")
        ->check(CLI::IsMember({"longest", "total"}))
        ->capture_default_str();
    app.add_option("--max-stops", a->request.maxStops, "at most this many stops per route");
    app.add_option("--max-km", a->request.maxKm, "at most this many km of estimated travel per route (a day)");
    app.add_option("--detour", a->request.detour, "travel / routed length (default 1.3 by straight lines, 1 on --roads)");
    app.add_option("--roads", a->request.roads, "road network (a line layer): distances and routes along it (Boost.Graph)");
    app.add_option("--metric-crs", a->request.metricCrs, "CRS for distances (default: as analyze)");
    app.add_option("--speed-kmh", a->request.speedKmh, "average travel speed for the itinerary's times")->capture_default_str();
    app.add_option("--days", a->request.days, "working days available (routes are numbered inspector by inspector, day by day)");
    app.add_option("--seed", a->request.seed, "seed of the tour improvement")->capture_default_str();
    app.add_option("--out", a->request.outDir, "output folder")->required();
    app.add_flag("--quiet,-q", a->quiet, "no progress output");
    app.footer("Examples:\n  wardscope route --stops workplaces.csv --depot 106.6881,20.8561 --inspectors 3 --max-stops 12 \\\n"
               "      --out routes/\n"
               "  wardscope route --top-wards out/demo --by gi_star_z --top 12 --depot 106.6881,20.8561 --inspectors 2 \\\n"
               "      --out out/demo/routes");
    return [a] {
        a->request.objective = a->objective == "total" ? core::VrpObjective::Total : core::VrpObjective::Longest;
        TerminalProgress progress(a->quiet);
        const auto r = gis::runRoute(a->request, progress);
        std::printf("wardscope route: %zu stops, %zu route(s), %.1f km %s (%s), about %.1f km travel\n", r.stops.size() - 1,
                    r.vrp.routes.size(), r.lengthM / 1000, r.onRoads ? "on the roads" : "straight-line", r.metricCrs.c_str(),
                    r.estimatedTravelM / 1000);
        for (std::size_t i = 0; i < r.vrp.routes.size(); ++i)
            std::printf("  route %zu: %zu stops, %.1f km\n", i + 1, r.vrp.routes[i].stops.size(),
                        r.vrp.routes[i].length * r.detour / 1000);
        for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        for (const auto& o : r.outputs) std::printf("  %s\n", o.string().c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
