#pragma once
// Command-line options shared by `analyze` and `stats` for the hotspot statistics.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "core/disclosure.h"
#include "gis/stats_pipeline.h"

namespace wardscope::cli {

struct StatsArgs {
    std::string disclosure = "shared";
    bool disclosureGiven = false;  ///< --disclosure was on the command line (it wins over a manifest)
    std::string correction = "fdr";
    std::string islands = "attach";
};

inline void addStatsOptions(CLI::App& app, gis::WeightsOptions& weights, core::WardStatsOptions& stats, StatsArgs& args) {
    app.add_option("--weights", weights.spec, "queen, rook, knn:K, distance:METRES or distance:auto")->capture_default_str();
    app.add_option("--snap", weights.snap,
                   "contiguity snapping tolerance: metres on a layer with a CRS (default 1), the layer's units on "
                   "one without (default 0)");
    app.add_option("--islands", args.islands, "wards without neighbours: attach (to the nearest wards) or isolate")
        ->check(CLI::IsMember({"attach", "isolate"}))
        ->capture_default_str();
    app.add_option("--island-neighbors", weights.islandNeighbours, "how many nearest wards an island is attached to")
        ->capture_default_str();
    app.add_flag("--planar", weights.planar, "allow distance weights on a layer without CRS (planar units)");
    app.add_option("--write-gal", weights.galOut, "also write the weights as a GeoDa GAL file");
    app.add_option("--write-gwt", weights.gwtOut, "also write the row-standardised weights as a GeoDa GWT file");
    app.add_option("--permutations", stats.permutations, "permutations for pseudo p-values (0 to 99999)")
        ->capture_default_str();
    app.add_option("--seed", stats.seed, "random seed of the permutations")->capture_default_str();
    app.add_option("--alpha", stats.alpha, "significance level for clusters and bins")->capture_default_str();
    app.add_option("--correction", args.correction, "multiple testing: fdr (Benjamini-Hochberg), bonferroni or none")
        ->check(CLI::IsMember({"fdr", "bonferroni", "none"}))
        ->capture_default_str();
    app.add_option("--stat-threads", stats.threads, "threads for permutations (default: one per core)");
}

/// --disclosure shared|internal and --min-count, on every command that writes outputs.
inline void addDisclosureOptions(CLI::App& app, core::DisclosurePolicy& policy, std::string& mode, bool* given = nullptr) {
    auto* option = app.add_option("--disclosure", mode,
                                  "shared (default): non-zero counts below --min-count and what could reveal them are withheld; "
                                  "internal: nothing withheld, for internal use only (logged in the outputs)")
                       ->check(CLI::IsMember({"shared", "internal"}))
                       ->capture_default_str();
    if (given) option->each([given](const std::string&) { *given = true; });
    app.add_option("--min-count", policy.minCount, "smallest non-zero count shown in shared mode")->capture_default_str();
}

/// Sets the mode; in shared mode --min-count must be at least 3 (a count of 1
/// or 2 shown is a child or two). The notice of internal mode is never quiet.
inline void applyDisclosureMode(const std::string& mode, core::DisclosurePolicy& policy) {
    policy.mode = mode == "internal" ? core::DisclosureMode::Internal : core::DisclosureMode::Shared;
    if (policy.mode == core::DisclosureMode::Shared && policy.minCount < 3)
        throw UsageError("--min-count " + std::to_string(policy.minCount) +
                         ": shared outputs withhold counts below 3 at least (use --disclosure internal for exact counts)");
    if (policy.mode == core::DisclosureMode::Internal)
        std::fprintf(stderr, "wardscope: disclosure mode INTERNAL: small counts are not suppressed; do not share these outputs\n");
}

/// "auto" -> 0 (the automatic rule), else a positive number of metres.
inline double parseBandwidth(const std::string& text) {
    if (text == "auto") return 0;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !(v > 0))
        throw UsageError("--bandwidth must be a positive number of metres or auto");
    return v;
}

inline void applyStatsArgs(const StatsArgs& args, gis::WeightsOptions& weights, core::WardStatsOptions& stats) {
    weights.attachIslands = args.islands == "attach";
    stats.correction = args.correction == "fdr"          ? core::Correction::Fdr
                       : args.correction == "bonferroni" ? core::Correction::Bonferroni
                                                         : core::Correction::None;
}

}  // namespace wardscope::cli
