// wardscope map: a meeting-grade map of an analysis output, without a window
// (the viewer's renderer, on Qt's offscreen platform).
#include <QGuiApplication>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "gis/map_data.h"
#include "viewer/map_renderer.h"

namespace wardscope::cli {

Action addMap(CLI::App& app) {
    struct Args {
        std::string in, field = "rate_per_1000", scheme = "quantile", palette = "YlOrRd", title, out, size = "1600x1100",
                    layers, page = "A4";
        int classes = 5, dpi = 150;
        std::vector<double> breaks;
    };
    auto a = std::make_shared<Args>();
    app.description("Draw a choropleth map of an analysis output (folder, GeoPackage or GeoJSON) to PNG, PDF or SVG,\n"
                    "with legend (no data and suppressed as their own classes), scale bar, north arrow and source line.");
    app.add_option("--in", a->in, "analysis output folder, or a wards GeoPackage/GeoJSON")->required();
    app.add_option("--field", a->field, "numeric field to map")->capture_default_str();
    app.add_option("--classes", a->classes, "number of classes (3-9)")->check(CLI::Range(1, 9))->capture_default_str();
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
        int w = 0, h = 0;
        if (std::sscanf(a->size.c_str(), "%dx%d", &w, &h) != 2 || w < 100 || h < 100 || w > 20000 || h > 20000)
            throw UsageError("--size must be WIDTHxHEIGHT, each 100-20000 pixels");
        if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
        int argc = 1;
        char name[] = "wardscope";
        char* argv[] = {name, nullptr};
        QGuiApplication qapp(argc, argv);
        const gis::MapData data = gis::loadMapData(a->in);
        if (data.fieldIndex(a->field) < 0) {
            std::string numeric;
            for (const auto& f : data.fields)
                if (f.numeric) numeric += (numeric.empty() ? "" : ", ") + f.name;
            throw UsageError(a->in + ": no field '" + a->field + "' (numeric fields: " + numeric + ")");
        }
        viewer::MapRenderer renderer(data);
        viewer::MapStyle style;
        style.field = QString::fromStdString(a->field);
        style.scheme = core::parseClassScheme(a->scheme);
        style.classes = a->classes;
        style.customBreaks = a->breaks;
        style.palette = QString::fromStdString(a->palette);
        style.title = QString::fromStdString(a->title);
        for (auto& l : style.layers) {
            const char* key = l.kind == viewer::LayerKind::GiBins         ? "gi"
                              : l.kind == viewer::LayerKind::LisaClusters ? "lisa"
                              : l.kind == viewer::LayerKind::Density      ? "density"
                              : l.kind == viewer::LayerKind::Hotspots     ? "hotspots"
                              : l.kind == viewer::LayerKind::ScanClusters ? "scan"
                              : l.kind == viewer::LayerKind::CampaignSites ? "sites"
                              : l.kind == viewer::LayerKind::Routes       ? "routes"
                              : l.kind == viewer::LayerKind::Labels       ? "labels"
                                                                           : nullptr;
            if (key && ("," + a->layers + ",").find(std::string(",") + key + ",") != std::string::npos) l.visible = true;
        }
        renderer.setStyle(style);
        viewer::exportMap(renderer, a->out, QSize(w, h), a->dpi, a->page == "A3");
        const auto& c = renderer.classification();
        std::printf("wardscope map: %s, %zu classes (%s) of %s -> %s\n", data.source.string().c_str(), c.classes(),
                    a->scheme.c_str(), a->field.c_str(), a->out.c_str());
        for (const auto& e : renderer.legend())
            std::printf("  %-40s %zu wards\n", e.label.toStdString().c_str(), e.count);
        for (const auto& n : data.notes) std::fprintf(stderr, "note: %s\n", n.c_str());
        return 0;
    };
}

}  // namespace wardscope::cli
