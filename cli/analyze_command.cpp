// wardscope analyze: join case and survey records to wards, aggregate, export.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/stats_options.h"
#include "cli/terminal_progress.h"
#include "cli/text.h"
#include "core/error.h"
#include "gis/pipeline.h"
#include "gis/provenance.h"

namespace wardscope::cli {

namespace {

struct AnalyzeArgs {
    std::string project;
    std::string manifest;
    gis::AnalyzeRequest request;
    std::string survey;
    std::string surveyCrs = "EPSG:4326";
    bool quiet = false;
    int top = 10;
    std::vector<std::string> formats;
    std::string exportPoints;
    std::uint64_t pointsSeed = 20251128;
    StatsArgs stats;
    bool noStats = false;
    bool noScan = false;
    std::uint32_t scanReplications = 999;
    double scanShare = 0.5;
    bool noDensity = false;
    std::filesystem::path layerCache;
    std::string bandwidth;  ///< empty: the project file's or auto
    double cell = 0;        ///< 0: the project file's or 50 m
    std::string kernel;
    std::string variable;                    ///< empty: the project file's or eb_rate_per_1000
    std::vector<std::string> caseColumns;    ///< FIELD=COLUMN
    std::vector<std::string> surveyColumns;
};

/// "case_id=Mã hồ sơ" pairs into a column mapping (over the project file's).
void addColumnMappings(const std::vector<std::string>& pairs, const char* option, std::map<std::string, std::string>& columns) {
    for (const auto& pair : pairs) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
            throw UsageError(std::string(option) + " takes FIELD=COLUMN pairs separated by commas (got '" + pair + "')");
        columns[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
}

double number(const core::Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return -1;
}

std::string text(const core::Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return {};
}

void printTop(const core::Table& t, const char* title, const std::string& column, int top) {
    const int col = t.columnIndex(column);
    const int name = t.columnIndex("ward_full_name");
    const int code = t.columnIndex("ward_code");
    const int cases = t.columnIndex("cases");
    const int pop = t.columnIndex("population");
    const int rate = t.columnIndex("rate_per_1000");
    // The first `top` by value, ties in table order (20,000 wards: no full sort).
    // Only wards with something to rank; withheld values are counted, never shown as 0.
    std::vector<std::pair<double, std::size_t>> ranked;
    std::size_t withheld = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& cell = t.rows[i][static_cast<std::size_t>(col)];
        withheld += std::holds_alternative<core::Suppressed>(cell) ? 1 : 0;
        if (const double v = number(cell); v > 0) ranked.emplace_back(v, i);
    }
    const auto shown = std::min(ranked.size(), static_cast<std::size_t>(std::max(top, 0)));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(shown), ranked.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    std::printf("\n%s\n", title);
    std::printf("  %-4s %-7s %-28s %7s %11s %10s\n", "#", "code", "ward", "cases", "population", "per 1,000");
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& row = t.rows[ranked[k].second];
        const double p = number(row[static_cast<std::size_t>(pop)]);
        const double r = number(row[static_cast<std::size_t>(rate)]);
        const std::string label = text(row[static_cast<std::size_t>(name)]);
        const std::string padded = padUtf8(label, 28);
        std::printf("  %-4zu %-7s %s %7.0f %11s %10s\n", k + 1, text(row[static_cast<std::size_t>(code)]).c_str(),
                    padded.c_str(), number(row[static_cast<std::size_t>(cases)]),
                    p >= 0 ? std::to_string(static_cast<long long>(p)).c_str() : "-",
                    r >= 0 ? (std::to_string(static_cast<long long>(r * 100 + 0.5) / 100) + "." +
                              std::to_string(100 + static_cast<long long>(r * 100 + 0.5) % 100).substr(1))
                                 .c_str()
                           : "-");
    }
    if (shown == 0) std::printf("  none\n");
    if (withheld > 0)
        std::printf("  (%zu ward(s) not listed: their values are withheld, small counts protected)\n", withheld);
}

/// How the hot spots listed were corrected for testing every ward.
std::string correctionPhrase(core::Correction c) {
    switch (c) {
        case core::Correction::Fdr: return "FDR-corrected (Benjamini-Hochberg)";
        case core::Correction::Bonferroni: return "Bonferroni-corrected";
        case core::Correction::None: return "no multiple-testing correction";
    }
    return "no multiple-testing correction";
}

int run(AnalyzeArgs& a) {
    if (!a.manifest.empty()) {
        // Re-run exactly what a manifest records (inputs must be unchanged), into --out if given.
        gis::AnalyzeRequest request = gis::requestFromManifest(a.manifest);
        if (!a.request.outDir.empty()) request.outDir = a.request.outDir;
        if (a.stats.disclosureGiven) {
            // The mode asked for wins over the manifest's.
            request.disclosure.minCount = a.request.disclosure.minCount;
            applyDisclosureMode(a.stats.disclosure, request.disclosure);
        } else if (request.disclosure.mode == core::DisclosureMode::Internal) {
            std::fprintf(stderr, "wardscope: the manifest asks for disclosure mode INTERNAL: small counts are not suppressed\n");
        }
        request.wards.cacheDir = a.layerCache;
        TerminalProgress progress(a.quiet);
        const auto& result = keepUntilExit(gis::runAnalyze(request, progress));
        std::printf("wardscope analyze: re-ran %s into %s (%zu outputs)\n", a.manifest.c_str(),
                    request.outDir.string().c_str(), result.outputs.size());
        return 0;
    }
    gis::AnalyzeRequest request = a.project.empty() ? gis::AnalyzeRequest{} : gis::readProjectFile(a.project);
    // Command-line options override the project file.
    const auto& cli = a.request;
    if (!cli.wards.path.empty()) request.wards.path = cli.wards.path;
    if (!cli.wards.idField.empty()) request.wards.idField = cli.wards.idField;
    if (!cli.wards.nameField.empty()) request.wards.nameField = cli.wards.nameField;
    if (!cli.wards.populationField.empty()) request.wards.populationField = cli.wards.populationField;
    if (!cli.wards.metricCrs.empty()) request.wards.metricCrs = cli.wards.metricCrs;
    if (!cli.wards.layerCrs.empty()) request.wards.layerCrs = cli.wards.layerCrs;
    if (!cli.populationEstimate.empty()) request.populationEstimate = cli.populationEstimate;
    if (!cli.sectorDictionary.empty()) request.sectorDictionary = cli.sectorDictionary;
    if (!cli.cases.path.empty()) request.cases.path = cli.cases.path;
    if (cli.cases.crs != "EPSG:4326") request.cases.crs = cli.cases.crs;
    if (!a.survey.empty()) {
        if (!request.survey) request.survey = gis::RecordInput{};
        request.survey->path = a.survey;
    }
    if (request.survey && a.surveyCrs != "EPSG:4326") request.survey->crs = a.surveyCrs;
    addColumnMappings(a.caseColumns, "--columns", request.cases.columns);
    if (!a.surveyColumns.empty()) {
        if (!request.survey) throw UsageError("--survey-columns needs --survey");
        addColumnMappings(a.surveyColumns, "--survey-columns", request.survey->columns);
    }
    if (!cli.outDir.empty()) request.outDir = cli.outDir;
    if (cli.toleranceMeters != 50) request.toleranceMeters = cli.toleranceMeters;
    if (!cli.asOf.empty()) request.asOf = cli.asOf;
    if (!a.formats.empty()) request.formats = a.formats;
    request.threads = cli.threads;
    request.statistics = !a.noStats;
    request.scan = !a.noScan;
    request.scanOptions.replications = a.scanReplications;
    request.scanOptions.maxPopulationShare = a.scanShare;
    if (a.noDensity) request.density = false;
    if (!a.bandwidth.empty()) request.densityOptions.bandwidthMeters = parseBandwidth(a.bandwidth);
    if (a.cell > 0) request.densityOptions.cellMeters = a.cell;
    if (!a.kernel.empty()) request.densityOptions.kernel = a.kernel == "gaussian" ? core::Kernel::Gaussian : core::Kernel::Quartic;
    if (!a.variable.empty()) request.variable = a.variable;
    request.weights = cli.weights;
    request.stats = cli.stats;
    request.scanOptions.seed = request.stats.seed;
    applyStatsArgs(a.stats, request.weights, request.stats);
    request.disclosure = cli.disclosure;
    if (!a.exportPoints.empty()) {
        request.geomask = gis::GeomaskOptions::parse(a.exportPoints, a.pointsSeed);
        std::fprintf(stderr, "wardscope: exporting donut-geomasked case points (%g-%g m, seed %llu) to cases_geomasked.geojson\n",
                     request.geomask.minMeters, request.geomask.maxMeters, static_cast<unsigned long long>(a.pointsSeed));
    }
    applyDisclosureMode(a.stats.disclosure, request.disclosure);

    TerminalProgress progress(a.quiet);
    request.wards.cacheDir = a.layerCache;
    const gis::AnalyzeResult& result = keepUntilExit(gis::runAnalyze(request, progress));

    std::printf("wardscope analyze: %zu wards (%s; distances and areas in %s, %s)\n", result.wards.rows.size(),
                result.wardCrs.c_str(), result.metricCrs.c_str(), result.metricCrsReason.c_str());
    for (const auto& in : result.inputs) {
        std::printf("  %-6s %s [%s]: %lld rows read, %lld accepted, %lld rejected\n", in.kind.c_str(), in.path.c_str(),
                    in.format.c_str(), static_cast<long long>(in.rowsRead), static_cast<long long>(in.accepted),
                    static_cast<long long>(in.rejected));
        for (const auto& [reason, n] : in.rejectReasons)
            std::printf("           rejected %-24s %lld\n", reason.c_str(), static_cast<long long>(n));
        for (const auto& [flag, n] : in.flags)
            std::printf("           flagged  %-24s %lld\n", flag.c_str(), static_cast<long long>(n));
    }
    for (const auto& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    printTop(result.wards, "Top wards by cases:", "cases", a.top);
    bool estimated = false;
    if (const int src = result.wards.columnIndex("population_source"); src >= 0 && !result.wards.rows.empty())
        estimated = text(result.wards.rows.front()[static_cast<std::size_t>(src)]) == "estimate";
    printTop(result.wards,
             estimated ? "Top wards by rate (cases per 1,000 children 5-17, ESTIMATED from the census: no survey):"
                       : "Top wards by rate (cases per 1,000 children 5-17):",
             "rate_per_1000", a.top);
    // Hot spots: Gi* bins +3/+2 (99 / 95 %, after the multiple-testing correction).
    if (const int bin = result.wards.columnIndex("gi_star_bin"); bin >= 0) {
        const int name = result.wards.columnIndex("ward_full_name");
        const int z = result.wards.columnIndex("gi_star_z");
        std::printf("\nHot spots (Getis-Ord Gi*, 95 %% confidence or more, %s):\n",
                    correctionPhrase(request.stats.correction).c_str());
        // By bin, then by z (strongest first); a ward whose count is withheld
        // shows its bin without its z.
        std::vector<std::tuple<std::int64_t, double, std::string>> hot;
        for (const auto& row : result.wards.rows) {
            const auto* b = std::get_if<std::int64_t>(&row[static_cast<std::size_t>(bin)]);
            const auto* zv = std::get_if<double>(&row[static_cast<std::size_t>(z)]);
            if (b && *b >= 2) hot.emplace_back(*b, zv ? *zv : std::nan(""), text(row[static_cast<std::size_t>(name)]));
        }
        std::stable_sort(hot.begin(), hot.end(), [](const auto& p, const auto& q) {
            const double zp = std::isfinite(std::get<1>(p)) ? std::get<1>(p) : -1e300;
            const double zq = std::isfinite(std::get<1>(q)) ? std::get<1>(q) : -1e300;
            return std::get<0>(p) > std::get<0>(q) || (std::get<0>(p) == std::get<0>(q) && zp > zq);
        });
        for (const auto& [level, zValue, ward] : hot) {
            if (std::isfinite(zValue))
                std::printf("  %s  bin +%lld  z = %.2f\n", ward.c_str(), static_cast<long long>(level), zValue);
            else
                std::printf("  %s  bin +%lld  (z withheld: small count)\n", ward.c_str(), static_cast<long long>(level));
        }
        if (hot.empty()) std::printf("  none\n");
    }
    if (result.density.written) {
        std::printf("\nCase density (%s kernel, bandwidth %.0f m)%s:\n", result.density.kernel.c_str(),
                    result.density.bandwidthMeters,
                    result.density.relativeRisk ? " and relative risk" : "");
        for (const auto& l : result.density.levels)
            std::printf("  %4.0f %% of cases in %8.1f km² (density >= %.2f per km²)\n", l.share * 100, l.areaKm2, l.threshold);
    }
    if (!result.outputs.empty()) {
        std::printf("\nOutputs:\n");
        for (const auto& o : result.outputs) std::printf("  %s\n", o.string().c_str());
    }
    return 0;
}

}  // namespace

Action addAnalyze(CLI::App& app) {
    auto args = std::make_shared<AnalyzeArgs>();
    app.description("Join case (and survey) records to ward boundaries, aggregate per ward, run the hotspot\n"
                    "statistics, the scan and the density surface, and write wards.geojson, wards.gpkg, wards.csv,\n"
                    "density.tif, hotspots.geojson, summary.json, manifest.json and one reject file per input.");
    app.add_option("--project", args->project, "project file (TOML) with the same settings and column mappings");
    app.add_option("--manifest", args->manifest,
                   "re-run the analysis a manifest.json records (inputs must be unchanged); --out picks another folder");
    app.add_option("--wards", args->request.wards.path, "ward boundaries: PATH[:LAYER] (any GDAL vector format)");
    addWardsCrsOption(app, args->request.wards.layerCrs);
    app.add_option("--ward-id", args->request.wards.idField, "field holding the ward code");
    app.add_option("--ward-name", args->request.wards.nameField, "field holding the ward name (default: 'name' if present)");
    app.add_option("--population-field", args->request.wards.populationField,
                   "ward field with the children 5-17 (default: children_5_17 summed from the survey)");
    app.add_option("--metric-crs", args->request.wards.metricCrs, "CRS for areas and distances (default: see docs)");
    app.add_option("--population-estimate", args->request.populationEstimate,
                   "without a survey or --population-field: children 5-17 per ward from this CSV (ward_code, "
                   "children_5_17); default: children_5_17_estimate.csv beside the ward layer (bundled for Hai Phong), "
                   "labelled as an estimate; none: no rates");
    app.add_option("--cases", args->request.cases.path, "case records: CSV, XLSX, GeoPackage or GeoJSON");
    app.add_option("--cases-crs", args->request.cases.crs, "CRS of the case coordinates")->capture_default_str();
    app.add_option("--columns", args->caseColumns,
                   "which column holds which field of the case records, when the headers are not recognised: "
                   "FIELD=COLUMN,... (e.g. case_id=Mã hồ sơ,ward_name=Phường/Xã; fields: docs/formats.md)")
        ->delimiter(',');
    app.add_option("--sectors", args->request.sectorDictionary,
                   "CSV of sector keywords (keyword,sector) tried before the built-in ones, for the job texts of "
                   "your offices (docs/formats.md, Sectors)");
    app.add_option("--survey", args->survey, "survey records: CSV, XLSX, GeoPackage or GeoJSON");
    app.add_option("--survey-columns", args->surveyColumns, "the same for the survey records")->delimiter(',');
    app.add_option("--survey-crs", args->surveyCrs, "CRS of the survey coordinates")->capture_default_str();
    app.add_option("--out", args->request.outDir, "output folder (created if missing)");
    app.add_option("--tolerance", args->request.toleranceMeters,
                   "metres: a point outside every ward but this close joins the nearest ward (flagged)")
        ->capture_default_str();
    app.add_option("--as-of", args->request.asOf, "reference date YYYY-MM-DD: later dates are rejected (default today)");
    app.add_option("--formats", args->formats, "ward outputs to write: geojson, gpkg, csv (default all)")->delimiter(',');
    app.add_option("--threads", args->request.threads, "worker threads for CSV records (default: one per core)");
    app.add_option("--top", args->top, "how many wards to list in the summary")->capture_default_str();
    app.add_flag("--no-stats", args->noStats, "skip the hotspot statistics");
    app.add_flag("--no-scan", args->noScan, "skip the Kulldorff scan");
    app.add_option("--scan-replications", args->scanReplications, "Monte Carlo replications of the scan (seed: --seed)")
        ->capture_default_str();
    app.add_option("--max-population-share", args->scanShare, "largest scan window, as a share of the population")
        ->capture_default_str();
    app.add_flag("--no-density", args->noDensity, "skip the kernel density surface and hotspot polygons");
    app.add_option("--bandwidth", args->bandwidth, "density kernel radius in metres, or auto (default auto)");
    app.add_option("--cell", args->cell, "density cell size in metres (default 50)");
    app.add_option("--kernel", args->kernel, "density kernel: quartic (default) or gaussian")
        ->check(CLI::IsMember({"quartic", "gaussian"}));
    app.add_option("--export-points", args->exportPoints,
                   "also write the case points, each moved at random by MIN-MAX metres inside its ward "
                   "(donut geomasking): donut:MIN:MAX. Exact points are never written.");
    app.add_option("--points-seed", args->pointsSeed, "seed of the geomasking")->capture_default_str();
    app.add_option("--variable", args->variable,
                   "what Moran, LISA and Gi* analyse: eb_rate_per_1000 (default: Empirical Bayes rates, calibrated) "
                   "or rate_per_1000 (raw rates: false hot spots in small wards)")
        ->check(CLI::IsMember({"eb_rate_per_1000", "rate_per_1000"}));
    addStatsOptions(app, args->request.weights, args->request.stats, args->stats);
    addDisclosureOptions(app, args->request.disclosure, args->stats.disclosure, &args->stats.disclosureGiven);
    app.add_flag("--quiet,-q", args->quiet, "no progress output");
    addLayerCacheFlag(app, args->layerCache);
    app.footer(R"(Examples:
  wardscope analyze --wards data/haiphong/wards_2025.gpkg:wards_2025 --ward-id code \
      --cases cases.csv --survey survey.csv --out out/
  wardscope analyze --project project.toml)");
    return [args] { return run(*args); };
}

}  // namespace wardscope::cli
