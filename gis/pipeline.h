#pragma once
// The one analysis pipeline API. Front ends (cli, viewer) fill a request, call
// run*(request, progress) and report the result; they hold no analysis logic.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/aggregate.h"
#include "core/disclosure.h"
#include "core/progress.h"
#include "core/table.h"
#include "gis/density_options.h"
#include "gis/geomask.h"
#include "gis/scan_pipeline.h"
#include "gis/stats_pipeline.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct RecordInput {
    std::string path;                ///< file, or "file:layer" for a GDAL layer
    std::string crs = "EPSG:4326";   ///< CRS of lon/lat or x/y (ignored if the layer declares one)
    std::map<std::string, std::string> columns;  ///< canonical name -> header in the file
};

struct AnalyzeRequest {
    WardLayerOptions wards;
    RecordInput cases;
    std::optional<RecordInput> survey;
    std::filesystem::path outDir;
    double toleranceMeters = 50;
    std::string asOf;  ///< "YYYY-MM-DD"; records dated later are rejected. Empty: today (UTC).
    bool writeOutputs = true;
    std::vector<std::string> formats = {"geojson", "gpkg", "csv"};  ///< ward outputs to write
    unsigned threads = 0;  ///< worker threads for CSV records; 0 = one per core
    core::DisclosurePolicy disclosure;  ///< shared (default): small counts withheld
    GeomaskOptions geomask;             ///< explicit export of donut-geomasked case points
    bool statistics = true;  ///< run the hotspot statistics after aggregation
    /// What Moran, LISA and Gi* analyse: the Empirical Bayes rate by default,
    /// whose false-alarm rate under constant risk holds at the nominal level on
    /// the Hai Phong wards (docs/methods.md, "Calibration"); rate_per_1000 is the raw rate.
    std::string variable = "eb_rate_per_1000";
    WeightsOptions weights;
    core::WardStatsOptions stats;
    bool scan = true;  ///< run the Kulldorff scan after aggregation
    core::ScanOptions scanOptions;
    /// Write density.tif (case density; with a survey or a population field also
    /// the relative risk) and hotspots.geojson.
    bool density = true;
    DensityOptions densityOptions;
    /// Without a survey or a population field: the children 5-17 per ward from
    /// this CSV (ward_code, children_5_17); empty: children_5_17_estimate.csv
    /// beside the ward layer, if there is one; "none": no estimate.
    std::string populationEstimate;
    /// A CSV of sector keywords (keyword, sector) tried before the built-in ones
    /// (core::SectorDictionary, docs/formats.md "Sectors"); empty: the built-in ones only.
    std::string sectorDictionary;

    /// Checks the options before any I/O; throws UsageError.
    void validate() const;
};

struct InputReport {
    std::string kind;  ///< "cases" or "survey"
    std::string path;
    std::string format;
    std::int64_t rowsRead = 0;
    std::int64_t accepted = 0;
    std::int64_t rejected = 0;
    std::map<std::string, std::int64_t> rejectReasons;
    std::map<std::string, std::int64_t> flags;
    std::string rejectFile;
    std::string sha256;  ///< of the bytes read (CSV); empty when the reader could not see them
};

struct AnalyzeResult {
    core::Table wards;  ///< one row per ward, layer order (docs/formats.md)
    std::vector<InputReport> inputs;
    std::vector<std::string> warnings;
    std::vector<std::filesystem::path> outputs;
    std::string wardCrs;
    std::string metricCrs;
    std::string metricCrsReason;
    std::string wardsSha256;  ///< of the ward layer's file, for the manifest
    std::string asOf;
    std::vector<std::pair<std::string, double>> timingsSeconds;  ///< wall time per stage
    core::SuppressionReport suppression;
    /// The months of each year between the first and the last month with an
    /// accepted case (core::monthsCoveredByYear): the exposure of each
    /// cases_<year> column, in summary.json as case_period.
    std::map<int, int> caseMonthsByYear;
    DensityReport density;
    std::size_t geomaskedPoints = 0;
    std::size_t geomaskFallbacks = 0;
    /// The ward layer, the counts and the points the run worked on, released
    /// with the result (or never, by a caller that ends the process instead).
    std::shared_ptr<const void> workingSet;
};

AnalyzeResult runAnalyze(const AnalyzeRequest& request, core::Progress& progress);

struct SynthRequest {
    WardLayerOptions wards;
    std::string populationField = "pop_declared";
    std::uint64_t seed = 2025;
    std::filesystem::path outDir;
    double casesScale = 1.0;  ///< multiplies background and planted case counts
    void validate() const;
};

struct SynthResultSummary {
    std::int64_t cases = 0;
    std::int64_t surveyRows = 0;
    std::int64_t messyRows = 0;
    std::vector<std::filesystem::path> outputs;
    std::vector<std::pair<std::string, std::int64_t>> planted;
};

SynthResultSummary runSynth(const SynthRequest& request, core::Progress& progress);

/// Reads an analysis project file (TOML; docs/user-guide.md) into a request.
/// Relative paths are taken from the project file's folder.
AnalyzeRequest readProjectFile(const std::filesystem::path& path);
/// The same from the file's text; `path` names it in messages and anchors relative paths.
AnalyzeRequest readProjectText(std::string_view text, const std::filesystem::path& path);

/// Today's date in UTC as YYYY-MM-DD.
std::string todayIso();

}  // namespace wardscope::gis
