#pragma once
// What `wardscope map` was asked for: parsed by the command (map_command.cpp),
// drawn by the map module (map_module.cpp), which holds everything that needs
// Qt, so that the other commands start without loading Qt's libraries.
#include <string>
#include <vector>

namespace wardscope::cli {

struct MapArgs {
    std::string in, field = "rate_per_1000", scheme = "quantile", palette = "YlOrRd", title, out, size = "1600x1100",
                layers, page = "A4";
    int classes = 5, dpi = 150;
    int width = 0, height = 0;  ///< from `size`, checked by the command
    std::vector<double> breaks;
};

/// The module's entry point (extern "C", looked up by this name): draws the
/// map, prints its legend, returns the exit code; throws wardscope errors.
using RunMapFunction = int (*)(const MapArgs&);
inline constexpr const char* kRunMapSymbol = "wardscope_run_map";
inline constexpr const char* kMapModuleFile = "libwardscope_map.so";

}  // namespace wardscope::cli
