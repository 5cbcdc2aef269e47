#include "viewer/map_canvas.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

using namespace wardscope;
using namespace wardscope::viewer;

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void MapCanvas::setRenderer(MapRenderer* renderer) {
    m_renderer = renderer;
    m_selection.clear();
    zoomToLayer();
}

void MapCanvas::setSelection(const std::set<std::size_t>& wards) {
    m_selection = wards;
    update();
}

void MapCanvas::zoomToLayer() {
    if (m_renderer) m_view = MapRenderer::fit(m_renderer->data().extent, QRectF(rect()));
    update();
    emit viewChanged();
}

void MapCanvas::zoomToSelection() {
    if (!m_renderer || m_selection.empty()) return;
    core::Box b{1e300, 1e300, -1e300, -1e300};
    for (std::size_t i : m_selection) {
        const auto& w = m_renderer->data().boxes[i];
        b = {std::min(b.minX, w.minX), std::min(b.minY, w.minY), std::max(b.maxX, w.maxX), std::max(b.maxY, w.maxY)};
    }
    m_view = MapRenderer::fit(b, QRectF(rect()), 0.3);
    update();
    emit viewChanged();
}

void MapCanvas::zoomBy(double factor, QPointF anchor) {
    const double fx = anchor.x() / std::max(1, width()), fy = anchor.y() / std::max(1, height());
    const double ax = m_view.minX + fx * (m_view.maxX - m_view.minX);
    const double ay = m_view.maxY - fy * (m_view.maxY - m_view.minY);
    m_view = {ax - (ax - m_view.minX) / factor, ay - (ay - m_view.minY) / factor, ax + (m_view.maxX - ax) / factor,
              ay + (m_view.maxY - ay) / factor};
    update();
    emit viewChanged();
}

void MapCanvas::panBy(QPointF pixels) {
    const double mx = (m_view.maxX - m_view.minX) / std::max(1, width());
    const double my = (m_view.maxY - m_view.minY) / std::max(1, height());
    m_view = {m_view.minX - pixels.x() * mx, m_view.minY + pixels.y() * my, m_view.maxX - pixels.x() * mx,
              m_view.maxY + pixels.y() * my};
    update();
    emit viewChanged();
}

void MapCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (!m_renderer) {
        p.fillRect(rect(), palette().window());
        p.drawText(rect(), Qt::AlignCenter, tr("Open an analysis folder, a GeoPackage or a GeoJSON file (File → Open, or drop it here)."));
        return;
    }
    m_renderer->render(p, QRectF(rect()), m_view, m_selection);
}

void MapCanvas::resizeEvent(QResizeEvent*) {
    if (m_renderer) {
        // Keep the centre and the scale in x; adapt the height.
        const double cx = (m_view.minX + m_view.maxX) / 2, cy = (m_view.minY + m_view.maxY) / 2;
        const double w = m_view.maxX - m_view.minX;
        const double h = w * height() / std::max(1, width());
        m_view = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    }
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    zoomBy(std::pow(1.0015, event->angleDelta().y()), event->position());
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    m_pressAt = m_lastDrag = event->pos();
    m_dragging = false;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) {
        if ((event->pos() - m_pressAt).manhattanLength() > 3) m_dragging = true;
        if (m_dragging) {
            panBy(event->pos() - m_lastDrag);
            m_lastDrag = event->pos();
        }
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging && m_renderer && event->button() == Qt::LeftButton)
        emit wardClicked(m_renderer->wardAt(event->position(), m_view, QRectF(rect())),
                         event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier));
    m_dragging = false;
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
    const double step = 60;
    switch (event->key()) {
        case Qt::Key_Left: panBy({step, 0}); break;
        case Qt::Key_Right: panBy({-step, 0}); break;
        case Qt::Key_Up: panBy({0, step}); break;
        case Qt::Key_Down: panBy({0, -step}); break;
        case Qt::Key_Plus:
        case Qt::Key_Equal: zoomBy(1.25, QPointF(width() / 2.0, height() / 2.0)); break;
        case Qt::Key_Minus: zoomBy(0.8, QPointF(width() / 2.0, height() / 2.0)); break;
        default: QWidget::keyPressEvent(event);
    }
}

bool MapCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip && m_renderer) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int ward = m_renderer->wardAt(help->pos(), m_view, QRectF(rect()));
        if (ward < 0) {
            QToolTip::hideText();
            return true;
        }
        const auto& d = m_renderer->data();
        const std::string field = m_renderer->style().field.toStdString();
        QString value = tr("no data");
        if (d.suppressed(static_cast<std::size_t>(ward), field)) {
            value = tr("suppressed");
        } else if (const int f = d.fieldIndex(field); f >= 0 && !d.texts[static_cast<std::size_t>(f)][static_cast<std::size_t>(ward)].empty()) {
            value = QString::fromStdString(d.texts[static_cast<std::size_t>(f)][static_cast<std::size_t>(ward)]);
        }
        QToolTip::showText(help->globalPos(),
                           QString("<b>%1</b><br>%2: %3").arg(QString::fromStdString(d.wardLabel(static_cast<std::size_t>(ward))),
                                                              m_renderer->style().field, value),
                           this);
        return true;
    }
    return QWidget::event(event);
}

