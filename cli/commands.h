#pragma once
// Subcommands of the wardscope executable. Each registers its options on the
// CLI11 app and returns the action to run after parsing.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wardscope::cli {

using Action = std::function<int()>;

struct Command {
    const char* name;
    Action (*add)(CLI::App& app);
};

/// Holds `value` until the process ends and returns it. main() ends with
/// _Exit once every output is in place, which skips freeing what is held here
/// object by object (a sanitizer build returns from main and frees it).
template <typename T>
T& keepUntilExit(T&& value) {
    static std::vector<std::shared_ptr<T>> kept;
    return *kept.emplace_back(std::make_shared<T>(std::forward<T>(value)));
}

/// `--no-layer-cache` for a command that reads a ward layer: `cacheDir` is set
/// to the default cache directory (gis/ward_layer_cache.h), and cleared by the flag.
void addLayerCacheFlag(CLI::App& app, std::filesystem::path& cacheDir);

/// `--wards-crs` for a command that reads a ward layer: the layer's CRS when
/// the file declares none (or an undefined one), as QGIS's "Assign projection".
void addWardsCrsOption(CLI::App& app, std::string& layerCrs);

/// All commands, one line each, in alphabetical order (commands.cpp).
const std::vector<Command>& commands();

Action addAnalyze(CLI::App& app);
Action addCampaign(CLI::App& app);
Action addDensity(CLI::App& app);
Action addMap(CLI::App& app);
Action addRank(CLI::App& app);
Action addRoute(CLI::App& app);
Action addScan(CLI::App& app);
Action addStats(CLI::App& app);
Action addSynth(CLI::App& app);

}  // namespace wardscope::cli
