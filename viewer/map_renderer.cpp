#include "viewer/map_renderer.h"

#include <QCoreApplication>
#include <QDate>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPaintEngine>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <thread>

#include "core/error.h"
#include "gis/output.h"
#include "viewer/palettes.h"

namespace wardscope::viewer {

QString layerName(LayerKind kind) {
    switch (kind) {
        case LayerKind::Choropleth: return QCoreApplication::translate("Map", "Wards (choropleth)");
        case LayerKind::GiBins: return QCoreApplication::translate("Map", "Hot spots (Gi*)");
        case LayerKind::LisaClusters: return QCoreApplication::translate("Map", "LISA clusters");
        case LayerKind::Density: return QCoreApplication::translate("Map", "Case density");
        case LayerKind::Hotspots: return QCoreApplication::translate("Map", "Hotspot contours");
        case LayerKind::ScanClusters: return QCoreApplication::translate("Map", "Scan clusters");
        case LayerKind::CampaignSites: return QCoreApplication::translate("Map", "Campaign sites");
        case LayerKind::Routes: return QCoreApplication::translate("Map", "Inspection routes");
        case LayerKind::Labels: return QCoreApplication::translate("Map", "Ward labels");
    }
    return {};
}

namespace {

QPainterPath pathOf(const core::Shape& shape) {
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    for (const auto& ring : shape.rings) {
        if (ring.empty()) continue;
        QPolygonF poly;
        poly.reserve(static_cast<int>(ring.size()));
        for (const auto& p : ring) poly << QPointF(p.x, p.y);
        path.addPolygon(poly);
        path.closeSubpath();
    }
    return path;
}

QFont mapFont(double pointSize) {
    QFont f("DejaVu Sans");
    f.setPointSizeF(pointSize);
    return f;
}

}  // namespace

MapRenderer::MapRenderer(const gis::MapData& data) : m_data(data) {
    m_paths.reserve(data.shapes.size());
    m_bandPaths.reserve(data.shapes.size());
    for (const auto& s : data.shapes) {
        m_paths.push_back(pathOf(s));
        m_bandPaths.push_back(pathOf(s));
    }
    m_index.build(data.shapes);
    if (data.density) {
        // The density as a transparent-to-red image, built once.
        const auto& r = *data.density;
        double top = 0;
        for (double v : r.values)
            if (!std::isnan(v)) top = std::max(top, v);
        m_densityImage = QImage(static_cast<int>(r.cols), static_cast<int>(r.rows), QImage::Format_ARGB32_Premultiplied);
        const auto colours = paletteColours("YlOrRd", 9);
        for (std::size_t y = 0; y < r.rows; ++y) {
            auto* line = reinterpret_cast<QRgb*>(m_densityImage.scanLine(static_cast<int>(y)));
            for (std::size_t x = 0; x < r.cols; ++x) {
                const double v = r.values[y * r.cols + x];
                if (std::isnan(v) || top <= 0 || v <= top * 0.02) {
                    line[x] = qRgba(0, 0, 0, 0);
                    continue;
                }
                const double t = std::sqrt(v / top);  // perceptual stretch
                const QColor c = colours[static_cast<std::size_t>(std::min(8.0, t * 9))];
                const int a = static_cast<int>(80 + 175 * t);
                line[x] = qPremultiply(qRgba(c.red(), c.green(), c.blue(), a));
            }
        }
    }
    setStyle(MapStyle{});
}

void MapRenderer::setStyle(const MapStyle& style) {
    ++m_styleGeneration;
    const bool sameField = style.field == m_style.field;
    const core::Classification previous = m_classes;
    m_style = style;
    m_field = m_data.fieldIndex(style.field.toStdString());
    if (m_field >= 0 && m_data.fields[static_cast<std::size_t>(m_field)].numeric) {
        const auto& values = m_data.numbers[static_cast<std::size_t>(m_field)];
        if (style.keepBreaks && !sameField && previous.classes() > 0) {
            // Fixed breaks across fields (years): the same bounds, new counts.
            m_classes = core::classify(values, core::ClassScheme::Custom, previous.classes(),
                                       std::vector<double>(previous.upper.begin(), previous.upper.end() - 1));
        } else {
            m_classes = core::classify(values, style.scheme, static_cast<std::size_t>(std::clamp(style.classes, 1, 9)),
                                       style.customBreaks);
        }
    } else {
        m_classes = {};
    }
    m_colours = paletteColours(style.palette, static_cast<int>(std::max<std::size_t>(1, m_classes.classes())));
    // Every ward's fill for each polygon layer, once per style (not per frame).
    const std::string field = style.field.toStdString();
    const int gi = m_data.fieldIndex("gi_star_bin");
    const int lisa = m_data.fieldIndex("lisa_cluster");
    m_fill.assign(m_data.wards(), noDataColour());
    m_giFill.assign(m_data.wards(), noDataColour());
    m_lisaFill.assign(m_data.wards(), lisaColour("ns"));
    m_hatch.assign(m_data.wards(), false);
    for (std::size_t w = 0; w < m_data.wards(); ++w) {
        m_hatch[w] = m_field >= 0 && m_data.suppressed(w, field);
        if (m_field >= 0 && m_classes.classes() > 0) {
            const double v = m_data.numbers[static_cast<std::size_t>(m_field)][w];
            m_fill[w] = m_hatch[w] ? suppressedColour() : std::isnan(v) ? noDataColour() : m_colours[m_classes.classOf(v)];
        }
        if (gi >= 0) {
            const double b = m_data.numbers[static_cast<std::size_t>(gi)][w];
            m_giFill[w] = std::isnan(b) ? noDataColour() : giBinColour(static_cast<int>(b));
        }
        if (lisa >= 0) m_lisaFill[w] = lisaColour(QString::fromStdString(m_data.texts[static_cast<std::size_t>(lisa)][w]));
    }
}

std::size_t MapRenderer::visibleWards(const core::Box& v) const {
    std::size_t n = 0;
    for (const auto& b : m_data.boxes) n += (b.maxX >= v.minX && b.minX <= v.maxX && b.maxY >= v.minY && b.minY <= v.maxY) ? 1 : 0;
    return n;
}

QColor MapRenderer::wardColour(std::size_t ward) const { return m_fill[ward]; }

LayerKind MapRenderer::legendLayer() const {
    // The topmost visible polygon layer explains the colours people see.
    for (auto it = m_style.layers.rbegin(); it != m_style.layers.rend(); ++it)
        if (it->visible && (it->kind == LayerKind::Choropleth || (it->kind == LayerKind::GiBins && m_data.fieldIndex("gi_star_bin") >= 0) ||
                            (it->kind == LayerKind::LisaClusters && m_data.fieldIndex("lisa_cluster") >= 0)))
            return it->kind;
    return LayerKind::Choropleth;
}

QString MapRenderer::legendTitle() const {
    switch (legendLayer()) {
        case LayerKind::GiBins: return QCoreApplication::translate("Map", "Hot spots (Gi*)");
        case LayerKind::LisaClusters: return QCoreApplication::translate("Map", "LISA clusters");
        default: return m_style.field;
    }
}

std::vector<LegendEntry> MapRenderer::legend() const {
    std::vector<LegendEntry> out;
    auto countOf = [&](const std::vector<QColor>& fills, const QColor& c) {
        return static_cast<std::size_t>(std::count(fills.begin(), fills.end(), c));
    };
    if (legendLayer() == LayerKind::GiBins) {
        const char* labels[] = {QT_TRANSLATE_NOOP("Map", "Hot spot, 99 % confidence"), QT_TRANSLATE_NOOP("Map", "Hot spot, 95 %"),
                                QT_TRANSLATE_NOOP("Map", "Hot spot, 90 %"), QT_TRANSLATE_NOOP("Map", "Not significant"),
                                QT_TRANSLATE_NOOP("Map", "Cold spot, 90 %"), QT_TRANSLATE_NOOP("Map", "Cold spot, 95 %"),
                                QT_TRANSLATE_NOOP("Map", "Cold spot, 99 % confidence")};
        for (int bin = 3; bin >= -3; --bin)
            out.push_back({QCoreApplication::translate("Map", labels[3 - bin]), giBinColour(bin), false,
                           countOf(m_giFill, giBinColour(bin))});
        return out;
    }
    if (legendLayer() == LayerKind::LisaClusters) {
        const std::pair<const char*, const char*> kinds[] = {
            {"HH", QT_TRANSLATE_NOOP("Map", "High-High")}, {"LL", QT_TRANSLATE_NOOP("Map", "Low-Low")},
            {"LH", QT_TRANSLATE_NOOP("Map", "Low-High")},  {"HL", QT_TRANSLATE_NOOP("Map", "High-Low")},
            {"ns", QT_TRANSLATE_NOOP("Map", "Not significant")}};
        for (const auto& [code, label] : kinds)
            out.push_back({QCoreApplication::translate("Map", label), lisaColour(code), false, countOf(m_lisaFill, lisaColour(code))});
        return out;
    }
    for (std::size_t i = 0; i < m_classes.classes(); ++i)
        out.push_back({QString::fromStdString(m_classes.label(i)), m_colours[i], false, m_classes.counts[i]});
    std::size_t noData = 0, suppressed = 0;
    if (m_field >= 0)
        for (std::size_t w = 0; w < m_data.wards(); ++w) {
            if (m_hatch[w]) {
                ++suppressed;
            } else if (std::isnan(m_data.numbers[static_cast<std::size_t>(m_field)][w])) {
                ++noData;
            }
        }
    out.push_back({QCoreApplication::translate("Map", "No data"), noDataColour(), false, noData});
    out.push_back({QCoreApplication::translate("Map", "Suppressed (fewer than k cases)"), suppressedColour(), true, suppressed});
    return out;
}

core::Box MapRenderer::fit(const core::Box& e, const QRectF& target, double margin) {
    double w = std::max(e.maxX - e.minX, 1e-9), h = std::max(e.maxY - e.minY, 1e-9);
    w *= 1 + 2 * margin;
    h *= 1 + 2 * margin;
    const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
    const double aspect = target.width() / std::max(target.height(), 1.0);
    if (w / h > aspect) {
        h = w / aspect;
    } else {
        w = h * aspect;
    }
    return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

QTransform MapRenderer::worldToScreen(const core::Box& v, const QRectF& target) {
    const double sx = target.width() / (v.maxX - v.minX);
    const double sy = target.height() / (v.maxY - v.minY);
    return QTransform(sx, 0, 0, -sy, target.left() - v.minX * sx, target.top() + v.maxY * sy);
}

int MapRenderer::wardAt(QPointF screen, const core::Box& view, const QRectF& target) const {
    bool ok = false;
    const QPointF w = worldToScreen(view, target).inverted(&ok).map(screen);
    if (!ok) return -1;
    return m_index.locate({w.x(), w.y()});
}

void MapRenderer::drawDensity(QPainter& p, const QTransform& t, double opacity) const {
    if (m_densityImage.isNull()) return;
    const auto& r = *m_data.density;
    const QRectF world(r.originX, r.originY - r.cellSize * static_cast<double>(r.rows), r.cellSize * static_cast<double>(r.cols),
                       r.cellSize * static_cast<double>(r.rows));
    p.save();
    p.setOpacity(opacity);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    // The image's row 0 is north: map its rectangle onto the world rectangle.
    const QRectF screen = t.mapRect(world);
    p.drawImage(screen, m_densityImage);
    p.restore();
}

void MapRenderer::drawLayers(QPainter& p, const QRectF& target, const core::Box& view, const core::Box& cull,
                             const std::vector<QPainterPath>& paths) const {
    p.fillRect(target, QColor("#dfeef7"));  // sea / outside
    p.setRenderHint(QPainter::Antialiasing, true);
    const QTransform t = worldToScreen(view, target);
    const QRectF visible(cull.minX, cull.minY, cull.maxX - cull.minX, cull.maxY - cull.minY);
    auto inView = [&](std::size_t i) {
        const auto& b = m_data.boxes[i];
        return b.maxX >= visible.left() && b.minX <= visible.right() && b.maxY >= visible.top() && b.minY <= visible.bottom();
    };
    QPen outline(QColor("#6b6b6b"));
    outline.setWidthF(0.6);
    outline.setCosmetic(true);
    const int gi = m_data.fieldIndex("gi_star_bin");
    const int lisa = m_data.fieldIndex("lisa_cluster");
    for (const auto& layer : m_style.layers) {
        if (!layer.visible) continue;
        p.setOpacity(layer.opacity);
        switch (layer.kind) {
            case LayerKind::Choropleth:
            case LayerKind::GiBins:
            case LayerKind::LisaClusters: {
                if (layer.kind == LayerKind::GiBins && gi < 0) break;
                if (layer.kind == LayerKind::LisaClusters && lisa < 0) break;
                const auto& fills = layer.kind == LayerKind::Choropleth ? m_fill
                                    : layer.kind == LayerKind::GiBins    ? m_giFill
                                                                         : m_lisaFill;
                // One-ring wards (most) as integer screen polygons, the raster
                // engine's fastest path; wards with holes or parts as world paths
                // through the painter's transform. `base` is the painter's own
                // transform (a band's offset). A cosmetic pen keeps outlines 1 px
                // wide; anti-aliasing only when wards are large enough on screen.
                p.save();
                const QTransform base = p.transform();
                p.setPen(outline);
                p.setRenderHint(QPainter::Antialiasing, visibleWards(view) < 4000);
                std::vector<QPoint> buffer;
                QRgb current = 0;
                bool first = true;
                for (std::size_t i = 0; i < paths.size(); ++i) {
                    if (!inView(i)) continue;
                    if (first || fills[i].rgba() != current) {
                        p.setBrush(fills[i]);
                        current = fills[i].rgba();
                        first = false;
                    }
                    const auto& rings = m_data.shapes[i].rings;
                    if (rings.size() == 1) {
                        buffer.resize(rings[0].size());
                        for (std::size_t k = 0; k < rings[0].size(); ++k) {
                            const QPointF q = t.map(QPointF(rings[0][k].x, rings[0][k].y));
                            buffer[k] = QPoint(static_cast<int>(std::lround(q.x())), static_cast<int>(std::lround(q.y())));
                        }
                        p.drawPolygon(buffer.data(), static_cast<int>(buffer.size()));
                    } else {
                        p.setTransform(t * base);
                        p.drawPath(paths[i]);
                        p.setTransform(base);
                    }
                    if (layer.kind == LayerKind::Choropleth && m_hatch[i]) {
                        p.setTransform(t * base);
                        p.fillPath(paths[i], QBrush(QColor("#ffffff"), Qt::BDiagPattern));
                        p.setTransform(base);
                    }
                }
                p.restore();
                break;
            }
            case LayerKind::Density: drawDensity(p, t, layer.opacity); break;
            case LayerKind::Hotspots: {
                QPen pen(QColor("#7f0000"));
                pen.setWidthF(1.6);
                pen.setStyle(Qt::DashLine);
                p.setBrush(Qt::NoBrush);
                for (std::size_t i = 0; i < m_data.hotspots.size(); ++i) {
                    pen.setWidthF(2.4 - 0.6 * static_cast<double>(i));
                    p.setPen(pen);
                    p.drawPath(t.map(pathOf(m_data.hotspots[i])));
                }
                break;
            }
            case LayerKind::ScanClusters: {
                const int sc = m_data.fieldIndex("scan_cluster");
                if (sc < 0) break;
                QPen pen(QColor("#54278f"));
                pen.setWidthF(2.2);
                p.setPen(pen);
                p.setBrush(Qt::NoBrush);
                for (std::size_t i = 0; i < paths.size(); ++i)
                    if (!std::isnan(m_data.numbers[static_cast<std::size_t>(sc)][i]) && inView(i)) p.drawPath(t.map(paths[i]));
                break;
            }
            case LayerKind::CampaignSites: {
                // Numbered discs, in the order chosen.
                p.setFont(mapFont(7.5 * m_style.fontScale));
                const double rpx = 9 * m_style.fontScale;
                for (const auto& site : m_data.sites) {
                    const QPointF c = t.map(QPointF(site.point.x, site.point.y));
                    p.setPen(QPen(QColor("#ffffff"), 1.5));
                    p.setBrush(QColor("#1b7837"));
                    p.drawEllipse(c, rpx, rpx);
                    p.setPen(QColor("#ffffff"));
                    p.drawText(QRectF(c.x() - rpx, c.y() - rpx, 2 * rpx, 2 * rpx), Qt::AlignCenter, QString::fromStdString(site.label));
                }
                break;
            }
            case LayerKind::Routes: {
                // One colour per route; the stops numbered in visiting order.
                const QColor palette[] = {QColor("#1f78b4"), QColor("#e31a1c"), QColor("#33a02c"), QColor("#ff7f00"),
                                          QColor("#6a3d9a"), QColor("#b15928"), QColor("#a6cee3"), QColor("#fb9a99")};
                p.setFont(mapFont(6.5 * m_style.fontScale));
                for (std::size_t r = 0; r < m_data.routes.size(); ++r) {
                    const QColor colour = palette[r % 8];
                    QPolygonF line;
                    for (const auto& q : m_data.routes[r].line) line << t.map(QPointF(q.x, q.y));
                    QPen pen(colour, 2.2 * m_style.fontScale);
                    pen.setJoinStyle(Qt::RoundJoin);
                    p.setPen(pen);
                    p.setBrush(Qt::NoBrush);
                    p.drawPolyline(line);
                    for (std::size_t k = 0; k < m_data.routes[r].stops.size(); ++k) {
                        const auto& q = m_data.routes[r].stops[k];
                        const QPointF c = t.map(QPointF(q.x, q.y));
                        p.setPen(QPen(QColor("#ffffff"), 1));
                        p.setBrush(colour);
                        p.drawEllipse(c, 6 * m_style.fontScale, 6 * m_style.fontScale);
                        p.setPen(QColor("#ffffff"));
                        p.drawText(QRectF(c.x() - 8, c.y() - 8, 16, 16), Qt::AlignCenter, QString::number(k + 1));
                    }
                }
                break;
            }
            case LayerKind::Labels: {
                p.setFont(mapFont(7 * m_style.fontScale));
                p.setPen(QColor("#202020"));
                const QFontMetricsF fm(p.font());
                for (std::size_t i = 0; i < paths.size(); ++i) {
                    if (!inView(i)) continue;
                    const QRectF box = t.mapRect(QRectF(m_data.boxes[i].minX, m_data.boxes[i].minY,
                                                        m_data.boxes[i].maxX - m_data.boxes[i].minX,
                                                        m_data.boxes[i].maxY - m_data.boxes[i].minY));
                    const QString name = QString::fromStdString(m_data.wardLabel(i));
                    if (fm.horizontalAdvance(name) > box.width() * 1.2) continue;  // too small to label
                    p.drawText(box, Qt::AlignCenter, name);
                }
                break;
            }
        }
    }
    p.setOpacity(1.0);
}

const QImage& MapRenderer::layerImage(const QRectF& target, const core::Box& view) const {
    const QSize size(static_cast<int>(std::ceil(target.width())), static_cast<int>(std::ceil(target.height())));
    char key[256];
    std::snprintf(key, sizeof key, "%d %d %.17g %.17g %.17g %.17g %llu", size.width(), size.height(), view.minX, view.minY,
                  view.maxX, view.maxY, static_cast<unsigned long long>(m_styleGeneration));
    if (m_cacheKey == key && m_cache.size() == size) return m_cache;
    m_cache = QImage(size, QImage::Format_ARGB32_Premultiplied);
    // Two bands, one thread each: each paints its own image that shares the
    // cache's memory (rows [top, bottom)), shifted so the drawing lines up.
    const int half = size.height() / 2;
    auto band = [&](int top, int bottom, const std::vector<QPainterPath>& paths) {
        QImage rows(m_cache.bits() + static_cast<std::ptrdiff_t>(top) * m_cache.bytesPerLine(), size.width(), bottom - top,
                    m_cache.bytesPerLine(), m_cache.format());
        QPainter p(&rows);
        p.translate(0, -top);
        // Only the wards that reach this band (a few pixels of margin for outlines).
        const double perPixel = (view.maxY - view.minY) / size.height();
        const core::Box cull{view.minX, view.maxY - (bottom + 4) * perPixel, view.maxX, view.maxY - (top - 4) * perPixel};
        drawLayers(p, QRectF(QPointF(0, 0), QSizeF(size)), view, cull, paths);
    };
    std::thread other(band, half, size.height(), std::cref(m_bandPaths));
    band(0, half, m_paths);
    other.join();
    m_cacheKey = key;
    return m_cache;
}

void MapRenderer::render(QPainter& p, const QRectF& target, const core::Box& view,
                         const std::set<std::size_t>& selection) const {
    p.save();
    p.setClipRect(target);
    const QTransform t = worldToScreen(view, target);
    if (p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster) {
        // Screens and images: the cached layer image (redrawn when the view,
        // size or style changes); vector targets (PDF, SVG) are drawn as vectors.
        p.drawImage(target.topLeft(), layerImage(target, view));
    } else {
        drawLayers(p, target, view, view, m_paths);
    }
    if (!selection.empty()) {
        p.setRenderHint(QPainter::Antialiasing, true);
        QPen pen(QColor("#00e5ff"));
        pen.setWidthF(3.0);
        p.setPen(pen);
        p.setBrush(QColor(0, 229, 255, 60));
        for (std::size_t i : selection)
            if (i < m_paths.size()) p.drawPath(t.map(m_paths[i]));
    }
    if (m_style.furniture) drawFurniture(p, target, view);
    p.restore();
}

void MapRenderer::drawFurniture(QPainter& p, const QRectF& target, const core::Box& view) const {
    const double s = m_style.fontScale;
    const double pad = 12 * s;
    // Title.
    if (!m_style.title.isEmpty()) {
        p.setFont(mapFont(15 * s));
        QFont bold = p.font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(QColor("#101010"));
        p.drawText(target.adjusted(pad, pad, -pad, 0), Qt::AlignLeft | Qt::AlignTop, m_style.title);
    }
    // Legend (bottom right).
    const auto entries = legend();
    if (m_field >= 0) {
        p.setFont(mapFont(9 * s));
        const QFontMetricsF fm(p.font());
        const double row = fm.height() * 1.35, swatch = fm.height();
        double width = fm.horizontalAdvance(legendTitle());
        for (const auto& e : entries) width = std::max(width, swatch + 8 + fm.horizontalAdvance(e.label + "  (000)"));
        const double height = row * (static_cast<double>(entries.size()) + 1) + 8;
        QRectF box(target.right() - width - 2 * pad, target.bottom() - height - pad * 3.5, width + pad, height);
        p.setPen(QColor("#9a9a9a"));
        p.setBrush(QColor(255, 255, 255, 230));
        p.drawRect(box);
        p.setPen(QColor("#101010"));
        double y = box.top() + 4;
        p.drawText(QRectF(box.left() + 6, y, width, row), Qt::AlignVCenter, legendTitle());
        y += row;
        for (const auto& e : entries) {
            const QRectF sw(box.left() + 6, y + (row - swatch) / 2, swatch * 1.4, swatch);
            p.setPen(QColor("#6b6b6b"));
            p.setBrush(e.colour);
            p.drawRect(sw);
            if (e.hatched) p.fillRect(sw, QBrush(QColor("#ffffff"), Qt::BDiagPattern));
            p.setPen(QColor("#101010"));
            p.drawText(QRectF(sw.right() + 6, y, width, row), Qt::AlignVCenter, e.label + QString("  (%1)").arg(e.count));
            y += row;
        }
    }
    // Scale bar (bottom left): a round length near a fifth of the width.
    const double metresPerPixel = (view.maxX - view.minX) / target.width();
    const double want = metresPerPixel * target.width() / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(want)));
    double length = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude <= want) length = m * magnitude;
    const double px = length / metresPerPixel;
    const QPointF origin(target.left() + pad, target.bottom() - pad * 2.6);
    p.setPen(QPen(QColor("#101010"), 2 * s));
    p.drawLine(origin, origin + QPointF(px, 0));
    p.drawLine(origin, origin + QPointF(0, -6 * s));
    p.drawLine(origin + QPointF(px, 0), origin + QPointF(px, -6 * s));
    p.setFont(mapFont(9 * s));
    const QString len = length >= 1000 ? QString("%1 km").arg(length / 1000) : QString("%1 m").arg(length);
    p.drawText(QRectF(origin.x(), origin.y() - 22 * s, px, 16 * s), Qt::AlignCenter, len);
    // North arrow (top right): the display CRS is projected, so grid north is up.
    const QPointF tip(target.right() - pad * 2.5, target.top() + pad * 1.5);
    QPolygonF arrow;
    arrow << tip << tip + QPointF(9 * s, 26 * s) << tip + QPointF(0, 19 * s) << tip + QPointF(-9 * s, 26 * s);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor("#101010"));
    p.drawPolygon(arrow);
    p.setPen(QColor("#101010"));
    p.setFont(mapFont(10 * s));
    p.drawText(QRectF(tip.x() - 20 * s, tip.y() + 27 * s, 40 * s, 16 * s), Qt::AlignCenter,
               QCoreApplication::translate("Map", "N", "north arrow: the initial of North (Vietnamese: B, Bắc)"));
    // Source and date line.
    const QString source = m_style.sourceLine.isEmpty()
                               ? QCoreApplication::translate("Map", "Source: %1 · wardscope %2 · %3 · %4")
                                     .arg(QFileInfo(QString::fromStdString(m_data.source.string())).fileName(),
                                          QStringLiteral(WARDSCOPE_VERSION), QString::fromStdString(m_data.displayCrs.label()),
                                          QDate::currentDate().toString(Qt::ISODate))
                               : m_style.sourceLine;
    p.setFont(mapFont(7.5 * s));
    p.setPen(QColor("#404040"));
    p.drawText(target.adjusted(pad, 0, -pad, -pad * 0.6), Qt::AlignLeft | Qt::AlignBottom, source);
}

void exportMap(const MapRenderer& renderer, const std::string& path, QSize size, int dpi, bool a3,
               const std::set<std::size_t>& selection) {
    const QString suffix = QFileInfo(QString::fromStdString(path)).suffix().toLower();
    gis::AtomicFile file(path);
    const QString temp = QString::fromStdString(file.tempPath().string());
    const core::Box& extent = renderer.data().extent;
    if (suffix == "png") {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.setDotsPerMeterX(static_cast<int>(dpi / 0.0254));
        image.setDotsPerMeterY(static_cast<int>(dpi / 0.0254));
        image.fill(Qt::white);
        {
            QPainter p(&image);
            const QRectF target(0, 0, size.width(), size.height());
            renderer.render(p, target, MapRenderer::fit(extent, target), selection);
        }
        QImageWriter writer(temp, "png");
        if (!writer.write(image)) throw OutputError(path + ": cannot be written (" + writer.errorString().toStdString() + ")");
    } else if (suffix == "pdf") {
        QPdfWriter pdf(temp);
        pdf.setPageSize(QPageSize(a3 ? QPageSize::A3 : QPageSize::A4));
        pdf.setPageOrientation(QPageLayout::Landscape);
        pdf.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout::Millimeter);
        pdf.setResolution(dpi);
        pdf.setTitle(renderer.style().title);
        pdf.setCreator(QStringLiteral("wardscope " WARDSCOPE_VERSION));
        QPainter p;
        if (!p.begin(&pdf)) throw OutputError(path + ": cannot be written");
        const QRectF target(0, 0, pdf.width(), pdf.height());
        renderer.render(p, target, MapRenderer::fit(extent, target), selection);
        p.end();
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(temp);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(dpi);
        // QSvgGenerator writes the title as it is: escaped here, so that a
        // title with < or & makes neither markup nor an invalid file.
        svg.setTitle(renderer.style().title.toHtmlEscaped());
        svg.setDescription(QStringLiteral("wardscope " WARDSCOPE_VERSION));
        QPainter p;
        if (!p.begin(&svg)) throw OutputError(path + ": cannot be written");
        const QRectF target(0, 0, size.width(), size.height());
        renderer.render(p, target, MapRenderer::fit(extent, target), selection);
        p.end();
    } else {
        throw UsageError(path + ": the map file must end in .png, .pdf or .svg");
    }
    file.commit();
}

}  // namespace wardscope::viewer
