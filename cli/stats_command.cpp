// wardscope stats: hotspot statistics on any polygon layer with counts and populations.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/stats_options.h"
#include "cli/terminal_progress.h"
#include "gis/provenance.h"
#include "gis/stats_pipeline.h"

namespace wardscope::cli {

namespace {
struct Args {
    std::string manifest;
    gis::StatsRequest request;
    StatsArgs stats;
    bool quiet = false;
};
}  // namespace

Action addStats(CLI::App& app) {
    auto a = std::make_shared<Args>();
    app.description("Spatial weights, smoothed rates, global Moran's I (and the EB Moran for rates), local Moran\n"
                    "clusters and Getis-Ord Gi* hot spots on any polygon layer that carries a count and a population\n"
                    "field, or on any numeric field (--variable).");
    app.add_option("--manifest", a->manifest, "re-run what a stats manifest records (--out/--summary may point elsewhere)");
    app.add_option("--wards", a->request.wards.path, "polygon layer: PATH[:LAYER]");
    addWardsCrsOption(app, a->request.wards.layerCrs);
    app.add_option("--id", a->request.wards.idField, "field with the ward id");
    app.add_option("--count", a->request.countField, "field with the case count");
    app.add_option("--population", a->request.populationField, "field with the population at risk");
    app.add_option("--variable", a->request.variable,
                   "what Moran, LISA and Gi* analyse: rate_per_1000, eb_rate_per_1000 or a numeric field")
        ->capture_default_str();
    addStatsOptions(app, a->request.weights, a->request.stats, a->stats);
    addDisclosureOptions(app, a->request.disclosure, a->stats.disclosure);
    app.add_option("--out", a->request.out, "per-ward results: FILE.geojson or FILE.gpkg");
    app.add_option("--summary", a->request.summary, "global results: FILE.json");
    app.add_flag("--quiet,-q", a->quiet, "no progress output");
    addLayerCacheFlag(app, a->request.wards.cacheDir);
    app.footer(R"(Examples:
  wardscope stats --wards out/demo/wards.gpkg:wards --id ward_code --count cases --population population \
      --weights queen --permutations 9999 --seed 1 --out hot.geojson --summary hot.json
  wardscope stats --wards counties.gpkg --id fips --variable income --weights knn:6 --correction bonferroni)");
    return [a] {
        if (!a->manifest.empty()) {
            gis::StatsRequest again = gis::statsRequestFromManifest(a->manifest);
            if (!a->request.out.empty()) again.out = a->request.out;
            if (!a->request.summary.empty()) again.summary = a->request.summary;
            a->request = again;
        } else {
            applyStatsArgs(a->stats, a->request.weights, a->request.stats);
            applyDisclosureMode(a->stats.disclosure, a->request.disclosure);
        }
        TerminalProgress progress(a->quiet);
        const auto result = gis::runStats(a->request, progress);
        const auto& m = result.stats.moran;
        const auto& w = result.weights.summary;
        std::printf("wardscope stats: %zu wards, weights %s: %zu links, neighbours min %zu / mean %.2f / max %zu, "
                    "%zu island(s) (%s)\n",
                    w.n, result.weights.label.c_str(), w.links, w.minNeighbours, w.meanNeighbours, w.maxNeighbours,
                    result.weights.islandsBefore, a->request.weights.attachIslands ? "attached" : "isolated");
        std::printf("Moran's I of %s = %.4f (E = %.4f), z = %.2f (randomisation), pseudo p = %.4g with %u permutations\n",
                    a->request.variable.c_str(), m.i, m.expected, m.zRandomization, m.pPermutation, m.permutations);
        if (result.stats.ebMoran)
            std::printf("EB Moran's I (Assunção-Reis) = %.4f, pseudo p = %.4g\n", result.stats.ebMoran->i,
                        result.stats.ebMoran->pPermutation);
        std::printf("LISA clusters (%s, alpha %.2g):", std::string(core::correctionName(a->request.stats.correction)).c_str(),
                    a->request.stats.alpha);
        for (const auto& [k, n] : result.stats.clusterCounts) std::printf(" %s %zu", k.c_str(), n);
        std::printf("\nGi* bins:");
        for (const auto& [k, n] : result.stats.binCounts) std::printf(" %+d: %zu", k, n);
        std::printf("\n");
        for (const auto& warning : result.warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
