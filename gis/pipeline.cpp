#include "gis/pipeline.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <chrono>
#include <ctime>

#include "core/error.h"
#include "core/id_set.h"
#include "core/record_parser.h"
#include "core/synth.h"
#include "core/unicode.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/record_source.h"
#include "gis/ward_join.h"

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

void AnalyzeRequest::validate() const {
    if (wards.path.empty()) throw UsageError("--wards is required");
    if (wards.idField.empty()) throw UsageError("--ward-id is required");
    if (cases.path.empty()) throw UsageError("--cases is required");
    if (writeOutputs && outDir.empty()) throw UsageError("--out is required");
    if (!(toleranceMeters >= 0)) throw UsageError("--tolerance must be 0 or more metres");
    if (!asOf.empty() && !core::parseIsoDate(asOf)) throw UsageError("--as-of must be a date YYYY-MM-DD");
    if (cases.crs.empty()) throw UsageError("the cases CRS is empty");
}

void SynthRequest::validate() const {
    if (wards.path.empty()) throw UsageError("--wards is required");
    if (wards.idField.empty()) throw UsageError("--ward-id is required");
    if (outDir.empty()) throw UsageError("--out is required");
    if (!(casesScale > 0)) throw UsageError("--scale must be positive");
}

namespace {

std::string stemOf(const std::string& path) {
    return fs::path(parseLayerPath(path).path).stem().string();
}

/// Streams one record file: parse, join, de-duplicate, aggregate; rejects are written as they come.
InputReport processRecords(core::RecordKind kind, const RecordInput& input, const WardLayer& wards,
                           const core::Date& asOf, core::Aggregator& aggregator, const fs::path& outDir,
                           bool writeRejects, double toleranceMeters, std::vector<std::string>& warnings,
                           core::Progress& progress) {
    InputReport report;
    report.kind = std::string(core::recordKindName(kind));
    report.path = input.path;
    auto source = openRecordSource(input.path);
    report.format = source->format();

    const auto resolution = core::resolveHeader(kind, source->header(), input.columns);
    if (!resolution.problems.empty()) {
        std::string msg;
        for (const auto& p : resolution.problems) msg += (msg.empty() ? "" : "; ") + p;
        std::string header;
        for (const auto& h : source->header()) header += (header.empty() ? "" : ", ") + h;
        throw InputError(input.path + ": line " + std::to_string(source->headerLine()) + ": " + msg +
                         " (header: " + header + ")");
    }
    const auto& columns = resolution.columns;
    const bool hasLonLat = columns[static_cast<std::size_t>(core::Field::Lon)] >= 0;
    const bool hasXY = columns[static_cast<std::size_t>(core::Field::X)] >= 0;
    Crs recordCrs = source->declaredCrs() ? *source->declaredCrs() : Crs::fromUserInput(input.crs);
    core::RecordRules rules;
    rules.asOf = asOf;
    rules.projected = !hasLonLat && hasXY;
    if (rules.projected && recordCrs.isGeographic())
        throw UsageError(input.path + ": has x/y columns but no lon/lat; declare their projected CRS (e.g. --cases-crs EPSG:3405)");
    if (!rules.projected && recordCrs.isProjected()) rules.projected = true;

    core::RecordParser parser(kind, columns, source->header().size(), rules);
    JoinOptions joinOptions;
    joinOptions.toleranceMeters = toleranceMeters;
    WardJoiner joiner(wards, recordCrs, joinOptions);
    core::IdSet ids;

    std::unique_ptr<RejectWriter> rejects;
    if (writeRejects) {
        report.rejectFile = (outDir / ("rejects_" + report.kind + "_" + stemOf(input.path) + ".csv")).string();
        rejects = std::make_unique<RejectWriter>(report.rejectFile);
    }
    std::array<std::int64_t, core::kRejectReasonCount> reasonCounts{};
    std::array<std::int64_t, core::kRecordFlagCount> flagCounts{};
    const std::string fileLabel = input.path;
    const std::size_t headerFields = source->header().size();

    auto reject = [&](const SourceRow& row, core::RejectReason reason, const std::string& message) {
        ++report.rejected;
        ++reasonCounts[static_cast<std::size_t>(reason)];
        if (rejects) rejects->add(fileLabel, row.line, core::rejectCode(reason), message, row.raw);
    };

    SourceRow row;
    core::ParsedRecord record;
    core::RowReject rowReject{};
    std::int64_t sinceProgress = 0;
    while (source->next(row)) {
        ++report.rowsRead;
        if (++sinceProgress == 65536) {
            sinceProgress = 0;
            if (progress.isCanceled()) throw Canceled();
            progress.update(source->fractionRead(), "reading " + report.kind);
        }
        if (core::trim(row.raw).empty()) {
            reject(row, core::RejectReason::EmptyRow, "empty row");
            continue;
        }
        if (row.unterminatedQuote) {
            reject(row, core::RejectReason::UnterminatedQuote, "a quoted field is not closed before the end of the file");
            continue;
        }
        if (auto bad = core::findInvalidUtf8(row.raw)) {
            reject(row, core::RejectReason::InvalidUtf8,
                   "not valid UTF-8 at byte " + std::to_string(*bad + 1) + " of the row (legacy encoding?)");
            continue;
        }
        if (row.fields.size() == 1 && headerFields > 1) {
            const std::string_view raw = row.raw;
            if (raw.find_first_of(";,\t") != std::string_view::npos) {
                reject(row, core::RejectReason::WrongDelimiter,
                       "row uses another delimiter than the header; expected " + std::to_string(headerFields) + " fields");
                continue;
            }
        }
        if (!parser.parse(row.fields, record, rowReject)) {
            reject(row, rowReject.reason, rowReject.message);
            continue;
        }
        const JoinOutcome joined = joiner.join(record.location);
        if (joined.reject) {
            reject(row, *joined.reject, joined.message);
            continue;
        }
        if (!ids.insert(record.id)) {
            reject(row, core::RejectReason::DuplicateId,
                   std::string(core::canonicalName(kind, core::Field::Id)) + " '" + record.id + "' appeared earlier");
            continue;
        }
        ++report.accepted;
        if (joined.snapped) ++flagCounts[static_cast<std::size_t>(core::RecordFlag::SnappedToNearestWard)];
        if (joined.codeMismatch) ++flagCounts[static_cast<std::size_t>(core::RecordFlag::WardCodeMismatch)];
        if (joined.byCode) ++flagCounts[static_cast<std::size_t>(core::RecordFlag::JoinedByCode)];
        if (joined.byName) ++flagCounts[static_cast<std::size_t>(core::RecordFlag::JoinedByName)];
        if (const auto* c = std::get_if<core::CaseFields>(&record.fields)) {
            aggregator.addCase(joined.ward, *c);
        } else {
            aggregator.addSurvey(joined.ward, std::get<core::SurveyFields>(record.fields));
        }
    }
    if (rejects) rejects->commit();
    for (std::size_t i = 0; i < core::kRejectReasonCount; ++i)
        if (reasonCounts[i]) report.rejectReasons[std::string(core::rejectCode(static_cast<core::RejectReason>(i)))] = reasonCounts[i];
    for (std::size_t i = 0; i < core::kRecordFlagCount; ++i)
        if (flagCounts[i]) report.flags[std::string(core::flagCode(static_cast<core::RecordFlag>(i)))] = flagCounts[i];
    if (flagCounts[static_cast<std::size_t>(core::RecordFlag::WardCodeMismatch)] > 0)
        warnings.push_back(input.path + ": " + std::to_string(flagCounts[static_cast<std::size_t>(core::RecordFlag::WardCodeMismatch)]) +
                           " records have a ward code that disagrees with their coordinates; the coordinates were used");
    return report;
}

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

AnalyzeResult runAnalyze(const AnalyzeRequest& request, core::Progress& progress) {
    request.validate();
    AnalyzeResult result;
    result.asOf = request.asOf.empty() ? todayIso() : request.asOf;
    const core::Date asOf = *core::parseIsoDate(result.asOf);
    if (request.writeOutputs) {
        std::error_code ec;
        fs::create_directories(request.outDir, ec);
        if (ec || !fs::is_directory(request.outDir))
            throw OutputError(request.outDir.string() + ": cannot create the output folder");
    }

    progress.update(0.0, "reading wards");
    const WardLayer wards = loadWardLayer(request.wards);
    result.warnings = wards.warnings;
    result.wardCrs = wards.crs.label();
    result.metricCrs = wards.metricCrs.label();
    result.metricCrsReason = wards.metricCrsReason;

    core::Aggregator aggregator(wards.wards.size());
    const double casesEnd = request.survey ? 0.6 : 0.9;
    {
        core::SubProgress sub(progress, 0.05, casesEnd);
        result.inputs.push_back(processRecords(core::RecordKind::Case, request.cases, wards, asOf, aggregator,
                                               request.outDir, request.writeOutputs, request.toleranceMeters,
                                               result.warnings, sub));
    }
    if (request.survey) {
        core::SubProgress sub(progress, casesEnd, 0.9);
        result.inputs.push_back(processRecords(core::RecordKind::Survey, *request.survey, wards, asOf, aggregator,
                                               request.outDir, request.writeOutputs, request.toleranceMeters,
                                               result.warnings, sub));
    }
    const auto source = request.wards.populationField.empty() ? core::PopulationSource::Survey
                                                              : core::PopulationSource::WardField;
    if (source == core::PopulationSource::Survey && !request.survey)
        result.warnings.push_back("no survey file and no --population-field: population and rates are empty");
    result.wards = core::buildWardTable(wards.wards, aggregator.wards(), source);

    if (request.writeOutputs) {
        progress.update(0.9, "writing outputs");
        const fs::path out = request.outDir;
        writeWardLayer(out / "wards.geojson", wards, result.wards);
        writeWardLayer(out / "wards.gpkg", wards, result.wards);
        writeTextFileAtomically(out / "wards.csv", tableToCsv(result.wards));
        nlohmann::ordered_json summary;
        summary["wardscope_version"] = WARDSCOPE_VERSION;
        summary["as_of"] = result.asOf;
        summary["wards"] = {{"file", wards.path},      {"layer", wards.layerName},       {"count", wards.wards.size()},
                            {"crs", result.wardCrs},    {"metric_crs", result.metricCrs}, {"metric_crs_reason", result.metricCrsReason}};
        summary["population_source"] = source == core::PopulationSource::Survey ? "survey children_5_17" : request.wards.populationField;
        summary["tolerance_m"] = request.toleranceMeters;
        summary["inputs"] = nlohmann::ordered_json::array();
        for (const auto& r : result.inputs) summary["inputs"].push_back(reportJson(r));
        std::int64_t totalCases = 0;
        const int casesCol = result.wards.columnIndex("cases");
        for (const auto& row : result.wards.rows) totalCases += std::get<std::int64_t>(row[static_cast<std::size_t>(casesCol)]);
        summary["totals"] = {{"cases", totalCases}};
        summary["warnings"] = result.warnings;
        writeTextFileAtomically(out / "summary.json", summary.dump(2) + "\n");
        for (const char* name : {"wards.geojson", "wards.gpkg", "wards.csv", "summary.json"}) result.outputs.push_back(out / name);
        for (const auto& r : result.inputs) result.outputs.emplace_back(r.rejectFile);
    }
    progress.update(1.0, "done");
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
    core::PolygonIndex index;
    index.build(wards.shapes);
    core::SynthOptions options;
    options.seed = request.seed;
    options.backgroundCasesPer1000Children *= request.casesScale;
    options.hotspots = core::defaultHaiPhongHotspots();
    for (auto& h : options.hotspots) h.extraCases *= request.casesScale;
    progress.update(0.2, "generating records");
    const core::SynthResult synth = core::synthesize(synthWards, index, options);

    std::error_code ec;
    fs::create_directories(request.outDir, ec);
    SynthResultSummary summary;
    const fs::path casesPath = request.outDir / "synthetic_cases.csv";
    const fs::path surveyPath = request.outDir / "synthetic_survey.csv";
    const fs::path messyPath = request.outDir / "synthetic_cases_messy.csv";
    const fs::path expectPath = request.outDir / "synthetic_cases_messy_expected.csv";
    progress.update(0.7, "writing");
    writeTextFileAtomically(casesPath, tableToCsv(synth.cases));
    writeTextFileAtomically(surveyPath, tableToCsv(synth.survey));
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
    toml::table doc;
    try {
        doc = toml::parse_file(path.string());
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
    r.wards.metricCrs = str(doc["analysis"]["metric_crs"], "analysis.metric_crs");
    if (auto t = doc["analysis"]["tolerance_m"].value<double>()) r.toleranceMeters = *t;
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
    r.survey = readInput("survey");
    return r;
}

}  // namespace wardscope::gis
