// wardscope campaign: choose k campaign sites that reach the most children.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "cli/text.h"
#include "gis/campaign_pipeline.h"

namespace wardscope::cli {

Action addCampaign(CLI::App& app) {
    struct Args {
        gis::CampaignRequest request;
        bool quiet = false;
    };
    auto a = std::make_shared<Args>();
    app.description("Campaign siting (maximal covering): the k sites that cover the most surveyed children (or another\n"
                    "weight) within --radius metres. Candidates: --sites, else each ward's representative point.\n"
                    "Writes campaign_sites.geojson and campaign_summary.json; households are never written.");
    app.add_option("--wards", a->request.wards.path, "ward boundaries PATH[:LAYER]")->required();
    addWardsCrsOption(app, a->request.wards.layerCrs);
    app.add_option("--ward-id", a->request.wards.idField, "ward code field")->required();
    app.add_option("--demand", a->request.demand.path, "survey records (households with coordinates)")->required();
    app.add_option("--weight", a->request.weightField, "demand weight column (default children_5_17), e.g. children_working");
    app.add_option("--priority", a->request.priority,
                   "ranks.csv of wardscope rank: weight each household by its ward's priority score");
    app.add_option("--sites", a->request.sites, "candidate sites: CSV with lon/lat or a point layer (schools, offices, markets)");
    app.add_option("--sites-crs", a->request.sitesCrs, "CRS of the sites' CSV coordinates")->capture_default_str();
    app.add_option("--k", a->request.k, "number of sites")->required();
    app.add_option("--radius", a->request.radiusMeters, "service radius in metres")->required();
    app.add_option("--exact", a->request.exact, "also find the proven optimum with GLPK: auto (small instances), yes, no")
        ->capture_default_str();
    app.add_option("--as-of", a->request.asOf, "reference date YYYY-MM-DD for the survey records");
    app.add_option("--out", a->request.outDir, "output folder")->required();
    app.add_flag("--quiet,-q", a->quiet, "no progress output");
    addLayerCacheFlag(app, a->request.wards.cacheDir);
    app.footer("Example:\n  wardscope campaign --wards data/haiphong/wards_2025.gpkg:wards_2025 --ward-id code \\\n"
               "      --demand survey.csv --weight children_working --k 10 --radius 3000 --out campaign/");
    return [a] {
        TerminalProgress progress(a->quiet);
        const auto r = gis::runCampaign(a->request, progress);
        const auto& s = r.solution;
        std::printf("wardscope campaign: %zu sites of %zu candidates cover %.0f of %.0f (%.1f %%) within %.0f m\n", r.sites.size(),
                    r.candidates, s.covered, s.total, 100 * s.covered / s.total, a->request.radiusMeters);
        if (r.exactCovered)
            std::printf("  proven optimum (GLPK) %.0f: the heuristic is %.2f %% below it\n", *r.exactCovered,
                        *r.exactCovered > 0 ? 100 * (1 - s.covered / *r.exactCovered) : 0.0);
        for (std::size_t i = 0; i < r.sites.size(); ++i)
            std::printf("  %2zu  %-10s %s covers %8.0f (%6.0f only here)\n", i + 1, r.sites[i].site.id.c_str(),
                        padUtf8(r.sites[i].site.name, 30).c_str(), r.sites[i].covered, r.sites[i].unique);
        for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        for (const auto& o : r.outputs) std::printf("  %s\n", o.string().c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
