// wardscope scan: Kulldorff's spatial scan statistic over wards.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/stats_options.h"
#include "cli/terminal_progress.h"
#include "gis/scan_pipeline.h"

namespace wardscope::cli {

Action addScan(CLI::App& app) {
    struct Args {
        gis::ScanRequest request;
        std::string disclosure = "shared";
        bool low = false;
        bool quiet = false;
    };
    auto a = std::make_shared<Args>();
    app.description("Kulldorff's spatial scan statistic (Poisson model) over wards: circular windows centred on ward\n"
                    "points, grown through the nearest wards up to a share of the population; Monte Carlo p-values.");
    app.add_option("--wards", a->request.wards.path, "polygon layer: PATH[:LAYER]")->required();
    addWardsCrsOption(app, a->request.wards.layerCrs);
    app.add_option("--id", a->request.wards.idField, "field with the ward id")->required();
    app.add_option("--count", a->request.countField, "field with the case count")->required();
    app.add_option("--population", a->request.populationField, "field with the population at risk")->required();
    app.add_option("--max-population-share", a->request.scan.maxPopulationShare, "largest window, as a share of the population")
        ->capture_default_str();
    app.add_option("--replications", a->request.scan.replications, "Monte Carlo replications")->capture_default_str();
    app.add_option("--seed", a->request.scan.seed, "random seed")->capture_default_str();
    app.add_flag("--low", a->low, "look for low-rate clusters instead of high-rate ones");
    addDisclosureOptions(app, a->request.disclosure, a->disclosure);
    app.add_option("--out", a->request.out, "wards with scan_cluster (the cluster's rank): FILE.geojson or .gpkg");
    app.add_option("--summary", a->request.summary, "the clusters: FILE.json");
    app.add_flag("--quiet,-q", a->quiet, "no progress output");
    addLayerCacheFlag(app, a->request.wards.cacheDir);
    app.footer("Example:\n  wardscope scan --wards out/demo/wards.gpkg:wards --id ward_code --count cases --population population \\\n"
               "      --max-population-share 0.5 --replications 999 --seed 1 --out scan.geojson --summary scan.json");
    return [a] {
        a->request.scan.lowRate = a->low;
        applyDisclosureMode(a->disclosure, a->request.disclosure);
        TerminalProgress progress(a->quiet);
        const auto run = gis::runScan(a->request, progress);
        std::printf("wardscope scan: %zu cluster(s)\n", run.result.clusters.size());
        for (const auto& c : run.summary["clusters"])
            std::printf("  #%d centre %s, %zu wards, RR %.2f, LLR %.2f, p %s\n", c["rank"].get<int>(),
                        c["centre"].get<std::string>().c_str(), c["wards"].size(), c["relative_risk"].get<double>(),
                        c["llr"].get<double>(), c["p"].is_null() ? "-" : std::to_string(c["p"].get<double>()).c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
