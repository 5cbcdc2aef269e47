// wardscope density: kernel density surface of case points as a Cloud-Optimized GeoTIFF.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/stats_options.h"
#include "cli/terminal_progress.h"
#include "gis/density_pipeline.h"

namespace wardscope::cli {

Action addDensity(CLI::App& app) {
    struct Args {
        gis::DensityRequest request;
        std::string bandwidth = "auto";
        std::string kernel = "quartic";
        std::string disclosure = "shared";
        std::string relativeTo;
        bool quiet = false;
        bool timings = false;
    };
    auto a = std::make_shared<Args>();
    app.description("Kernel density of case points (cases per km²) over the wards, in the metric CRS, written as a\n"
                    "Cloud-Optimized GeoTIFF; cells outside every ward are nodata.");
    app.add_option("--wards", a->request.wards.path, "the study area: PATH[:LAYER]")->required();
    addWardsCrsOption(app, a->request.wards.layerCrs);
    app.add_option("--ward-id", a->request.wards.idField, "field with the ward code")->required();
    app.add_option("--points", a->request.points.path, "case records (CSV, XLSX, GeoPackage, GeoJSON)")->required();
    app.add_option("--points-crs", a->request.points.crs, "CRS of the case coordinates")->capture_default_str();
    app.add_option("--weight", a->request.weightField, "numeric column weighting each case (default: 1 per case)");
    app.add_option("--relative-to", a->relativeTo,
                   "relative-risk surface: case density over the density of surveyed children (a survey file),\n"
                   "or of the ward population spread over each ward ('population', with --population-field)");
    app.add_option("--survey-crs", a->request.survey.crs, "CRS of the survey coordinates")->capture_default_str();
    app.add_option("--population-field", a->request.wards.populationField, "ward population field (for --relative-to population)");
    app.add_option("--min-denominator", a->request.surface.minDenominator,
                   "relative risk is nodata where fewer children than this lie within one bandwidth")
        ->capture_default_str();
    app.add_option("--bandwidth", a->bandwidth, "kernel radius in metres, or auto")->capture_default_str();
    app.add_option("--transform-error", a->request.surface.transformErrorMeters,
                   "largest position error (m) when moving 100,000+ points to the metric CRS through a lattice;\n"
                   "0 = every point through PROJ")
        ->capture_default_str();
    app.add_option("--cell", a->request.surface.cellMeters, "cell size in metres")->capture_default_str();
    app.add_option("--kernel", a->kernel, "quartic or gaussian")
        ->check(CLI::IsMember({"quartic", "gaussian"}))
        ->capture_default_str();
    app.add_option("--as-of", a->request.asOf, "reference date YYYY-MM-DD (later records are rejected)");
    addDisclosureOptions(app, a->request.disclosure, a->disclosure);
    app.add_option("--out", a->request.out, "FILE.tif")->required();
    app.add_option("--contours", a->request.contours,
                   "hotspot polygons (GeoJSON): the smallest areas holding 50/75/90 % of the density, and --levels");
    app.add_option("--levels", a->request.surface.fixedLevels, "fixed density levels for --contours, cases per km²")->delimiter(',');
    app.add_flag("--quiet,-q", a->quiet, "no progress output");
    addLayerCacheFlag(app, a->request.wards.cacheDir);
    app.add_flag("--timings", a->timings, "print the wall time of each stage");
    app.footer("Examples:\n  wardscope density --wards data/haiphong/wards_2025.gpkg:wards_2025 --ward-id code \\\n"
               "      --points cases.csv --bandwidth 1000 --cell 50 --kernel quartic --out density.tif\n"
               "  wardscope density --wards data/haiphong/wards_2025.gpkg:wards_2025 --ward-id code \\\n"
               "      --points cases.csv --relative-to survey.csv --bandwidth 2000 --out risk.tif");
    return [a] {
        a->request.surface.bandwidthMeters = parseBandwidth(a->bandwidth);
        a->request.surface.kernel = a->kernel == "gaussian" ? core::Kernel::Gaussian : core::Kernel::Quartic;
        if (a->relativeTo == "population") {
            a->request.denominator = gis::DenominatorSource::WardPopulation;
        } else if (!a->relativeTo.empty()) {
            a->request.denominator = gis::DenominatorSource::Survey;
            a->request.survey.path = a->relativeTo;
        }
        applyDisclosureMode(a->disclosure, a->request.disclosure);
        TerminalProgress progress(a->quiet);
        const auto result = gis::runDensity(a->request, progress);
        for (const auto& in : result.inputs)
            std::printf("%-7s %s: %lld rows read, %lld accepted, %lld rejected%s%s\n", in.kind.c_str(), in.path.c_str(),
                        static_cast<long long>(in.rowsRead), static_cast<long long>(in.accepted),
                        static_cast<long long>(in.rejected), in.rejected ? " -> " : "",
                        in.rejected ? in.rejectFile.c_str() : "");
        std::printf("wardscope density: %zu points, bandwidth %.0f m, %zu x %zu cells of %.0f m -> %s\n", result.points,
                    result.bandwidthMeters, result.raster.cols, result.raster.rows, result.raster.cellSize,
                    a->request.out.string().c_str());
        if (result.relativeRisk)
            std::printf("  band 1 relative risk (1 = city-wide rate; %zu sparse cells withheld), band 2 case density, "
                        "band 3 denominator density\n",
                        result.sparseCells);
        for (const auto& l : result.levels)
            std::printf("  %-15s %5.1f %% of cases in %8.2f km² (density >= %.3f per km²)\n", l.kind.c_str(), l.share * 100,
                        l.areaKm2, l.threshold);
        if (a->timings)
            for (const auto& [stage, seconds] : result.timingsSeconds) std::printf("  %-26s %7.3f s\n", stage.c_str(), seconds);
        for (const auto& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
