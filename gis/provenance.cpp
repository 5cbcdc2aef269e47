#include "gis/provenance.h"

#include <array>
#include <fstream>
#include <memory>

#include "core/error.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

namespace {

/// Reads a manifest and checks that every input still has its recorded SHA-256.
nlohmann::json readVerifiedManifest(const fs::path& manifest, const char* command) {
    std::ifstream in(manifest);
    if (!in) throw InputError(manifest.string() + ": cannot be read");
    nlohmann::json m;
    try {
        m = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(manifest.string() + ": not a manifest (" + e.what() + ")");
    }
    if (!m.contains("request") || !m.contains("inputs") || m.value("command", "") != command)
        throw InputError(manifest.string() + ": not a manifest of 'wardscope " + command + "'");
    for (const auto& input : m.at("inputs")) {
        const std::string file = input.at("file").get<std::string>();
        std::error_code ec;
        if (!fs::exists(file, ec)) throw InputError(manifest.string() + ": input " + file + " is missing");
        if (sha256File(file) != input.at("sha256").get<std::string>())
            throw InputError(manifest.string() + ": input " + file + " has changed since the manifest was written (SHA-256 differs)");
    }
    return m;
}

/// A file (or "file:layer") named from the current folder, made absolute, so
/// that a manifest re-runs from any folder. Other text ("none", "") is kept.
std::string absoluteSpec(const std::string& spec) {
    if (spec.empty() || spec == "none") return spec;
    const LayerPath lp = parseLayerPath(spec);
    std::error_code ec;
    const fs::path absolute = fs::absolute(lp.path, ec);
    if (ec || !fs::exists(absolute, ec)) return spec;
    return absolute.lexically_normal().string() + (lp.layer.empty() ? "" : ":" + lp.layer);
}

/// The request with every file named absolutely (for a manifest).
AnalyzeRequest withAbsolutePaths(AnalyzeRequest r) {
    r.wards.path = absoluteSpec(r.wards.path);
    r.cases.path = absoluteSpec(r.cases.path);
    if (r.survey) r.survey->path = absoluteSpec(r.survey->path);
    r.populationEstimate = absoluteSpec(r.populationEstimate);
    r.sectorDictionary = absoluteSpec(r.sectorDictionary);
    std::error_code ec;
    if (!r.outDir.empty()) r.outDir = fs::absolute(r.outDir, ec).lexically_normal();
    return r;
}

nlohmann::ordered_json toolJson(const char* command) {
    nlohmann::ordered_json m;
    m["wardscope_version"] = WARDSCOPE_VERSION;
    m["libraries"] = {gdalVersion(), geosVersion(), projVersion()};
    m["command"] = command;
    return m;
}

nlohmann::ordered_json outputsJson(const std::vector<fs::path>& outputs) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& out : outputs) list.push_back({{"file", out.filename().string()}, {"sha256", sha256File(out)}});
    return list;
}

nlohmann::ordered_json timingsJson(const std::vector<std::pair<std::string, double>>& timings) {
    nlohmann::ordered_json t = nlohmann::ordered_json::object();
    for (const auto& [stage, seconds] : timings) t[stage] = seconds;
    return t;
}

}  // namespace

namespace {

nlohmann::ordered_json inputJson(const RecordInput& in) {
    return {{"path", in.path}, {"crs", in.crs}, {"columns", in.columns}};
}

RecordInput inputFrom(const nlohmann::json& j) {
    RecordInput in;
    in.path = j.at("path").get<std::string>();
    in.crs = j.at("crs").get<std::string>();
    in.columns = j.at("columns").get<std::map<std::string, std::string>>();
    return in;
}

std::string correctionText(core::Correction c) { return std::string(core::correctionName(c)); }

core::Correction correctionFrom(const std::string& s) {
    if (s == "fdr") return core::Correction::Fdr;
    if (s == "bonferroni") return core::Correction::Bonferroni;
    return core::Correction::None;
}

/// The contiguity tolerance as the user gave it (null: the default for the layer).
nlohmann::ordered_json snapJson(const WeightsOptions& w) {
    return w.snap ? nlohmann::ordered_json(*w.snap) : nlohmann::ordered_json();
}

std::optional<double> snapFrom(const nlohmann::json& j) {
    const auto it = j.find("snap");
    if (it != j.end()) return it->is_null() ? std::nullopt : std::optional<double>(it->get<double>());
    return j.at("snap_m").get<double>();  // a manifest written before the tolerance had units of its layer
}

}  // namespace

nlohmann::ordered_json requestToJson(const AnalyzeRequest& r) {
    nlohmann::ordered_json j;
    j["wards"] = {{"path", r.wards.path},
                  {"id_field", r.wards.idField},
                  {"name_field", r.wards.nameField},
                  {"full_name_field", r.wards.fullNameField},
                  {"population_field", r.wards.populationField},
                  {"metric_crs", r.wards.metricCrs},
                  {"layer_crs", r.wards.layerCrs}};
    j["cases"] = inputJson(r.cases);
    j["survey"] = r.survey ? inputJson(*r.survey) : nlohmann::ordered_json();
    j["out"] = r.outDir.string();
    j["tolerance_m"] = r.toleranceMeters;
    j["population_estimate"] = r.populationEstimate;
    j["sectors"] = r.sectorDictionary;
    j["as_of"] = r.asOf;
    j["formats"] = r.formats;
    j["disclosure"] = {{"mode", std::string(core::disclosureModeName(r.disclosure.mode))},
                       {"min_count", r.disclosure.minCount}};
    j["export_points"] = r.geomask.enabled ? nlohmann::ordered_json{{"method", "donut"},
                                                                     {"min_m", r.geomask.minMeters},
                                                                     {"max_m", r.geomask.maxMeters},
                                                                     {"seed", r.geomask.seed}}
                                           : nlohmann::ordered_json();
    j["scan"] = {{"enabled", r.scan},
                 {"max_population_share", r.scanOptions.maxPopulationShare},
                 {"replications", r.scanOptions.replications},
                 {"seed", r.scanOptions.seed},
                 {"low_rate", r.scanOptions.lowRate}};
    j["density"] = {{"enabled", r.density},
                    {"bandwidth_m", r.densityOptions.bandwidthMeters > 0 ? nlohmann::ordered_json(r.densityOptions.bandwidthMeters)
                                                                         : nlohmann::ordered_json("auto")},
                    {"cell_m", r.densityOptions.cellMeters},
                    {"kernel", r.densityOptions.kernel == core::Kernel::Quartic ? "quartic" : "gaussian"},
                    {"min_denominator", r.densityOptions.minDenominator},
                    {"transform_error_m", r.densityOptions.transformErrorMeters}};
    j["statistics"] = {{"enabled", r.statistics},
                       {"variable", r.variable},
                       {"weights", r.weights.spec},
                       {"snap", snapJson(r.weights)},
                       {"islands", r.weights.attachIslands ? "attach" : "isolate"},
                       {"island_neighbors", r.weights.islandNeighbours},
                       {"planar", r.weights.planar},
                       {"permutations", r.stats.permutations},
                       {"seed", r.stats.seed},
                       {"alpha", r.stats.alpha},
                       {"correction", correctionText(r.stats.correction)}};
    return j;
}

AnalyzeRequest requestFromJson(const nlohmann::json& j) {
    AnalyzeRequest r;
    try {
        const auto& w = j.at("wards");
        r.wards.path = w.at("path").get<std::string>();
        r.wards.idField = w.at("id_field").get<std::string>();
        r.wards.nameField = w.at("name_field").get<std::string>();
        r.wards.fullNameField = w.at("full_name_field").get<std::string>();
        r.wards.populationField = w.at("population_field").get<std::string>();
        r.wards.metricCrs = w.at("metric_crs").get<std::string>();
        r.wards.layerCrs = w.value("layer_crs", "");
        r.cases = inputFrom(j.at("cases"));
        if (!j.at("survey").is_null()) r.survey = inputFrom(j.at("survey"));
        r.outDir = j.at("out").get<std::string>();
        r.toleranceMeters = j.at("tolerance_m").get<double>();
        r.populationEstimate = j.value("population_estimate", "");
        r.sectorDictionary = j.value("sectors", "");
        r.asOf = j.at("as_of").get<std::string>();
        r.formats = j.at("formats").get<std::vector<std::string>>();
        const auto& d = j.at("disclosure");
        r.disclosure.mode = d.at("mode").get<std::string>() == "internal" ? core::DisclosureMode::Internal
                                                                          : core::DisclosureMode::Shared;
        r.disclosure.minCount = d.at("min_count").get<std::int64_t>();
        if (j.contains("export_points") && !j.at("export_points").is_null()) {
            const auto& g = j.at("export_points");
            r.geomask.enabled = true;
            r.geomask.minMeters = g.at("min_m").get<double>();
            r.geomask.maxMeters = g.at("max_m").get<double>();
            r.geomask.seed = g.at("seed").get<std::uint64_t>();
        }
        if (j.contains("scan")) {
            const auto& sc = j.at("scan");
            r.scan = sc.at("enabled").get<bool>();
            r.scanOptions.maxPopulationShare = sc.at("max_population_share").get<double>();
            r.scanOptions.replications = sc.at("replications").get<std::uint32_t>();
            r.scanOptions.seed = sc.at("seed").get<std::uint64_t>();
            r.scanOptions.lowRate = sc.at("low_rate").get<bool>();
        }
        if (j.contains("density")) {
            const auto& ds = j.at("density");
            r.density = ds.at("enabled").get<bool>();
            r.densityOptions.bandwidthMeters = ds.at("bandwidth_m").is_number() ? ds.at("bandwidth_m").get<double>() : 0.0;
            r.densityOptions.cellMeters = ds.at("cell_m").get<double>();
            r.densityOptions.kernel =
                ds.at("kernel").get<std::string>() == "gaussian" ? core::Kernel::Gaussian : core::Kernel::Quartic;
            r.densityOptions.minDenominator = ds.at("min_denominator").get<double>();
            r.densityOptions.transformErrorMeters = ds.value("transform_error_m", 0.01);
        }
        const auto& s = j.at("statistics");
        r.statistics = s.at("enabled").get<bool>();
        r.variable = s.at("variable").get<std::string>();
        r.weights.spec = s.at("weights").get<std::string>();
        r.weights.snap = snapFrom(s);
        r.weights.attachIslands = s.at("islands").get<std::string>() == "attach";
        r.weights.islandNeighbours = s.at("island_neighbors").get<std::size_t>();
        r.weights.planar = s.at("planar").get<bool>();
        r.stats.permutations = s.at("permutations").get<std::uint32_t>();
        r.stats.seed = s.at("seed").get<std::uint64_t>();
        r.stats.alpha = s.at("alpha").get<double>();
        r.stats.correction = correctionFrom(s.at("correction").get<std::string>());
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("manifest: ") + e.what());
    }
    return r;
}

nlohmann::ordered_json buildManifest(const AnalyzeRequest& request, const AnalyzeResult& result) {
    nlohmann::ordered_json m = toolJson("analyze");
    AnalyzeRequest recorded = withAbsolutePaths(request);  // re-runs from any folder
    recorded.asOf = result.asOf;  // the date actually used, so a re-run rejects the same rows
    m["request"] = requestToJson(recorded);
    m["disclosure"] = {{"mode", std::string(core::disclosureModeName(request.disclosure.mode))},
                       {"min_count", request.disclosure.minCount},
                       {"suppressed_primary", result.suppression.primary},
                       {"suppressed_secondary", result.suppression.secondary},
                       {"suppressed_derived", result.suppression.derived}};
    m["inputs"] = nlohmann::ordered_json::array();
    const std::string wardFile = parseLayerPath(recorded.wards.path).path;
    m["inputs"].push_back(
        {{"kind", "wards"}, {"file", wardFile}, {"sha256", result.wardsSha256.empty() ? sha256File(wardFile) : result.wardsSha256}});
    if (!request.sectorDictionary.empty())
        m["inputs"].push_back({{"kind", "sectors"}, {"file", recorded.sectorDictionary}, {"sha256", sha256File(recorded.sectorDictionary)}});
    for (const auto& in : result.inputs) {
        const std::string file = parseLayerPath(absoluteSpec(in.path)).path;
        m["inputs"].push_back({{"kind", in.kind},
                               {"file", file},
                               {"sha256", in.sha256.empty() ? sha256File(file) : in.sha256},
                               {"rows_read", in.rowsRead},
                               {"accepted", in.accepted},
                               {"rejected", in.rejected}});
    }
    m["outputs"] = outputsJson(result.outputs);
    m["timings_s"] = timingsJson(result.timingsSeconds);
    return m;
}


AnalyzeRequest requestFromManifest(const fs::path& manifest) {
    return requestFromJson(readVerifiedManifest(manifest, "analyze").at("request"));
}

nlohmann::ordered_json statsRequestToJson(const StatsRequest& r) {
    return {{"wards", {{"path", r.wards.path}, {"id_field", r.wards.idField}, {"name_field", r.wards.nameField},
                       {"layer_crs", r.wards.layerCrs}}},
            {"count_field", r.countField},
            {"population_field", r.populationField},
            {"variable", r.variable},
            {"weights",
             {{"spec", r.weights.spec},
              {"snap", snapJson(r.weights)},
              {"islands", r.weights.attachIslands ? "attach" : "isolate"},
              {"island_neighbors", r.weights.islandNeighbours},
              {"planar", r.weights.planar}}},
            {"permutations", r.stats.permutations},
            {"seed", r.stats.seed},
            {"alpha", r.stats.alpha},
            {"correction", correctionText(r.stats.correction)},
            {"disclosure", {{"mode", std::string(core::disclosureModeName(r.disclosure.mode))}, {"min_count", r.disclosure.minCount}}},
            {"out", r.out.string()},
            {"summary", r.summary.string()}};
}

StatsRequest statsRequestFromJson(const nlohmann::json& j) {
    StatsRequest r;
    try {
        r.wards.path = j.at("wards").at("path").get<std::string>();
        r.wards.idField = j.at("wards").at("id_field").get<std::string>();
        r.wards.nameField = j.at("wards").at("name_field").get<std::string>();
        r.wards.layerCrs = j.at("wards").value("layer_crs", "");
        r.countField = j.at("count_field").get<std::string>();
        r.populationField = j.at("population_field").get<std::string>();
        r.variable = j.at("variable").get<std::string>();
        const auto& w = j.at("weights");
        r.weights.spec = w.at("spec").get<std::string>();
        r.weights.snap = snapFrom(w);
        r.weights.attachIslands = w.at("islands").get<std::string>() == "attach";
        r.weights.islandNeighbours = w.at("island_neighbors").get<std::size_t>();
        r.weights.planar = w.at("planar").get<bool>();
        r.stats.permutations = j.at("permutations").get<std::uint32_t>();
        r.stats.seed = j.at("seed").get<std::uint64_t>();
        r.stats.alpha = j.at("alpha").get<double>();
        r.stats.correction = correctionFrom(j.at("correction").get<std::string>());
        r.disclosure.mode = j.at("disclosure").at("mode").get<std::string>() == "internal" ? core::DisclosureMode::Internal
                                                                                         : core::DisclosureMode::Shared;
        r.disclosure.minCount = j.at("disclosure").at("min_count").get<std::int64_t>();
        r.out = j.at("out").get<std::string>();
        r.summary = j.at("summary").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("manifest: ") + e.what());
    }
    return r;
}

nlohmann::ordered_json buildStatsManifest(const StatsRequest& request, const std::vector<fs::path>& outputs,
                                          const std::vector<std::pair<std::string, double>>& timings) {
    nlohmann::ordered_json m = toolJson("stats");
    StatsRequest recorded = request;
    recorded.wards.path = absoluteSpec(request.wards.path);
    m["request"] = statsRequestToJson(recorded);
    const std::string wardFile = parseLayerPath(recorded.wards.path).path;
    m["inputs"] = nlohmann::ordered_json::array({{{"kind", "wards"}, {"file", wardFile}, {"sha256", sha256File(wardFile)}}});
    m["outputs"] = outputsJson(outputs);
    m["timings_s"] = timingsJson(timings);
    return m;
}

StatsRequest statsRequestFromManifest(const fs::path& manifest) {
    return statsRequestFromJson(readVerifiedManifest(manifest, "stats").at("request"));
}

fs::path statsManifestPath(const StatsRequest& request) {
    const fs::path anchor = request.out.empty() ? request.summary : request.out;
    return anchor.parent_path() / (anchor.stem().string() + ".manifest.json");
}

}  // namespace wardscope::gis
