#include "gis/pipeline.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <limits>
#include <map>
#include <sstream>

#include "core/csv_reader.h"
#include "core/error.h"
#include "core/record_parser.h"
#include "core/synth.h"
#include "core/unicode.h"
#include "gis/density_pipeline.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/provenance.h"
#include "gis/sha256.h"
#include "gis/stage_clock.h"
#include "gis/record_intake.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

std::string todayIso() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

namespace {

/// Sets each ward's population to its estimate of children 5-17 from `file`
/// (CSV: ward_code, children_5_17, as data/haiphong/children_5_17_estimate.csv);
/// a ward the file lacks has none, with a warning.
void applyPopulationEstimate(const std::string& file, std::vector<core::WardInfo>& wards, std::vector<std::string>& warnings) {
    protectInput(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file + ": cannot be opened for reading");
    core::CsvReader reader(in);
    core::CsvRow row;
    if (!reader.next(row)) throw InputError(file + ": is empty");
    int codeCol = -1, childrenCol = -1;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        const auto key = core::trim(row.fields[i]);
        if (key == "ward_code") codeCol = static_cast<int>(i);
        if (key == "children_5_17") childrenCol = static_cast<int>(i);
    }
    if (codeCol < 0 || childrenCol < 0) throw InputError(file + ": needs the columns ward_code and children_5_17");
    std::map<std::string, double> byCode;
    while (reader.next(row)) {
        if (row.fields.size() <= static_cast<std::size_t>(std::max(codeCol, childrenCol))) continue;
        const std::string_view text = core::trim(row.fields[static_cast<std::size_t>(childrenCol)]);
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0) || !std::isfinite(v))
            throw InputError(file + ": line " + std::to_string(row.line) + ": children_5_17 is not a number of 0 or more");
        byCode[std::string(core::normalizeWardCode(row.fields[static_cast<std::size_t>(codeCol)]))] = v;
    }
    std::size_t missing = 0;
    for (auto& w : wards) {
        const auto it = byCode.find(w.code);
        if (it == byCode.end()) {
            ++missing;
            w.populationField.reset();
        } else {
            w.populationField = it->second;
        }
    }
    if (missing > 0)
        warnings.push_back(file + ": no estimate for " + std::to_string(missing) + " of " + std::to_string(wards.size()) +
                           " wards: their population and rates are empty");
}

}  // namespace

void AnalyzeRequest::validate() const {
    if (wards.path.empty()) throw UsageError("--wards is required");
    if (wards.idField.empty()) throw UsageError("--ward-id is required");
    if (cases.path.empty()) throw UsageError("--cases is required");
    if (writeOutputs && outDir.empty()) throw UsageError("--out is required");
    if (!(toleranceMeters >= 0)) throw UsageError("--tolerance must be 0 or more metres");
    geomask.validate();
    if (density) densityOptions.validate();
    if (!asOf.empty() && !core::parseIsoDate(asOf)) throw UsageError("--as-of must be a date YYYY-MM-DD");
    if (cases.crs.empty()) throw UsageError("the cases CRS is empty");
    if (variable != "eb_rate_per_1000" && variable != "rate_per_1000")
        throw UsageError("--variable must be eb_rate_per_1000 or rate_per_1000 (got '" + variable + "')");
    if (formats.empty()) throw UsageError("--formats needs at least one of geojson, gpkg, csv");
    for (const auto& f : formats)
        if (f != "geojson" && f != "gpkg" && f != "csv") throw UsageError("unknown output format '" + f + "' (geojson, gpkg, csv)");
}

void SynthRequest::validate() const {
    if (wards.path.empty()) throw UsageError("--wards is required");
    if (wards.idField.empty()) throw UsageError("--ward-id is required");
    if (outDir.empty()) throw UsageError("--out is required");
    if (!(casesScale > 0)) throw UsageError("--scale must be positive");
}

namespace {


nlohmann::ordered_json reportJson(const InputReport& r) {
    nlohmann::ordered_json j;
    j["kind"] = r.kind;
    j["file"] = r.path;
    j["format"] = r.format;
    j["rows_read"] = r.rowsRead;
    j["accepted"] = r.accepted;
    j["rejected"] = r.rejected;
    j["reject_reasons"] = r.rejectReasons;
    j["flags"] = r.flags;
    j["reject_file"] = fs::path(r.rejectFile).filename().string();
    return j;
}

}  // namespace


namespace {

/// The counts and populations the statistics may see in shared mode.
struct PublishedCounts {
    std::vector<double> cases, population;
    std::size_t imputed = 0;  ///< wards whose case count is withheld
    double imputedMean = 0;
};

PublishedCounts publishedCounts(const core::Table& wards, const core::DisclosurePolicy& policy,
                                const std::vector<double>& cases, const std::vector<double>& population) {
    // The policy applied to a copy shows which counts the outputs withhold
    // (applyDisclosure is deterministic: the same cells when the table is written).
    core::Table copy = wards;
    core::applyDisclosure(copy, policy, core::wardTableSuppressionSpec(copy));
    const int casesCol = copy.columnIndex("cases"), popCol = copy.columnIndex("population");
    PublishedCounts out{cases, population, 0, 0};
    double withheldSum = 0;
    for (std::size_t i = 0; i < copy.rows.size(); ++i) {
        if (std::holds_alternative<core::Suppressed>(copy.rows[i][static_cast<std::size_t>(casesCol)])) {
            ++out.imputed;
            withheldSum += cases[i];  // = the published total less the published counts
        }
        if (popCol >= 0 && std::holds_alternative<core::Suppressed>(copy.rows[i][static_cast<std::size_t>(popCol)]))
            out.population[i] = std::numeric_limits<double>::quiet_NaN();  // left out, as a ward without population
    }
    if (out.imputed > 0) {
        out.imputedMean = withheldSum / static_cast<double>(out.imputed);
        for (std::size_t i = 0; i < copy.rows.size(); ++i)
            if (std::holds_alternative<core::Suppressed>(copy.rows[i][static_cast<std::size_t>(casesCol)]))
                out.cases[i] = out.imputedMean;
    }
    return out;
}

std::string formatMean(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v);
    return text;
}

}  // namespace

AnalyzeResult runAnalyze(const AnalyzeRequest& request, core::Progress& progress) {
    request.validate();
    AnalyzeResult result;
    StageClock clock(result.timingsSeconds);
    result.asOf = request.asOf.empty() ? todayIso() : request.asOf;
    const core::Date asOf = *core::parseIsoDate(result.asOf);
    if (request.writeOutputs) {
        prepareOutputFolder(request.outDir, &result.warnings);
    }

    progress.update(0.0, "reading wards");
    // The ward layer is read on its own thread while the first blocks of cases
    // are parsed (rows need it only to be joined), and the ward file's SHA-256
    // for the manifest on another.
    std::future<std::string> wardsHash;
    if (request.writeOutputs)
        wardsHash = std::async(std::launch::async, [&] { return sha256File(parseLayerPath(request.wards.path).path); });
    double readWardsSeconds = 0;
    const std::shared_future<WardLayer> wardsLoading =
        std::async(std::launch::async, [&] {
            const auto start = std::chrono::steady_clock::now();
            WardLayer layer = loadWardLayer(request.wards);
            readWardsSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return layer;
        }).share();
    // A problem with the ward layer is reported before one with the records.
    auto wardsFirst = [&](auto&& read) {
        try {
            return read();
        } catch (...) {
            wardsLoading.get();
            throw;
        }
    };

    core::Aggregator aggregator;
    std::shared_ptr<const core::SectorDictionary> sectors;
    if (!request.sectorDictionary.empty()) {
        protectInput(request.sectorDictionary);
        std::ifstream file(request.sectorDictionary, std::ios::binary);
        if (!file)
            throw InputError(request.sectorDictionary + ": the sector dictionary cannot be read (" + std::strerror(errno) + ")");
        const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
        sectors = std::make_shared<const core::SectorDictionary>(
            core::SectorDictionary::withUserRules(text, request.sectorDictionary));
    }
    auto intake = [&](core::RecordKind kind, const RecordInput& input) {
        IntakeOptions options;
        options.kind = kind;
        options.asOf = asOf;
        options.toleranceMeters = request.toleranceMeters;
        options.threads = request.threads;
        options.hashInput = request.writeOutputs;  // for the manifest
        options.rejectRows = request.disclosure.mode == core::DisclosureMode::Internal;
        options.sectors = sectors;
        if (request.writeOutputs)
            options.rejectFile = request.outDir / ("rejects_" + std::string(core::recordKindName(kind)) + "_" +
                                                   fs::path(parseLayerPath(input.path).path).stem().string() + ".csv");
        return options;
    };
    const double casesEnd = request.survey ? 0.6 : 0.9;
    // The joined points, for the density surfaces and the geomasked export.
    std::vector<core::JoinedPoint> casePoints, surveyPoints;
    const bool wantDensity = request.density && request.writeOutputs;
    {
        core::SubProgress sub(progress, 0.05, casesEnd);
        auto options = intake(core::RecordKind::Case, request.cases);
        if ((request.geomask.enabled || wantDensity) && request.writeOutputs) options.acceptedPoints = &casePoints;
        result.inputs.push_back(wardsFirst([&] {
            return readRecords(request.cases, PendingWardLayer(wardsLoading), options, aggregator, result.warnings, sub);
        }));
    }
    const WardLayer& wards = wardsLoading.get();
    result.warnings.insert(result.warnings.begin(), wards.warnings.begin(), wards.warnings.end());
    if (wards.planar() && request.toleranceMeters > 0)
        result.warnings.push_back("the ward layer has no CRS: points outside every ward are not joined to a nearest "
                                  "ward (--tolerance is in metres)");
    if (wards.planar() && request.geomask.enabled)
        throw UsageError("--export-points moves points by metres: the ward layer has no CRS; declare it with --wards-crs");
    result.wardCrs = wards.crs.label();
    result.metricCrs = wards.metricCrs.label();
    result.metricCrsReason = wards.metricCrsReason;
    result.timingsSeconds.emplace_back("read_wards", readWardsSeconds);  // overlaps "cases"
    clock.lap("cases");
    if (request.survey) {
        core::SubProgress sub(progress, casesEnd, 0.9);
        auto options = intake(core::RecordKind::Survey, *request.survey);
        if (wantDensity) options.acceptedPoints = &surveyPoints;
        result.inputs.push_back(readRecords(*request.survey, wards, options, aggregator, result.warnings, sub));
        clock.lap("survey");
    }
    auto source = request.wards.populationField.empty() ? core::PopulationSource::Survey
                                                        : core::PopulationSource::WardField;
    std::string estimateFile;
    if (source == core::PopulationSource::Survey && !request.survey) {
        // No survey and no population field: the estimate of children 5-17 that
        // comes with the ward layer (or --population-estimate), said everywhere.
        estimateFile = request.populationEstimate.empty()
                           ? (fs::path(wards.path).parent_path() / "children_5_17_estimate.csv").string()
                           : request.populationEstimate;
        std::error_code ec;
        if (request.populationEstimate != "none" && fs::is_regular_file(estimateFile, ec)) {
            source = core::PopulationSource::Estimate;
            result.warnings.push_back("no survey: rates use an ESTIMATE of the children 5-17 in each ward (" + estimateFile +
                                      ": declared population x the 2019 census share of 5-17-year-olds), labelled "
                                      "population_source = estimate in every output");
        } else {
            estimateFile.clear();
            result.warnings.push_back("no survey file and no --population-field: population and rates are empty");
        }
    }
    if (source == core::PopulationSource::Estimate) {
        std::vector<core::WardInfo> estimated = wards.wards;
        applyPopulationEstimate(estimateFile, estimated, result.warnings);
        result.wards = core::buildWardTable(estimated, aggregator.wards(), source);
    } else {
        result.wards = core::buildWardTable(wards.wards, aggregator.wards(), source);
    }
    const auto casesByMonth = aggregator.casesByMonth();
    result.caseMonthsByYear = core::monthsCoveredByYear(casesByMonth);
    clock.lap("aggregate");

    // True per-ward counts and populations (NaN = none) for the statistics and the
    // scan, taken before the disclosure policy changes the table.
    std::vector<double> cases, population;
    bool anyPopulation = false;
    std::int64_t totalCases = 0;
    {
        const int casesCol = result.wards.columnIndex("cases");
        const int popCol = result.wards.columnIndex("population");
        for (const auto& row : result.wards.rows) {
            const auto c = std::get<std::int64_t>(row[static_cast<std::size_t>(casesCol)]);
            cases.push_back(static_cast<double>(c));
            totalCases += c;
            const auto* p = std::get_if<double>(&row[static_cast<std::size_t>(popCol)]);
            population.push_back(p ? *p : std::numeric_limits<double>::quiet_NaN());
            anyPopulation = anyPopulation || (p && *p > 0);
        }
    }
    // In shared mode the statistics and the scan see only what is published:
    // each withheld count is replaced by the mean of the withheld counts (the
    // published city total less the published counts, shared out), and a ward
    // whose population is withheld is left out. What they publish is then a
    // function of the published counts, so no guess of a withheld count can be
    // checked against it (docs/privacy.md, "Statistics").
    // (Only when they run: the policy's pass over a copy of the table costs
    // about 85 ms on 20,000 wards.)
    const bool statisticsRun = anyPopulation && (request.statistics || (request.scan && totalCases > 0));
    const PublishedCounts published = request.disclosure.mode == core::DisclosureMode::Shared && statisticsRun
                                          ? publishedCounts(result.wards, request.disclosure, cases, population)
                                          : PublishedCounts{cases, population, 0, 0};
    if (published.imputed > 0)
        result.warnings.push_back(std::to_string(published.imputed) + " wards' case counts are withheld: the statistics and the scan take "
                                  "each at the mean of the withheld counts (" + formatMean(published.imputedMean) +
                                  "), so that they reveal none of them; --disclosure internal uses the exact counts");
    // A population withheld in every ward leaves the statistics nothing to use.
    const bool anyPublishedPopulation =
        std::any_of(published.population.begin(), published.population.end(), [](double p) { return p > 0; });
    nlohmann::ordered_json statistics;
    if (request.statistics) {
        if (!anyPublishedPopulation) {
            result.warnings.push_back(anyPopulation ? "every ward's population is withheld (small counts): the hotspot "
                                                      "statistics were not run"
                                                    : "no ward has a population: the hotspot statistics were not run");
        } else {
            core::SubProgress sub(progress, 0.85, 0.9);
            auto step = runStatsStep(wards, published.cases, published.population, request.variable, nullptr, request.weights,
                                     request.stats, sub);
            core::appendStatsColumns(result.wards, step.input, step.result);
            std::size_t excluded = 0;
            for (char e : step.result.excluded) excluded += e ? 1 : 0;
            if (excluded > 0)
                result.warnings.push_back(std::to_string(excluded) + " wards have no " + request.variable +
                                          " (population 0) and were left out of the statistics");
            statistics = std::move(step.summary);
            for (const auto& t : step.timingsSeconds) result.timingsSeconds.emplace_back("statistics_" + t.first, t.second);
        }
        clock.lap("statistics");
    }
    nlohmann::ordered_json scanSummary;
    if (request.scan) {
        if (anyPublishedPopulation && totalCases > 0) {
            core::SubProgress sub(progress, 0.88, 0.9);
            const auto run = runScanOn(wards, published.cases, published.population, request.scanOptions, sub);
            result.wards.columns.push_back({"scan_cluster", core::ColumnType::Integer});
            for (std::size_t i = 0; i < result.wards.rows.size(); ++i) result.wards.rows[i].push_back(run.wards.rows[i][1]);
            scanSummary = run.summary;
            if (request.disclosure.mode == core::DisclosureMode::Shared)
                for (auto& cl : scanSummary["clusters"])
                    if (cl["observed"].get<double>() > 0 && cl["observed"].get<double>() < static_cast<double>(request.disclosure.minCount))
                        cl["observed"] = "suppressed";
        }
        clock.lap("scan");
    }

    // The disclosure policy applies to everything written or shown from here on.
    result.suppression = core::applyDisclosure(result.wards, request.disclosure, core::wardTableSuppressionSpec(result.wards));
    // Every row says which policy produced it, in every format.
    result.wards.columns.push_back({"disclosure", core::ColumnType::Text});
    for (auto& row : result.wards.rows) row.emplace_back(std::string(core::disclosureModeName(request.disclosure.mode)));
    if (request.disclosure.mode == core::DisclosureMode::Shared) {
        const auto names = core::suppressedColumnsPerRow(result.wards);
        result.wards.columns.push_back({"suppressed", core::ColumnType::Text});
        for (std::size_t i = 0; i < names.size(); ++i) result.wards.rows[i].emplace_back(names[i]);
    } else {
        result.warnings.push_back("disclosure mode 'internal': small counts are NOT suppressed; these outputs are for internal use only");
    }
    if (request.writeOutputs) {
        const fs::path out = request.outDir;
        std::vector<std::string> written;
        nlohmann::ordered_json densityJson;
        if (wantDensity) {
            if (wards.planar()) {
                result.warnings.push_back("the ward layer has no CRS: no density surface (its bandwidth and cells are "
                                          "in metres; declare the layer's CRS with --wards-crs)");
            } else if (casePoints.size() < 2 && !(request.densityOptions.bandwidthMeters > 0)) {
                result.warnings.push_back("fewer than 2 cases have coordinates: no density surface (the automatic "
                                          "bandwidth needs at least 2)");
            } else if (casePoints.empty()) {
                result.warnings.push_back("no case has coordinates: no density surface");
            } else if (request.disclosure.mode == core::DisclosureMode::Shared &&
                       casePoints.size() < static_cast<std::size_t>(request.disclosure.minCount)) {
                result.warnings.push_back("fewer than " + std::to_string(request.disclosure.minCount) +
                                          " cases have coordinates: no density surface in shared outputs (each case "
                                          "would show on its own)");
            } else {
                // Relative to the surveyed children when there is a survey, else to the
                // wards' population when there is one.
                // Relative to the surveyed children where the survey has points;
                // else to each ward's population (the survey's totals by ward, a
                // field or the estimate) spread over the ward.
                double surveyedChildren = 0;
                for (const auto& p : surveyPoints) surveyedChildren += p.weight;
                DenominatorSource denominator = DenominatorSource::None;
                if (request.survey && surveyedChildren > 0) {
                    denominator = DenominatorSource::Survey;
                } else if (anyPopulation) {
                    denominator = DenominatorSource::WardPopulation;
                    if (request.survey)
                        result.warnings.push_back("the survey records have no coordinates (joined by ward): the relative "
                                                  "risk surface is against each ward's surveyed children spread evenly "
                                                  "over the ward");
                }
                core::SubProgress sub(progress, 0.9, 0.95);
                const auto surfaces = computeDensity(wards, casePoints, denominator, surveyPoints, request.densityOptions,
                                                     request.disclosure, sub, &population);
                result.warnings.insert(result.warnings.end(), surfaces.warnings.begin(), surfaces.warnings.end());
                writeDensityRaster(out / "density.tif", surfaces, wards, request.densityOptions, request.disclosure, "");
                writeHotspotContours(out / "hotspots.geojson", surfaces, wards);
                written.emplace_back("density.tif");
                written.emplace_back("hotspots.geojson");
                densityJson = densitySummary(surfaces, request.densityOptions);
                result.density = {true, densityJson["kernel"].get<std::string>(), surfaces.bandwidthMeters,
                                  surfaces.relativeRisk.has_value(), surfaces.levels};
                densityJson["files"] = {"density.tif", "hotspots.geojson"};
            }
            clock.lap("density");
        }
        progress.update(0.95, "writing outputs");
        for (const auto& format : request.formats) {
            const fs::path file = out / ("wards." + format);
            if (format == "csv") {
                writeTextFileAtomically(file, tableToCsvParts(result.wards));
            } else {
                writeWardLayer(file, wards, result.wards);
            }
            written.push_back(file.filename().string());
        }
        nlohmann::ordered_json summary;
        summary["wardscope_version"] = WARDSCOPE_VERSION;
        summary["as_of"] = result.asOf;
        summary["wards"] = {{"file", wards.path},      {"layer", wards.layerName},       {"count", wards.wards.size()},
                            {"crs", result.wardCrs},    {"metric_crs", result.metricCrs}, {"metric_crs_reason", result.metricCrsReason}};
        summary["population_source"] = source == core::PopulationSource::Survey    ? "survey children_5_17"
                                        : source == core::PopulationSource::Estimate ? "estimate: " + estimateFile
                                                                                     : request.wards.populationField;
        summary["tolerance_m"] = request.toleranceMeters;
        summary["sectors"] = {{"dictionary", request.sectorDictionary.empty() ? "built-in" : request.sectorDictionary},
                              {"user_rules", sectors ? sectors->userRules() : 0}};
        summary["inputs"] = nlohmann::ordered_json::array();
        for (const auto& r : result.inputs) summary["inputs"].push_back(reportJson(r));
        summary["totals"] = {{"cases", totalCases}};  // protected by secondary suppression of the cases column
        if (!casesByMonth.empty()) {
            auto month = [](int key) {
                char text[16];
                std::snprintf(text, sizeof text, "%04d-%02d", key / 100, key % 100);
                return std::string(text);
            };
            nlohmann::ordered_json months;
            for (const auto& [year, n] : result.caseMonthsByYear) months[std::to_string(year)] = n;
            summary["case_period"] = {{"first_month", month(casesByMonth.front().first)},
                                      {"last_month", month(casesByMonth.back().first)},
                                      {"months_by_year", months}};
        }
        summary["disclosure"] = {{"mode", std::string(core::disclosureModeName(request.disclosure.mode))},
                                 {"min_count", request.disclosure.minCount},
                                 {"suppressed_primary", result.suppression.primary},
                                 {"suppressed_secondary", result.suppression.secondary},
                                 {"suppressed_derived", result.suppression.derived}};
        if (!statistics.is_null()) summary["statistics"] = statistics;
        if (!scanSummary.is_null()) summary["scan"] = scanSummary;
        if (!densityJson.is_null()) summary["density"] = densityJson;
        summary["warnings"] = result.warnings;
        if (request.geomask.enabled) {
            // Only on explicit request: points displaced within their ward, no identifiers.
            const auto masked = donutGeomask(wards, casePoints, request.geomask);
            writeGeomaskedPoints(out / "cases_geomasked.geojson", wards, masked);
            written.emplace_back("cases_geomasked.geojson");
            result.geomaskedPoints = masked.points.size();
            result.geomaskFallbacks = masked.fallbacks;
            summary["geomasked_points"] = {{"file", "cases_geomasked.geojson"},
                                           {"method", "donut"},
                                           {"min_m", request.geomask.minMeters},
                                           {"max_m", request.geomask.maxMeters},
                                           {"seed", request.geomask.seed},
                                           {"points", masked.points.size()},
                                           {"ward_too_small_fallbacks", masked.fallbacks}};
        }
        writeTextFileAtomically(out / "summary.json", summary.dump(2) + "\n");
        written.emplace_back("summary.json");
        for (const auto& name : written) result.outputs.push_back(out / name);
        for (const auto& r : result.inputs) result.outputs.emplace_back(r.rejectFile);
        clock.lap("write_outputs");
        result.wardsSha256 = wardsHash.get();
        // The manifest records what produced the outputs (and the timings, which
        // are the only thing that differs between two identical runs).
        writeTextFileAtomically(out / "manifest.json", buildManifest(request, result).dump(2) + "\n");
        result.outputs.push_back(out / "manifest.json");
    }
    progress.update(1.0, "done");
    // Freeing the ward layer (tens of thousands of geometries) and the counts
    // object by object takes a while: the result holds them, so that a caller
    // about to end the process can skip that.
    struct WorkingSet {
        std::shared_future<WardLayer> wards;
        core::Aggregator aggregator;
        std::vector<core::JoinedPoint> casePoints, surveyPoints;
    };
    result.workingSet = std::make_shared<const WorkingSet>(
        WorkingSet{wardsLoading, std::move(aggregator), std::move(casePoints), std::move(surveyPoints)});
    return result;
}

SynthResultSummary runSynth(const SynthRequest& request, core::Progress& progress) {
    request.validate();
    progress.update(0.0, "reading wards");
    WardLayerOptions wardOptions = request.wards;
    wardOptions.populationField = request.populationField;
    const WardLayer wards = loadWardLayer(wardOptions);
    if (!wards.crs.isGeographic())
        throw UsageError(request.wards.path + ": synth needs a ward layer in lon/lat (e.g. EPSG:4326)");
    std::vector<core::SynthWard> synthWards;
    for (const auto& w : wards.wards)
        synthWards.push_back({w.code, w.name, w.populationField.value_or(0.0)});
    const auto index = wards.pointIndex();
    core::SynthOptions options;
    options.seed = request.seed;
    options.backgroundCasesPer1000Children *= request.casesScale;
    options.hotspots = core::defaultHaiPhongHotspots();
    for (auto& h : options.hotspots) h.extraCases *= request.casesScale;
    progress.update(0.2, "generating records");
    const core::SynthResult synth = core::synthesize(synthWards, *index, options);

    prepareOutputFolder(request.outDir);
    SynthResultSummary summary;
    const fs::path casesPath = request.outDir / "synthetic_cases.csv";
    const fs::path surveyPath = request.outDir / "synthetic_survey.csv";
    const fs::path messyPath = request.outDir / "synthetic_cases_messy.csv";
    const fs::path expectPath = request.outDir / "synthetic_cases_messy_expected.csv";
    progress.update(0.7, "writing");
    writeTextFileAtomically(casesPath, tableToCsvParts(synth.cases));
    writeTextFileAtomically(surveyPath, tableToCsvParts(synth.survey));
    std::string messy;
    for (const auto& line : synth.messyCaseLines) messy += line + "\n";
    writeTextFileAtomically(messyPath, messy);
    std::string expect = "line,expected\n";
    for (const auto& [line, what] : synth.messyExpectations) expect += std::to_string(line) + "," + what + "\n";
    writeTextFileAtomically(expectPath, expect);
    summary.cases = static_cast<std::int64_t>(synth.cases.rows.size());
    summary.surveyRows = static_cast<std::int64_t>(synth.survey.rows.size());
    summary.messyRows = static_cast<std::int64_t>(synth.messyCaseLines.size()) - 1;
    summary.outputs = {casesPath, surveyPath, messyPath, expectPath};
    for (std::size_t i = 0; i < options.hotspots.size(); ++i)
        summary.planted.emplace_back(options.hotspots[i].label, synth.plantedCasesPerHotspot[i]);
    progress.update(1.0, "done");
    return summary;
}

AnalyzeRequest readProjectFile(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path.string() + ": no such project file");
    if (fs::is_directory(path, ec)) throw InputError(path.string() + ": is a directory, not a project file");
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return readProjectText(text.str(), path);
}

AnalyzeRequest readProjectText(std::string_view text, const fs::path& path) {
    toml::table doc;
    try {
        doc = toml::parse(text, path.string());
    } catch (const toml::parse_error& e) {
        throw InputError(path.string() + ": line " + std::to_string(e.source().begin.line) + ": " +
                         std::string(e.description()));
    }
    const fs::path base = path.parent_path();
    auto resolve = [&](const std::string& p) -> std::string {
        if (p.empty()) return p;
        const LayerPath lp = parseLayerPath(p);
        fs::path file(lp.path);
        if (file.is_relative()) file = (base / file).lexically_normal();
        return lp.layer.empty() ? file.string() : file.string() + ":" + lp.layer;
    };
    auto str = [&](const toml::node_view<toml::node>& node, const std::string& key) -> std::string {
        if (!node) return {};
        if (auto v = node.value<std::string>()) return *v;
        throw InputError(path.string() + ": '" + key + "' must be a string");
    };
    AnalyzeRequest r;
    r.wards.path = resolve(str(doc["wards"]["path"], "wards.path"));
    r.wards.idField = str(doc["wards"]["id_field"], "wards.id_field");
    r.wards.nameField = str(doc["wards"]["name_field"], "wards.name_field");
    r.wards.populationField = str(doc["wards"]["population_field"], "wards.population_field");
    r.wards.layerCrs = str(doc["wards"]["crs"], "wards.crs");
    r.wards.metricCrs = str(doc["analysis"]["metric_crs"], "analysis.metric_crs");
    if (auto t = doc["analysis"]["tolerance_m"].value<double>()) r.toleranceMeters = *t;
    if (auto v = str(doc["statistics"]["variable"], "statistics.variable"); !v.empty()) r.variable = v;
    if (auto e = str(doc["analysis"]["population_estimate"], "analysis.population_estimate"); !e.empty())
        r.populationEstimate = e == "none" ? e : resolve(e);
    r.asOf = str(doc["analysis"]["as_of"], "analysis.as_of");
    if (auto o = str(doc["output"]["dir"], "output.dir"); !o.empty()) r.outDir = resolve(o);
    auto readInput = [&](const char* key) -> std::optional<RecordInput> {
        auto node = doc[key];
        if (!node) return std::nullopt;
        RecordInput in;
        in.path = resolve(str(node["path"], std::string(key) + ".path"));
        if (auto c = str(node["crs"], std::string(key) + ".crs"); !c.empty()) in.crs = c;
        if (const toml::table* cols = node["columns"].as_table()) {
            for (const auto& [k, v] : *cols) {
                if (auto s = v.value<std::string>()) {
                    in.columns[std::string(k.str())] = *s;
                } else {
                    throw InputError(path.string() + ": " + key + ".columns." + std::string(k.str()) + " must be a string");
                }
            }
        }
        return in;
    };
    if (auto c = readInput("cases")) r.cases = *c;
    if (auto s = str(doc["cases"]["sectors"], "cases.sectors"); !s.empty()) r.sectorDictionary = resolve(s);
    r.survey = readInput("survey");
    if (auto d = doc["density"]) {
        if (auto e = d["enabled"].value<bool>()) r.density = *e;
        if (auto b = d["bandwidth_m"].value<double>()) {
            r.densityOptions.bandwidthMeters = *b;
        } else if (auto t = d["bandwidth_m"].value<std::string>(); t && *t != "auto") {
            throw InputError(path.string() + ": density.bandwidth_m must be a number of metres or \"auto\"");
        }
        if (auto c = d["cell_m"].value<double>()) r.densityOptions.cellMeters = *c;
        if (auto k = str(d["kernel"], "density.kernel"); !k.empty()) {
            if (k != "quartic" && k != "gaussian") throw InputError(path.string() + ": density.kernel must be quartic or gaussian");
            r.densityOptions.kernel = k == "gaussian" ? core::Kernel::Gaussian : core::Kernel::Quartic;
        }
        if (auto m = d["min_denominator"].value<double>()) r.densityOptions.minDenominator = *m;
        if (auto e = d["transform_error_m"].value<double>()) r.densityOptions.transformErrorMeters = *e;
    }
    return r;
}

}  // namespace wardscope::gis
