// wardscope map: a meeting-grade map of an analysis output, without a window.
// The options are read here; the drawing is in the map module (map_module.cpp).
#include <dlfcn.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "cli/commands.h"
#include "cli/map_args.h"
#include "core/error.h"

namespace wardscope::cli {

Action addMap(CLI::App& app) {
    auto a = std::make_shared<MapArgs>();
    app.description("Draw a choropleth map of an analysis output (folder, GeoPackage or GeoJSON) to PNG, PDF or SVG,\n"
                    "with legend (no data and suppressed as their own classes), scale bar, north arrow and source line.");
    app.add_option("--in", a->in, "analysis output folder, or a wards GeoPackage/GeoJSON")->required();
    app.add_option("--field", a->field, "numeric field to map")->capture_default_str();
    app.add_option("--classes", a->classes, "number of classes (3-9, as the ColorBrewer palettes)")->check(CLI::Range(3, 9))->capture_default_str();
    app.add_option("--scheme", a->scheme, "quantile, equal, jenks, stddev or custom")
        ->check(CLI::IsMember({"quantile", "equal", "jenks", "stddev", "custom"}))
        ->capture_default_str();
    app.add_option("--breaks", a->breaks, "upper bounds for --scheme custom")->delimiter(',');
    app.add_option("--palette", a->palette, "ColorBrewer palette (YlOrRd, Reds, OrRd, Blues, Greens, Purples, RdBu, RdYlBu, PuOr)")
        ->capture_default_str();
    app.add_option("--layers", a->layers,
                   "extra layers, comma-separated: gi, lisa, density, hotspots, scan, labels (e.g. gi,labels);\n"
                   "campaign sites and routes found in the folder (campaign/, routes/) are always drawn");
    app.add_option("--title", a->title, "map title");
    app.add_option("--out", a->out, "map.png, map.pdf or map.svg")->required();
    app.add_option("--size", a->size, "PNG/SVG size WIDTHxHEIGHT in pixels")->capture_default_str();
    app.add_option("--dpi", a->dpi, "PNG/PDF resolution")->capture_default_str();
    app.add_option("--page", a->page, "PDF page, landscape: A4 or A3")->check(CLI::IsMember({"A4", "A3"}))->capture_default_str();
    app.footer("Example:\n  wardscope map --in out/demo --field rate_per_1000 --classes 5 --scheme jenks \\\n"
               "      --title \"Trẻ em lao động trái pháp luật, 2021-2025\" --out map.pdf");
    return [a] {
        if (std::sscanf(a->size.c_str(), "%dx%d", &a->width, &a->height) != 2 || a->width < 100 || a->height < 100 ||
            a->width > 20000 || a->height > 20000)
            throw UsageError("--size must be WIDTHxHEIGHT, each 100-20000 pixels");
        // Qt's libraries are loaded with the module, only for this command.
        std::error_code ec;
        const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
        // Beside the executable (a build tree), else in ../lib/wardscope (installed).
        const auto dir = ec ? std::filesystem::path(".") : self.parent_path();
        auto path = dir / kMapModuleFile;
        if (!std::filesystem::exists(path, ec)) path = dir / ".." / "lib" / "wardscope" / kMapModuleFile;
        void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!module) throw std::runtime_error("the map module cannot be loaded: " + std::string(dlerror()));
        auto run = reinterpret_cast<RunMapFunction>(dlsym(module, kRunMapSymbol));
        if (!run) throw std::runtime_error(path.string() + ": no " + kRunMapSymbol);
        return run(*a);
    };
}

}  // namespace wardscope::cli
