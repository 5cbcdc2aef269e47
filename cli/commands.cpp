#include "cli/commands.h"

#include "gis/ward_layer_cache.h"

namespace wardscope::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"analyze", addAnalyze},
        {"campaign", addCampaign},
        {"density", addDensity},
        {"map", addMap},
        {"rank", addRank},
        {"route", addRoute},
        {"scan", addScan},
        {"stats", addStats},
        {"synth", addSynth},
    };
    return list;
}

void addLayerCacheFlag(CLI::App& app, std::filesystem::path& cacheDir) {
    cacheDir = gis::defaultLayerCacheDir();
    app.add_flag_callback(
        "--no-layer-cache", [&cacheDir] { cacheDir.clear(); },
        "read the ward layer from its file, without the prepared-layer cache (WARDSCOPE_CACHE_DIR, "
        "default ~/.cache/wardscope; docs/user-guide.md)");
}

void addWardsCrsOption(CLI::App& app, std::string& layerCrs) {
    app.add_option("--wards-crs", layerCrs,
                   "CRS of the ward layer's coordinates (EPSG:4326, EPSG:9210, ...), for a layer that declares none: "
                   "without one, areas, densities and distances in metres are not computed");
}

}  // namespace wardscope::cli
