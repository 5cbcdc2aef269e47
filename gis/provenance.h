#pragma once
// Provenance: the manifest written beside every output, and re-running from it.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gis/pipeline.h"
#include "gis/sha256.h"
#include "gis/stats_pipeline.h"

namespace wardscope::gis {

/// Every parameter of an analysis, as JSON, and back: a manifest's "request" re-runs it.
nlohmann::ordered_json requestToJson(const AnalyzeRequest& request);
AnalyzeRequest requestFromJson(const nlohmann::json& json);

/// manifest.json: the software and library versions, the request (all parameters,
/// the seed, the disclosure policy), each input's SHA-256 and rows read / accepted /
/// rejected, each output's SHA-256, and the stage timings.
nlohmann::ordered_json buildManifest(const AnalyzeRequest& request, const AnalyzeResult& result);

/// Reads a manifest, checks that every input still has its recorded SHA-256
/// (InputError naming the file if not), and returns the request it records.
AnalyzeRequest requestFromManifest(const std::filesystem::path& manifest);

/// The same for `wardscope stats`: its request, inputs and outputs.
nlohmann::ordered_json statsRequestToJson(const StatsRequest& request);
StatsRequest statsRequestFromJson(const nlohmann::json& json);
nlohmann::ordered_json buildStatsManifest(const StatsRequest& request, const std::vector<std::filesystem::path>& outputs,
                                          const std::vector<std::pair<std::string, double>>& timings);
StatsRequest statsRequestFromManifest(const std::filesystem::path& manifest);

/// Where `stats` writes its manifest: beside --out (or --summary), "<stem>.manifest.json".
std::filesystem::path statsManifestPath(const StatsRequest& request);

}  // namespace wardscope::gis
