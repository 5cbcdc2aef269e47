#include "gis/scan_pipeline.h"

#include <cmath>

#include "core/error.h"
#include "gis/contiguity.h"
#include "gis/output.h"

namespace wardscope::gis {

void ScanRequest::validate() const {
    if (wards.path.empty()) throw UsageError("--wards is required");
    if (wards.idField.empty()) throw UsageError("--id is required");
    if (countField.empty() || populationField.empty()) throw UsageError("--count and --population are required");
    scan.validate();
    disclosure.validate();
}

ScanRun runScanOn(const WardLayer& wards, const std::vector<double>& cases, const std::vector<double>& population,
                  const core::ScanOptions& options, core::Progress& progress) {
    // Wards without a usable count or population take no part (count 0, population 0).
    std::vector<double> c(cases.size()), p(population.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const bool ok = std::isfinite(cases[i]) && std::isfinite(population[i]) && population[i] > 0;
        c[i] = ok ? cases[i] : 0.0;
        p[i] = ok ? population[i] : 0.0;
    }
    ScanRun run;
    run.result = core::kulldorffScan(representativePoints(wards), c, p, options, &progress);
    run.wards.columns = {{"ward_code", core::ColumnType::Text}, {"scan_cluster", core::ColumnType::Integer}};
    std::vector<std::int64_t> rank(wards.wards.size(), 0);
    for (std::size_t k = 0; k < run.result.clusters.size(); ++k)
        for (auto w : run.result.clusters[k].wards) rank[static_cast<std::size_t>(w)] = static_cast<std::int64_t>(k + 1);
    for (std::size_t i = 0; i < wards.wards.size(); ++i)
        run.wards.rows.push_back({wards.wards[i].code, rank[i] ? core::Value(rank[i]) : core::Value(std::monostate{})});
    auto& s = run.summary;
    s["model"] = "poisson";
    s["direction"] = options.lowRate ? "low" : "high";
    s["max_population_share"] = options.maxPopulationShare;
    s["replications"] = options.replications;
    s["seed"] = options.seed;
    s["clusters"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < run.result.clusters.size(); ++k) {
        const auto& cl = run.result.clusters[k];
        nlohmann::ordered_json members = nlohmann::ordered_json::array();
        for (auto w : cl.wards) members.push_back(wards.wards[static_cast<std::size_t>(w)].code);
        s["clusters"].push_back({{"rank", k + 1},
                                 {"centre", wards.wards[static_cast<std::size_t>(cl.centre)].code},
                                 {"wards", members},
                                 {"observed", cl.observed},
                                 {"expected", cl.expected},
                                 {"relative_risk", cl.relativeRisk},
                                 {"llr", cl.llr},
                                 {"p", options.replications ? nlohmann::ordered_json(cl.p) : nlohmann::ordered_json()}});
    }
    return run;
}

ScanRun runScan(const ScanRequest& request, core::Progress& progress) {
    request.validate();
    WardLayerOptions wo = request.wards;
    wo.numericFields = {request.countField, request.populationField};
    const WardLayer wards = loadWardLayer(wo);
    ScanRun run = runScanOn(wards, wards.numeric.at(request.countField), wards.numeric.at(request.populationField),
                            request.scan, progress);
    // Observed counts of clusters are counts of children: the disclosure policy applies.
    if (request.disclosure.mode == core::DisclosureMode::Shared) {
        for (auto& cl : run.summary["clusters"])
            if (cl["observed"].get<double>() > 0 && cl["observed"].get<double>() < static_cast<double>(request.disclosure.minCount))
                cl["observed"] = "suppressed";
    }
    run.summary["disclosure"] = std::string(core::disclosureModeName(request.disclosure.mode));
    if (!request.out.empty()) writeWardLayer(request.out, wards, run.wards);
    if (!request.summary.empty()) writeTextFileAtomically(request.summary, run.summary.dump(2) + "\n");
    progress.update(1.0, "done");
    return run;
}

}  // namespace wardscope::gis
