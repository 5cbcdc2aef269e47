#include "gis/campaign_pipeline.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "core/error.h"
#include "gis/contiguity.h"
#include "gis/crs.h"
#include "gis/gdal_util.h"
#include "gis/mclp_exact.h"
#include "gis/output.h"
#include "gis/rank_pipeline.h"
#include "gis/record_intake.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

void CampaignRequest::validate() const {
    if (wards.path.empty() || wards.idField.empty()) throw UsageError("--wards and --ward-id are required");
    if (demand.path.empty()) throw UsageError("--demand (survey records) is required");
    if (outDir.empty()) throw UsageError("--out is required");
    if (k < 1) throw UsageError("--k must be at least 1");
    if (!(radiusMeters > 0)) throw UsageError("--radius must be positive");
    if (exact != "auto" && exact != "yes" && exact != "no") throw UsageError("--exact must be auto, yes or no");
}

CampaignResult runCampaign(const CampaignRequest& request, core::Progress& progress) {
    request.validate();
    CampaignResult result;
    progress.update(0.0, "reading wards");
    const WardLayer wards = loadWardLayer(request.wards);
    if (wards.planar())
        throw UsageError(wards.path + ": the ward layer has no CRS; the campaign radius is in metres: declare the "
                         "layer's CRS with --wards-crs");
    prepareOutputFolder(request.outDir, &result.warnings);
    // Demand: the accepted survey households with coordinates, weighted.
    std::vector<core::JoinedPoint> households;
    {
        IntakeOptions intake;
        intake.kind = core::RecordKind::Survey;
        intake.asOf = *core::parseIsoDate(request.asOf.empty() ? todayIso() : request.asOf);
        intake.acceptedPoints = &households;
        intake.weightField = request.weightField;
        intake.rejectRows = false;
        intake.rejectFile = request.outDir / ("rejects_survey_" + fs::path(parseLayerPath(request.demand.path).path).stem().string() + ".csv");
        core::Aggregator unused(wards.wards.size());
        core::SubProgress sub(progress, 0.05, 0.4);
        result.inputs.push_back(readRecords(request.demand, wards, intake, unused, result.warnings, sub));
    }
    // Priority-weighted demand: each household counts its weight times its ward's
    // priority score (wards the ranking left out count 0).
    if (!request.priority.empty()) {
        const auto scores = readRankScores(request.priority);
        std::size_t unknown = 0;
        for (auto& h : households) {
            const auto it = scores.find(wards.wards[static_cast<std::size_t>(h.ward)].code);
            if (it == scores.end()) ++unknown;
            h.weight *= it == scores.end() ? 0.0 : it->second;
        }
        if (unknown > 0)
            result.warnings.push_back(std::to_string(unknown) + " households are in wards without a priority score and count 0");
    }
    const auto toMetricOwner = wards.metricTransform();
    const Transform& toMetric = *toMetricOwner;
    std::vector<core::Point> demandPts;
    std::vector<double> weights;
    {
        std::vector<double> xs, ys;
        std::vector<int> ok;
        for (const auto& h : households) xs.push_back(h.point.x), ys.push_back(h.point.y);
        toMetric.apply(xs, ys, ok);
        for (std::size_t i = 0; i < xs.size(); ++i)
            if (ok[i] && households[i].weight > 0) {
                demandPts.push_back({xs[i], ys[i]});
                weights.push_back(households[i].weight);
            }
    }
    if (demandPts.empty()) throw InputError(request.demand.path + ": no household with coordinates and a weight above 0");
    result.demandPoints = demandPts.size();
    // Candidates: the given sites, else each ward's representative point.
    std::vector<NamedPoint> candidates;
    std::vector<core::Point> candidatePts;
    if (!request.sites.empty()) {
        candidates = readNamedPoints(request.sites, request.sitesCrs);
        Transform wgsToMetric(Crs::fromUserInput("EPSG:4326"), wards.metricCrs);
        for (const auto& c : candidates) {
            core::Point p = c.lonLat;
            wgsToMetric.apply(p);
            candidatePts.push_back(p);
        }
    } else {
        candidatePts = representativePoints(wards);
        Transform metricToWgs(wards.metricCrs, Crs::fromUserInput("EPSG:4326"));
        for (std::size_t w = 0; w < wards.wards.size(); ++w) {
            core::Point p = candidatePts[w];
            metricToWgs.apply(p);
            candidates.push_back({wards.wards[w].code, wards.wards[w].fullName.empty() ? wards.wards[w].name : wards.wards[w].fullName, p, {}});
        }
    }
    result.candidates = candidates.size();
    progress.update(0.5, "choosing sites");
    const auto problem = core::buildCoverage(candidatePts, demandPts, weights, request.radiusMeters);
    result.solution = core::solveMclp(problem, request.k);
    const bool small = candidates.size() <= 150 && demandPts.size() <= 20000;
    if (request.exact == "yes" || (request.exact == "auto" && small)) {
        progress.update(0.7, "exact optimum (GLPK)");
        if (const auto exact = solveMclpExact(problem, request.k, 60)) {
            result.exactCovered = exact->covered;
        } else {
            result.warnings.push_back("GLPK did not prove the optimum within 60 s: the heuristic's gap is not known");
        }
    }
    for (const auto& s : result.solution.sites) result.sites.push_back({candidates[s.candidate], s.covered, s.unique});

    // Outputs: the chosen sites (never the households) and a summary.
    nlohmann::ordered_json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::ordered_json::array()}};
    for (std::size_t i = 0; i < result.sites.size(); ++i) {
        const auto& s = result.sites[i];
        fc["features"].push_back(
            {{"type", "Feature"},
             {"properties", {{"rank", i + 1}, {"site_id", s.site.id}, {"name", s.site.name}, {"covered", s.covered},
                             {"covered_only_here", s.unique}, {"share_of_demand", s.covered / result.solution.total}}},
             {"geometry", {{"type", "Point"},
                           {"coordinates", {std::round(s.site.lonLat.x * 1e7) / 1e7, std::round(s.site.lonLat.y * 1e7) / 1e7}}}}});
    }
    nlohmann::ordered_json summary = {
        {"wardscope_version", WARDSCOPE_VERSION},
        {"k", request.k},
        {"radius_m", request.radiusMeters},
        {"metric_crs", wards.metricCrs.label()},
        {"demand", {{"file", request.demand.path}, {"weight", request.weightField.empty() ? "children_5_17" : request.weightField},
                    {"priority", request.priority.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(request.priority.string())},
                    {"points", result.demandPoints}, {"total", result.solution.total}}},
        {"candidates", {{"source", request.sites.empty() ? "ward representative points" : request.sites}, {"count", result.candidates}}},
        {"covered", result.solution.covered},
        {"share_covered", result.solution.covered / result.solution.total},
        {"greedy_covered", result.solution.greedyCovered},
        {"swaps", result.solution.swaps},
        {"exact_covered", result.exactCovered ? nlohmann::ordered_json(*result.exactCovered) : nlohmann::ordered_json()},
        {"gap_to_optimum", result.exactCovered && *result.exactCovered > 0
                               ? nlohmann::ordered_json(1 - result.solution.covered / *result.exactCovered)
                               : nlohmann::ordered_json()},
        {"sites", nlohmann::ordered_json::array()},
        {"warnings", result.warnings}};
    for (std::size_t i = 0; i < result.sites.size(); ++i)
        summary["sites"].push_back({{"rank", i + 1}, {"site_id", result.sites[i].site.id}, {"name", result.sites[i].site.name},
                                    {"covered", result.sites[i].covered}, {"covered_only_here", result.sites[i].unique}});
    writeTextFileAtomically(request.outDir / "campaign_sites.geojson", fc.dump(1) + "\n");
    writeTextFileAtomically(request.outDir / "campaign_summary.json", summary.dump(2) + "\n");
    result.outputs = {request.outDir / "campaign_sites.geojson", request.outDir / "campaign_summary.json"};
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
