#pragma once
// Pipeline API for campaign siting (`wardscope campaign`): choose k sites that
// cover the most surveyed children (or any weight column of the survey records)
// within a service radius (docs/methods.md, "Campaign siting").
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/mclp.h"
#include "core/progress.h"
#include "gis/pipeline.h"
#include "gis/point_layer.h"

namespace wardscope::gis {

struct CampaignRequest {
    WardLayerOptions wards;         ///< the study area; default candidates are the wards' representative points
    RecordInput demand;             ///< survey records (households with coordinates)
    std::string weightField;        ///< demand weight column; empty: children_5_17
    std::filesystem::path priority; ///< optional ranks.csv of `wardscope rank`: each household's weight x its ward's score
    std::string sites;              ///< candidate sites (CSV or point layer); empty: the wards
    std::string sitesCrs = "EPSG:4326";
    std::size_t k = 5;
    double radiusMeters = 2000;
    std::string exact = "auto";     ///< auto (small instances), yes, no: the MILP optimum with GLPK
    std::string asOf;
    std::filesystem::path outDir;
    void validate() const;
};

struct CampaignSite {
    NamedPoint site;
    double covered = 0, unique = 0;
};

struct CampaignResult {
    std::vector<CampaignSite> sites;  ///< in the order chosen
    core::McLpResult solution;
    std::optional<double> exactCovered;  ///< the proven optimum, when it was computed
    std::size_t candidates = 0, demandPoints = 0;
    std::vector<InputReport> inputs;
    std::vector<std::string> warnings;
    std::vector<std::filesystem::path> outputs;
};

CampaignResult runCampaign(const CampaignRequest& request, core::Progress& progress);

}  // namespace wardscope::gis
