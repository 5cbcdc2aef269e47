#pragma once
// The map widget: pans (drag, arrow keys), zooms (wheel, +/-), identifies
// (hover tooltip, click) and shows the selection, drawing through MapRenderer.
#include <QWidget>

#include <memory>
#include <set>

#include "viewer/map_renderer.h"

// Widgets live in the global namespace so that their translation context
// (the class name) is the one Qt Linguist's lupdate records.

class MapCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MapCanvas(QWidget* parent = nullptr);
    void setRenderer(wardscope::viewer::MapRenderer* renderer);  ///< not owned; nullptr clears the map
    [[nodiscard]] wardscope::viewer::MapRenderer* renderer() const { return m_renderer; }
    [[nodiscard]] const wardscope::core::Box& view() const { return m_view; }
    [[nodiscard]] const std::set<std::size_t>& selection() const { return m_selection; }
    void setSelection(const std::set<std::size_t>& wards);  ///< emits nothing
    void zoomToLayer();
    void zoomToSelection();
    void zoomBy(double factor, QPointF anchor);
    void panBy(QPointF pixels);

signals:
    void wardClicked(int ward, bool extend);  ///< -1 for a click outside every ward
    void viewChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;  ///< tooltips

private:
    wardscope::viewer::MapRenderer* m_renderer = nullptr;
    wardscope::core::Box m_view{0, 0, 1, 1};
    std::set<std::size_t> m_selection;
    QPoint m_pressAt, m_lastDrag;
    bool m_dragging = false;
};

