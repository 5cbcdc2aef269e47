// The map module of `wardscope map`: everything that needs Qt (the viewer's
// renderer, on Qt's offscreen platform). Loaded by the command when it runs, so
// that the other commands start without Qt's libraries.
#include <QGuiApplication>

#include <cstdio>
#include <cstdlib>

#include "cli/map_args.h"
#include "core/error.h"
#include "gis/map_data.h"
#include "viewer/map_renderer.h"

extern "C" __attribute__((visibility("default"))) int wardscope_run_map(const wardscope::cli::MapArgs& a) {
    using namespace wardscope;
    if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    int argc = 1;
    char name[] = "wardscope";
    char* argv[] = {name, nullptr};
    QGuiApplication qapp(argc, argv);
    const gis::MapData data = gis::loadMapData(a.in);
    if (data.fieldIndex(a.field) < 0) {
        std::string numeric;
        for (const auto& f : data.fields)
            if (f.numeric) numeric += (numeric.empty() ? "" : ", ") + f.name;
        throw UsageError(a.in + ": no field '" + a.field + "' (numeric fields: " + numeric + ")");
    }
    viewer::MapRenderer renderer(data);
    viewer::MapStyle style;
    style.field = QString::fromStdString(a.field);
    style.scheme = core::parseClassScheme(a.scheme);
    style.classes = a.classes;
    style.customBreaks = a.breaks;
    style.palette = QString::fromStdString(a.palette);
    style.title = QString::fromStdString(a.title);
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
        if (key && ("," + a.layers + ",").find(std::string(",") + key + ",") != std::string::npos) l.visible = true;
    }
    renderer.setStyle(style);
    viewer::exportMap(renderer, a.out, QSize(a.width, a.height), a.dpi, a.page == "A3");
    const auto& c = renderer.classification();
    std::printf("wardscope map: %s, %zu classes (%s) of %s -> %s\n", data.source.string().c_str(), c.classes(),
                a.scheme.c_str(), a.field.c_str(), a.out.c_str());
    for (const auto& e : renderer.legend())
        std::printf("  %-40s %zu wards\n", e.label.toStdString().c_str(), e.count);
    for (const auto& n : data.notes) std::fprintf(stderr, "note: %s\n", n.c_str());
    return 0;
}
