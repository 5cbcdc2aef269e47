#include "gis/stats_pipeline.h"

#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/rates.h"
#include "gis/contiguity.h"
#include "gis/output.h"
#include "gis/provenance.h"
#include "gis/weights_io.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

void WeightsOptions::validate() const {
    WeightsSpec::parse(spec);
    if (snap && !(*snap >= 0 && std::isfinite(*snap))) throw UsageError("--snap must be a finite number, 0 or more");
    if (islandNeighbours < 1) throw UsageError("--island-neighbors must be at least 1");
}

void StatsRequest::validate() const {
    if (wards.path.empty()) throw UsageError("--wards is required");
    if (wards.idField.empty()) throw UsageError("--id is required");
    weights.validate();
    stats.validate();
    const bool rate = variable == "rate_per_1000" || variable == "eb_rate_per_1000";
    if (rate && (countField.empty() || populationField.empty()))
        throw UsageError("--variable " + variable + " needs --count and --population");
    if (!out.empty() && out.extension() != ".geojson" && out.extension() != ".gpkg" && out.extension() != ".json")
        throw UsageError("--out must end in .geojson or .gpkg");
}

double WeightsOptions::snapFor(const WardLayer& wards) const {
    return snap ? *snap : wards.planar() ? 0.0 : 1.0;
}

BuiltWeights buildWeights(const WardLayer& wards, const WeightsOptions& options) {
    options.validate();
    const WeightsSpec spec = WeightsSpec::parse(options.spec);
    BuiltWeights built;
    built.label = spec.label();
    built.snap = options.snapFor(wards);
    built.units = wards.planar() ? "layer units" : "m";
    std::vector<std::vector<std::int32_t>> nb;
    std::vector<core::Point> points;
    auto needPoints = [&] {
        if (points.empty()) points = representativePoints(wards);
    };
    switch (spec.kind) {
        case WeightsSpec::Kind::Queen:
        case WeightsSpec::Kind::Rook:
            nb = contiguityNeighbours(wards, spec.kind == WeightsSpec::Kind::Queen ? ContiguityKind::Queen : ContiguityKind::Rook,
                                      built.snap);
            break;
        case WeightsSpec::Kind::File: {
            std::vector<std::string> ids;
            for (const auto& w : wards.wards) ids.push_back(w.code);
            const fs::path file(spec.path);
            if (file.extension() == ".gal" || file.extension() == ".GAL") {
                nb = readGal(file, ids);
            } else {
                nb = readGwt(file, ids).neighbourLists();
            }
            break;
        }
        case WeightsSpec::Kind::Knn:
        case WeightsSpec::Kind::Distance:
            if (wards.planar() && !options.planar)
                throw UsageError(wards.path + ": the layer has no CRS; distance-based weights need --planar "
                                 "(distances in the layer's units) or its CRS (--wards-crs)");
            needPoints();
            if (spec.kind == WeightsSpec::Kind::Knn) {
                if (spec.k >= wards.wards.size()) throw UsageError("knn:K needs K below the number of wards");
                nb = core::kNearestNeighbours(points, spec.k);
            } else {
                built.distanceMeters = spec.automatic ? core::minimumConnectingDistance(points) : spec.distanceMeters;
                nb = core::distanceBand(points, built.distanceMeters);
                if (spec.automatic) built.label = "distance:" + std::to_string(built.distanceMeters) + " (auto)";
            }
            break;
    }
    const std::size_t n = nb.size();
    built.island.assign(n, 0);
    built.attachedTo.assign(n, "");
    for (std::size_t i = 0; i < n; ++i) built.island[i] = nb[i].empty();
    for (char c : built.island) built.islandsBefore += c ? 1 : 0;
    if (options.attachIslands && built.islandsBefore > 0) {
        needPoints();
        const auto before = nb;
        const auto attached = core::attachIslands(nb, points, options.islandNeighbours);
        for (auto i : attached) {
            std::string codes;
            for (auto j : nb[static_cast<std::size_t>(i)])
                codes += (codes.empty() ? "" : " ") + wards.wards[static_cast<std::size_t>(j)].code;
            built.attachedTo[static_cast<std::size_t>(i)] = codes;
        }
    }
    built.weights = core::Weights::fromNeighbours(nb);
    built.summary = core::summarize(built.weights);
    std::vector<std::string> ids;
    for (const auto& w : wards.wards) ids.push_back(w.code);
    if (!options.galOut.empty()) writeGal(options.galOut, built.weights, ids, wards.layerName, wards.idField);
    if (!options.gwtOut.empty()) writeGwt(options.gwtOut, built.weights.rowStandardized(), ids, wards.layerName, wards.idField);
    return built;
}

namespace {

nlohmann::ordered_json moranJson(const core::GlobalMoran& m) {
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
    return {{"i", num(m.i)},
            {"expected", num(m.expected)},
            {"variance_normality", num(m.varianceNormality)},
            {"z_normality", num(m.zNormality)},
            {"variance_randomization", num(m.varianceRandomization)},
            {"z_randomization", num(m.zRandomization)},
            {"p_normality", num(m.pNormality)},
            {"p_randomization", num(m.pRandomization)},
            {"p_permutation", m.permutations ? num(m.pPermutation) : nlohmann::ordered_json()},
            {"permutations", m.permutations},
            {"seed", m.seed}};
}

}  // namespace

StatsStep runStatsStep(const WardLayer& wards, std::vector<double> cases, std::vector<double> population,
                       const std::string& variable, const std::vector<double>* variableValues,
                       const WeightsOptions& weightsOptions, const core::WardStatsOptions& options,
                       core::Progress& progress) {
    StatsStep step;
    progress.update(0.0, "building weights");
    const auto t0 = std::chrono::steady_clock::now();
    step.weights = buildWeights(wards, weightsOptions);
    const auto t1 = std::chrono::steady_clock::now();
    auto& in = step.input;
    in.cases = std::move(cases);
    in.population = std::move(population);
    in.variableName = variable;
    if (variableValues) {
        in.variable = *variableValues;
    } else if (variable == "rate_per_1000") {
        in.variable = core::rawRatePer1000(in.cases, in.population);
    } else if (variable == "eb_rate_per_1000") {
        in.variable = core::empiricalBayesPer1000(in.cases, in.population);
    } else {
        throw UsageError("unknown variable '" + variable + "'");
    }
    in.weights = step.weights.weights;
    in.island = step.weights.island;
    in.attachedTo = step.weights.attachedTo;
    core::SubProgress sub(progress, 0.1, 1.0);
    step.result = core::computeWardStats(in, options, &sub);
    const auto t2 = std::chrono::steady_clock::now();

    auto& s = step.summary;
    const auto& ws = step.weights.summary;
    s["variable"] = variable;
    s["weights"] = {{"kind", step.weights.label},
                    {"form", "row-standardised for Moran and local Moran; binary with self for Gi*"},
                    {"snap", step.weights.snap},
                    {"units", step.weights.units},
                    {"links", ws.links},
                    {"islands", step.weights.islandsBefore},
                    {"island_policy", weightsOptions.attachIslands ? "attach" : "isolate"},
                    {"min_neighbors", ws.minNeighbours},
                    {"mean_neighbors", ws.meanNeighbours},
                    {"max_neighbors", ws.maxNeighbours},
                    {"components", ws.components}};
    nlohmann::ordered_json histogram = nlohmann::ordered_json::object();
    for (const auto& [k, count] : ws.histogram) histogram[std::to_string(k)] = count;
    s["weights"]["histogram"] = histogram;
    nlohmann::ordered_json islands = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < step.weights.island.size(); ++i)
        if (step.weights.island[i])
            islands.push_back({{"ward", wards.wards[i].code}, {"attached_to", step.weights.attachedTo[i]}});
    s["weights"]["island_wards"] = islands;
    s["moran"] = moranJson(step.result.moran);
    if (step.result.ebMoran) {
        s["eb_moran"] = {{"i", step.result.ebMoran->i},
                         {"p_permutation", step.result.ebMoran->permutations ? nlohmann::ordered_json(step.result.ebMoran->pPermutation)
                                                                             : nlohmann::ordered_json()}};
    }
    s["alpha"] = options.alpha;
    s["correction"] = std::string(core::correctionName(options.correction));
    s["permutations"] = options.permutations;
    s["seed"] = options.seed;
    nlohmann::ordered_json clusters = nlohmann::ordered_json::object();
    for (const auto& [k, count] : step.result.clusterCounts) clusters[k] = count;
    s["lisa_clusters"] = clusters;
    nlohmann::ordered_json bins = nlohmann::ordered_json::object();
    for (const auto& [k, count] : step.result.binCounts) bins[std::to_string(k)] = count;
    s["gi_star_bins"] = bins;
    std::size_t excluded = 0;
    for (char e : step.result.excluded) excluded += e ? 1 : 0;
    s["excluded_wards"] = excluded;
    s["constant_variable"] = step.result.constantVariable;
    step.timingsSeconds = {{"weights", std::chrono::duration<double>(t1 - t0).count()},
                           {"statistics", std::chrono::duration<double>(t2 - t1).count()}};
    return step;
}

StatsResult runStats(const StatsRequest& request, core::Progress& progress) {
    request.validate();
    WardLayerOptions wo = request.wards;
    for (const auto& f : {request.countField, request.populationField}) if (!f.empty()) wo.numericFields.push_back(f);
    const bool fieldVariable = request.variable != "rate_per_1000" && request.variable != "eb_rate_per_1000";
    if (fieldVariable) wo.numericFields.push_back(request.variable);
    progress.update(0.0, "reading wards");
    const WardLayer wards = loadWardLayer(wo);
    StatsResult result;
    result.warnings = wards.warnings;
    const std::size_t n = wards.wards.size();
    std::vector<double> cases = request.countField.empty() ? std::vector<double>{} : wards.numeric.at(request.countField);
    std::vector<double> population =
        request.populationField.empty() ? std::vector<double>{} : wards.numeric.at(request.populationField);
    if (cases.empty() != population.empty()) {
        cases.clear();
        population.clear();
    }
    core::SubProgress sub(progress, 0.05, 0.95);
    StatsStep step = runStatsStep(wards, cases, population, request.variable,
                                  fieldVariable ? &wards.numeric.at(request.variable) : nullptr, request.weights,
                                  request.stats, sub);
    core::Table table;
    table.columns = {{request.wards.idField, core::ColumnType::Text}, {"ward_name", core::ColumnType::Text}};
    for (std::size_t i = 0; i < n; ++i) table.rows.push_back({wards.wards[i].code, wards.wards[i].name});
    if (fieldVariable) {
        table.columns.push_back({request.variable, core::ColumnType::Real});
        for (std::size_t i = 0; i < n; ++i) {
            const double v = wards.numeric.at(request.variable)[i];
            table.rows[i].push_back(std::isfinite(v) ? core::Value(v) : core::Value(std::monostate{}));
        }
    }
    core::appendStatsColumns(table, step.input, step.result);
    std::size_t excluded = 0;
    for (char e : step.result.excluded) excluded += e ? 1 : 0;
    if (excluded > 0)
        result.warnings.push_back(std::to_string(excluded) + " wards have no value of " + request.variable +
                                  " (e.g. population 0) and were left out of the statistics");
    const auto suppression = core::applyDisclosure(table, request.disclosure, core::wardTableSuppressionSpec(table));
    table.columns.push_back({"disclosure", core::ColumnType::Text});
    for (auto& row : table.rows) row.emplace_back(std::string(core::disclosureModeName(request.disclosure.mode)));
    if (request.disclosure.mode == core::DisclosureMode::Shared) {
        const auto names = core::suppressedColumnsPerRow(table);
        table.columns.push_back({"suppressed", core::ColumnType::Text});
        for (std::size_t i = 0; i < names.size(); ++i) table.rows[i].emplace_back(names[i]);
    } else {
        result.warnings.push_back("disclosure mode 'internal': small counts are NOT suppressed; for internal use only");
    }
    step.summary["disclosure"] = {{"mode", std::string(core::disclosureModeName(request.disclosure.mode))},
                                  {"min_count", request.disclosure.minCount},
                                  {"suppressed_primary", suppression.primary},
                                  {"suppressed_secondary", suppression.secondary},
                                  {"suppressed_derived", suppression.derived}};
    step.summary["wards"] = {{"file", wards.path}, {"layer", wards.layerName}, {"count", n}, {"metric_crs", wards.metricCrs.label()}};
    step.summary["warnings"] = result.warnings;
    std::vector<fs::path> written;
    if (!request.out.empty()) {
        writeWardLayer(request.out, wards, table);
        written.push_back(request.out);
    }
    if (!request.summary.empty()) {
        writeTextFileAtomically(request.summary, step.summary.dump(2) + "\n");
        written.push_back(request.summary);
    }
    // Provenance beside the outputs (timings live here, so outputs are reproducible).
    if (!written.empty())
        writeTextFileAtomically(statsManifestPath(request),
                                buildStatsManifest(request, written, step.timingsSeconds).dump(2) + "\n");
    progress.update(1.0, "done");
    result.wards = std::move(table);
    result.stats = std::move(step.result);
    result.weights = std::move(step.weights);
    result.summary = std::move(step.summary);
    return result;
}

}  // namespace wardscope::gis
