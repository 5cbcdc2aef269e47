#include "viewer/palettes.h"

#include <algorithm>
#include <map>

namespace wardscope::viewer {

namespace {

// The 9-class ColorBrewer schemes; fewer classes take the ColorBrewer subsets.
const std::map<QString, std::vector<const char*>>& nineClass() {
    static const std::map<QString, std::vector<const char*>> p = {
        {"YlOrRd", {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"}},
        {"Reds", {"#fff5f0", "#fee0d2", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#a50f15", "#67000d"}},
        {"OrRd", {"#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#b30000", "#7f0000"}},
        {"Blues", {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"}},
        {"Greens", {"#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b"}},
        {"Purples", {"#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d"}},
        {"RdBu", {"#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b"}},
        {"RdYlBu", {"#4575b4", "#74add1", "#abd9e9", "#e0f3f8", "#ffffbf", "#fee090", "#fdae61", "#f46d43", "#d73027"}},
        {"PuOr", {"#542788", "#8073ac", "#b2abd2", "#d8daeb", "#f7f7f7", "#fee0b6", "#fdb863", "#e08214", "#b35806"}},
    };
    return p;
}

}  // namespace

QStringList paletteNames() { return {"YlOrRd", "Reds", "OrRd", "Blues", "Greens", "Purples", "RdBu", "RdYlBu", "PuOr"}; }

bool paletteIsDiverging(const QString& name) { return name == "RdBu" || name == "RdYlBu" || name == "PuOr"; }

std::vector<QColor> paletteColours(const QString& name, int k) {
    const auto& all = nineClass();
    const auto it = all.find(name);
    const auto& base = it == all.end() ? all.at("YlOrRd") : it->second;
    std::vector<QColor> nine;
    for (const char* hex : base) nine.emplace_back(hex);
    k = std::max(1, k);
    std::vector<QColor> out;
    // Evenly spaced through the nine colours, interpolated (the ColorBrewer
    // subsets for k < 9 are close to this; the end colours are kept).
    for (int i = 0; i < k; ++i) {
        const double t = k == 1 ? 0.5 : static_cast<double>(i) / (k - 1) * 8.0;
        const int a = std::min(7, static_cast<int>(t));
        const double f = t - a;
        const QColor& c0 = nine[static_cast<std::size_t>(a)];
        const QColor& c1 = nine[static_cast<std::size_t>(a + 1)];
        out.emplace_back(static_cast<int>(c0.red() + f * (c1.red() - c0.red()) + 0.5),
                         static_cast<int>(c0.green() + f * (c1.green() - c0.green()) + 0.5),
                         static_cast<int>(c0.blue() + f * (c1.blue() - c0.blue()) + 0.5));
    }
    return out;
}

QColor giBinColour(int bin) {
    switch (bin) {
        case 3: return QColor("#b2182b");
        case 2: return QColor("#ef8a62");
        case 1: return QColor("#fddbc7");
        case -1: return QColor("#d1e5f0");
        case -2: return QColor("#67a9cf");
        case -3: return QColor("#2166ac");
        default: return QColor("#f7f7f7");
    }
}

QColor lisaColour(const QString& cluster) {
    if (cluster == "HH") return QColor("#ff0000");
    if (cluster == "LL") return QColor("#0000ff");
    if (cluster == "LH") return QColor("#a7adf9");
    if (cluster == "HL") return QColor("#f4ada8");
    if (cluster == "isolate") return QColor("#999999");
    return QColor("#eeeeee");
}

QColor noDataColour() { return QColor("#ffffff"); }
QColor suppressedColour() { return QColor("#9e9e9e"); }

}  // namespace wardscope::viewer
