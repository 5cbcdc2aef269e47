// wardscope rank: priority ranking of wards from an analysis output.
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "cli/text.h"
#include "gis/rank_pipeline.h"

namespace wardscope::cli {

Action addRank(CLI::App& app) {
    struct Args {
        gis::RankRequest request;
        std::string indicators, normalisation, project;
        bool quiet = false;
    };
    auto a = std::make_shared<Args>();
    app.description("Priority ranking of wards: a weighted sum of normalised indicators from an analysis output, each\n"
                    "ward's contributions (why this ward), and how often it stays in the top k when each weight varies\n"
                    "by +-20 %. Writes ranks.csv and rank_summary.json.");
    app.add_option("--in", a->request.in,
                   "analysis output folder (ranked on the exact values when its manifest.json and inputs are there) "
                   "or ward layer")->required();
    app.add_option("--indicators", a->indicators,
                   "name=weight,...: numeric fields, at_risk_share, children, trend "
                   "(default eb_rate_per_1000=1,gi_star_z=1,at_risk_share=1,children=0.5,cases=0.5,trend=0.5)");
    app.add_option("--project", a->project, "project file whose [rank] section sets the weights (and normalise, top)");
    app.add_option("--normalise", a->normalisation, "rank (default) or minmax")->check(CLI::IsMember({"rank", "minmax"}));
    app.add_option("--top", a->request.options.topK, "k for the stability of the top k")->capture_default_str();
    app.add_option("--draws", a->request.options.draws, "weight draws for the stability")->capture_default_str();
    app.add_option("--seed", a->request.options.seed, "seed of the draws")->capture_default_str();
    app.add_option("--out", a->request.outDir, "output folder")->required();
    app.add_flag("--quiet,-q", a->quiet, "no progress output");
    return [a] {
        if (!a->project.empty()) gis::readRankProject(a->project, a->request);
        if (!a->indicators.empty()) a->request.indicators = gis::parseIndicatorWeights(a->indicators);
        if (!a->normalisation.empty())
            a->request.options.normalisation = a->normalisation == "minmax" ? core::Normalisation::MinMax : core::Normalisation::Rank;
        TerminalProgress progress(a->quiet);
        const auto r = gis::runRank(a->request, progress);
        std::printf("wardscope rank: %zu wards by %zu indicators on the %s values; top %zu (share of weight draws in the top %zu):\n",
                    r.wards.size(), r.indicators.size(), r.exactValues ? "exact" : "published", a->request.options.topK,
                    a->request.options.topK);
        for (std::size_t k = 0; k < std::min(a->request.options.topK, r.wards.size()); ++k) {
            const auto& w = r.wards[k];
            char score[32] = "withheld";  // shared outputs: computed from a withheld count
            if (std::isfinite(w.score)) std::snprintf(score, sizeof score, "%.3f", w.score);
            std::printf("  %2zu  %-7s %s score %-8s  stays in top %zu: %3.0f %%\n", w.rank, w.code.c_str(),
                        padUtf8(w.name, 28).c_str(), score, a->request.options.topK, 100 * w.topKShare);
        }
        for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        for (const auto& o : r.outputs) std::printf("  %s\n", o.string().c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
