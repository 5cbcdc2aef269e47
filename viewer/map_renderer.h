#pragma once
// The one map renderer (QPainter): the viewer's canvas, its exports and the
// headless `wardscope map` command all draw through it. Layers, bottom to top:
// wards choropleth, Gi* bins, LISA clusters, density raster, hotspot contours,
// scan clusters, ward labels; then the map furniture (title, legend with "no
// data" and "suppressed" as their own classes, scale bar, north arrow, source
// and date line).
#include <QColor>
#include <QImage>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QTransform>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/classify.h"
#include "core/polygon_index.h"
#include "gis/map_data.h"

class QPainter;

namespace wardscope::viewer {

enum class LayerKind { Choropleth, GiBins, LisaClusters, Density, Hotspots, ScanClusters, CampaignSites, Routes, Labels };
QString layerName(LayerKind kind);  ///< translated

struct LayerState {
    LayerKind kind;
    bool visible = true;
    double opacity = 1.0;
};

struct MapStyle {
    QString field = "rate_per_1000";
    core::ClassScheme scheme = core::ClassScheme::Quantile;
    int classes = 5;
    std::vector<double> customBreaks;
    bool keepBreaks = false;  ///< keep the current breaks when the field (e.g. the year) changes
    QString palette = "YlOrRd";
    QString title;
    QString sourceLine;       ///< empty: "Source: <file> · wardscope <version> · <date>"
    std::vector<LayerState> layers = {
        {LayerKind::Choropleth, true, 1.0}, {LayerKind::GiBins, false, 1.0},  {LayerKind::LisaClusters, false, 1.0},
        {LayerKind::Density, false, 0.7},   {LayerKind::Hotspots, false, 1.0}, {LayerKind::ScanClusters, false, 1.0},
        {LayerKind::CampaignSites, true, 1.0}, {LayerKind::Routes, true, 1.0}, {LayerKind::Labels, false, 1.0}};
    bool furniture = true;
    double fontScale = 1.0;  ///< presentation mode enlarges the text
};

struct LegendEntry {
    QString label;
    QColor colour;
    bool hatched = false;  ///< the "suppressed" class
    std::size_t count = 0;
};

class MapRenderer {
public:
    explicit MapRenderer(const gis::MapData& data);

    void setStyle(const MapStyle& style);
    [[nodiscard]] const MapStyle& style() const { return m_style; }
    [[nodiscard]] const gis::MapData& data() const { return m_data; }
    [[nodiscard]] const core::Classification& classification() const { return m_classes; }
    /// The legend of the topmost visible polygon layer: for the choropleth its
    /// classes, then "no data" and "suppressed"; the Gi* bins; the LISA clusters.
    [[nodiscard]] std::vector<LegendEntry> legend() const;
    [[nodiscard]] LayerKind legendLayer() const;
    [[nodiscard]] QString legendTitle() const;
    /// Fill colour of ward i in the choropleth.
    [[nodiscard]] QColor wardColour(std::size_t ward) const;

    /// The world box (display CRS) that shows `extent` in `target` at the same
    /// scale in x and y, centred, with a margin.
    [[nodiscard]] static core::Box fit(const core::Box& extent, const QRectF& target, double margin = 0.04);
    [[nodiscard]] static QTransform worldToScreen(const core::Box& view, const QRectF& target);
    /// The ward under a screen point, or -1.
    [[nodiscard]] int wardAt(QPointF screen, const core::Box& view, const QRectF& target) const;

    void render(QPainter& painter, const QRectF& target, const core::Box& view, const std::set<std::size_t>& selection = {}) const;

private:
    void drawFurniture(QPainter& p, const QRectF& target, const core::Box& view) const;
    void drawDensity(QPainter& p, const QTransform& t, double opacity) const;

    const gis::MapData& m_data;
    MapStyle m_style;
    core::Classification m_classes;
    std::vector<QColor> m_colours;
    std::vector<QColor> m_fill, m_giFill, m_lisaFill;  ///< per ward, for the current style
    std::vector<bool> m_hatch;                         ///< choropleth value withheld (suppressed)
    [[nodiscard]] std::size_t visibleWards(const core::Box& view) const;
    /// The map layers (no selection, no furniture) drawn directly; only wards
    /// whose box meets `cull` (world) are drawn. `paths`: m_paths, or on the
    /// second band's thread its own copies.
    void drawLayers(QPainter& p, const QRectF& target, const core::Box& view, const core::Box& cull,
                    const std::vector<QPainterPath>& paths) const;
    /// Raster targets: the layers as an image, drawn by two threads (top and
    /// bottom halves) and kept until the view, size or style changes.
    const QImage& layerImage(const QRectF& target, const core::Box& view) const;
    mutable QImage m_cache;
    mutable std::string m_cacheKey;
    std::uint64_t m_styleGeneration = 0;
    int m_field = -1;
    std::vector<QPainterPath> m_paths;  ///< world coordinates
    /// The same paths built a second time, for the second thread of layerImage:
    /// a copy of a QPainterPath shares its data, and drawing a path fills lazy
    /// caches in that data, so two threads drawing one path race (seen as a
    /// stroke that never ended). Built, not copied, so nothing is shared.
    std::vector<QPainterPath> m_bandPaths;
    core::PolygonIndex m_index;
    QImage m_densityImage;
};

/// Writes the map to PNG (at `dpi`, `size` in pixels), PDF (vector, A4 or A3
/// landscape) or SVG, chosen by the file's extension, atomically. Throws
/// wardscope::OutputError.
void exportMap(const MapRenderer& renderer, const std::string& path, QSize size, int dpi = 150, bool a3 = false,
               const std::set<std::size_t>& selection = {});

}  // namespace wardscope::viewer
