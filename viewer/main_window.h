#pragma once
// The viewer's main window: map canvas, layers panel, attribute table (linked
// both ways with the map), identify panel, field / class / palette pickers,
// diacritic-insensitive ward search, exports, presentation mode, language.
#include <QMainWindow>

#include <memory>
#include <optional>

#include "gis/map_data.h"
#include "viewer/map_canvas.h"
#include "viewer/map_renderer.h"

class QComboBox;
class QDockWidget;
class QLineEdit;
class QListWidget;
class QSlider;
class QSortFilterProxyModel;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTableWidget;
class QCheckBox;

// Widgets live in the global namespace so that their translation context
// (the class name) is the one Qt Linguist's lupdate records.

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens an analysis folder or a ward layer; false (with a message) on failure.
    bool openPath(const QString& path, QString* error = nullptr);
    /// Selects wards and shows them in the table (as a click on the map would).
    void selectWards(const std::set<std::size_t>& wards);
    void setField(const QString& field);
    void setLayerVisible(wardscope::viewer::LayerKind kind, bool visible);
    void setPresentationMode(bool on);
    /// Steps through the prepared views: cases, rate, Gi* hot spots, scan clusters.
    void nextView();
    /// Selects the wards whose name contains `text`, ignoring case and diacritics.
    void search(const QString& text);

    [[nodiscard]] MapCanvas* canvas() const { return m_canvas; }
    [[nodiscard]] QTableView* table() const { return m_table; }
    [[nodiscard]] wardscope::viewer::MapRenderer* renderer() const { return m_renderer.get(); }

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void buildTable();
    void applyStyle();
    void showIdentify(int ward);
    void onTableSelection();
    void exportTo(const QString& suffix);
    void refreshLayers();

    std::unique_ptr<wardscope::gis::MapData> m_data;
    std::unique_ptr<wardscope::viewer::MapRenderer> m_renderer;
    wardscope::viewer::MapStyle m_style;
    MapCanvas* m_canvas = nullptr;
    QComboBox* m_field = nullptr;
    QComboBox* m_scheme = nullptr;
    QSpinBox* m_classes = nullptr;
    QComboBox* m_palette = nullptr;
    QCheckBox* m_keepBreaks = nullptr;
    QLineEdit* m_breaks = nullptr;
    QComboBox* m_year = nullptr;
    QLineEdit* m_search = nullptr;
    QListWidget* m_layers = nullptr;
    QSlider* m_opacity = nullptr;
    QTableView* m_table = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableWidget* m_identify = nullptr;
    bool m_syncing = false;
    int m_viewStep = 0;
};

