// wardscope synth: deterministic synthetic case and survey records.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "gis/pipeline.h"

namespace wardscope::cli {

Action addSynth(CLI::App& app) {
    auto request = std::make_shared<gis::SynthRequest>();
    auto quiet = std::make_shared<bool>(false);
    app.description("Write SYNTHETIC case and survey records for the wards (deterministic for a seed):\n"
                    "synthetic_cases.csv, synthetic_survey.csv, and synthetic_cases_messy.csv with bad rows\n"
                    "of every kind (plus synthetic_cases_messy_expected.csv saying what each row should give).");
    app.add_option("--wards", request->wards.path, "ward boundaries in lon/lat: PATH[:LAYER]")->required();
    app.add_option("--ward-id", request->wards.idField, "field holding the ward code")->required();
    app.add_option("--ward-name", request->wards.nameField, "field holding the ward name");
    app.add_option("--population-field", request->populationField, "field with the total population")->capture_default_str();
    app.add_option("--seed", request->seed, "random seed")->capture_default_str();
    app.add_option("--scale", request->casesScale, "multiply the number of cases")->capture_default_str();
    app.add_option("--out", request->outDir, "output folder")->required();
    app.add_flag("--quiet,-q", *quiet, "no progress output");
    app.footer("Example:\n  wardscope synth --wards data/haiphong/wards_2025.gpkg --ward-id code --seed 2025 --out out/synthetic");
    return [request, quiet] {
        TerminalProgress progress(*quiet);
        const auto result = gis::runSynth(*request, progress);
        std::printf("wardscope synth (seed %llu): %lld cases, %lld survey households, %lld messy rows\n",
                    static_cast<unsigned long long>(request->seed), static_cast<long long>(result.cases),
                    static_cast<long long>(result.surveyRows), static_cast<long long>(result.messyRows));
        for (const auto& [label, n] : result.planted)
            std::printf("  planted: %-48s %lld cases\n", label.c_str(), static_cast<long long>(n));
        for (const auto& o : result.outputs) std::printf("  %s\n", o.string().c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
