#include "viewer/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

#include "core/error.h"
#include "core/unicode.h"
#include "viewer/palettes.h"

using namespace wardscope;
using namespace wardscope::viewer;

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("wardscope — ward map"));
    setAcceptDrops(true);
    QSettings settings;
    m_style.palette = settings.value("palette", "YlOrRd").toString();
    buildUi();
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    m_canvas = new MapCanvas(this);
    setCentralWidget(m_canvas);
    connect(m_canvas, &MapCanvas::wardClicked, this, [this](int ward, bool extend) {
        std::set<std::size_t> sel = extend ? m_canvas->selection() : std::set<std::size_t>{};
        if (ward >= 0) sel.insert(static_cast<std::size_t>(ward));
        selectWards(sel);
        showIdentify(ward);
    });

    // Pickers.
    auto* bar = addToolBar(tr("Map"));
    bar->setObjectName("mapToolbar");
    bar->addWidget(new QLabel(tr("Field: ")));
    m_field = new QComboBox;
    m_field->setMinimumContentsLength(18);
    bar->addWidget(m_field);
    bar->addWidget(new QLabel(tr("  Classes: ")));
    m_scheme = new QComboBox;
    m_scheme->setObjectName("schemePicker");
    m_scheme->addItem(tr("Quantiles"), "quantile");
    m_scheme->addItem(tr("Equal intervals"), "equal");
    m_scheme->addItem(tr("Natural breaks (Jenks)"), "jenks");
    m_scheme->addItem(tr("Standard deviations"), "stddev");
    m_scheme->addItem(tr("Custom breaks"), "custom");
    bar->addWidget(m_scheme);
    m_breaks = new QLineEdit;
    m_breaks->setObjectName("breaksEdit");
    m_breaks->setPlaceholderText(tr("breaks: 5, 10, 20"));
    m_breaks->setToolTip(tr("Upper bounds of the classes, comma-separated (custom breaks)"));
    m_breaks->setMaximumWidth(140);
    m_breaks->setEnabled(false);
    bar->addWidget(m_breaks);
    connect(m_breaks, &QLineEdit::editingFinished, this, [this] { applyStyle(); });
    m_classes = new QSpinBox;
    m_classes->setRange(3, 9);
    m_classes->setValue(5);
    bar->addWidget(m_classes);
    m_palette = new QComboBox;
    m_palette->addItems(paletteNames());
    m_palette->setCurrentText(m_style.palette);
    bar->addWidget(m_palette);
    bar->addWidget(new QLabel(tr("  Year: ")));
    m_year = new QComboBox;
    m_year->setObjectName("yearPicker");
    m_year->setToolTip(tr("Map one year's cases (cases_YYYY); keep the breaks to compare years"));
    bar->addWidget(m_year);
    connect(m_year, &QComboBox::currentIndexChanged, this, [this] {
        if (m_year->currentIndex() > 0) m_field->setCurrentText("cases_" + m_year->currentText());
    });
    m_keepBreaks = new QCheckBox(tr("Keep breaks"));
    m_keepBreaks->setToolTip(tr("Keep the class breaks when the field changes (compare years)"));
    bar->addWidget(m_keepBreaks);
    bar->addSeparator();
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search a ward (diacritics optional)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(260);
    bar->addWidget(m_search);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    for (auto* combo : {m_field, m_scheme, m_palette})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { applyStyle(); });
    connect(m_classes, &QSpinBox::valueChanged, this, [this] { applyStyle(); });
    connect(m_keepBreaks, &QCheckBox::toggled, this, [this] { applyStyle(); });

    // Layers panel: visibility (check), order (drag), opacity (slider).
    auto* layersDock = new QDockWidget(tr("Layers"), this);
    layersDock->setObjectName("layersDock");
    auto* layersBox = new QWidget;
    auto* layersLayout = new QVBoxLayout(layersBox);
    m_layers = new QListWidget;
    m_layers->setDragDropMode(QAbstractItemView::InternalMove);
    layersLayout->addWidget(m_layers);
    auto* opacityRow = new QHBoxLayout;
    opacityRow->addWidget(new QLabel(tr("Opacity")));
    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setRange(0, 100);
    opacityRow->addWidget(m_opacity);
    layersLayout->addLayout(opacityRow);
    layersDock->setWidget(layersBox);
    addDockWidget(Qt::LeftDockWidgetArea, layersDock);
    connect(m_layers, &QListWidget::itemChanged, this, [this] { applyStyle(); });
    connect(m_layers->model(), &QAbstractItemModel::rowsMoved, this, [this] { applyStyle(); });
    connect(m_layers, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0) return;
        const QSignalBlocker block(m_opacity);
        m_opacity->setValue(static_cast<int>(m_layers->item(row)->data(Qt::UserRole + 1).toDouble() * 100));
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        if (auto* item = m_layers->currentItem()) {
            item->setData(Qt::UserRole + 1, v / 100.0);
            applyStyle();
        }
    });

    // Attribute table and identify panel.
    auto* tableDock = new QDockWidget(tr("Attribute table"), this);
    tableDock->setObjectName("tableDock");
    m_table = new QTableView;
    m_model = new QStandardItemModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);  // layer order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tableDock->setWidget(m_table);
    addDockWidget(Qt::BottomDockWidgetArea, tableDock);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { onTableSelection(); });

    auto* identifyDock = new QDockWidget(tr("Ward"), this);
    identifyDock->setObjectName("identifyDock");
    m_identify = new QTableWidget(0, 2);
    m_identify->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    m_identify->horizontalHeader()->setStretchLastSection(true);
    m_identify->verticalHeader()->hide();
    identifyDock->setWidget(m_identify);
    addDockWidget(Qt::RightDockWidgetArea, identifyDock);

    // Menus.
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        QSettings settings;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a ward layer or an analysis output"),
                                                          settings.value("lastFolder").toString(),
                                                          tr("Ward layers (*.gpkg *.geojson *.json)"));
        if (!path.isEmpty()) {
            QString error;
            if (!openPath(path, &error)) QMessageBox::warning(this, tr("Cannot open"), error);
        }
    });
    file->addAction(tr("Open &folder…"), this, [this] {
        QSettings settings;
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open an analysis output folder"),
                                                              settings.value("lastFolder").toString());
        if (!dir.isEmpty()) {
            QString error;
            if (!openPath(dir, &error)) QMessageBox::warning(this, tr("Cannot open"), error);
        }
    });
    file->addSeparator();
    file->addAction(tr("Export &PNG…"), this, [this] { exportTo("png"); });
    file->addAction(tr("Export P&DF…"), this, [this] { exportTo("pdf"); });
    file->addAction(tr("Export &SVG…"), this, [this] { exportTo("svg"); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom to &layer"), QKeySequence(Qt::CTRL | Qt::Key_0), m_canvas, &MapCanvas::zoomToLayer);
    view->addAction(tr("Zoom to &selection"), QKeySequence(Qt::CTRL | Qt::Key_J), m_canvas, &MapCanvas::zoomToSelection);
    view->addSeparator();
    auto* presentation = view->addAction(tr("&Presentation mode"), QKeySequence(Qt::Key_F11));
    presentation->setCheckable(true);
    connect(presentation, &QAction::toggled, this, &MainWindow::setPresentationMode);
    view->addAction(tr("&Next prepared view"), QKeySequence(Qt::Key_N), this, &MainWindow::nextView);
    auto* language = menuBar()->addMenu(tr("&Language"));
    for (const auto& [code, name] : {std::pair<QString, QString>{"vi", "Tiếng Việt"}, {"en", "English"}}) {
        language->addAction(name, this, [this, code = code] {
            QSettings().setValue("language", code);
            QMessageBox::information(this, "wardscope",
                                     code == "vi" ? QStringLiteral("Ngôn ngữ sẽ đổi khi mở lại chương trình.")
                                                  : QStringLiteral("The language changes when the viewer is opened again."));
        });
    }
    statusBar()->showMessage(tr("Ready"));
}

bool MainWindow::openPath(const QString& path, QString* error) {
    try {
        auto loaded = std::make_unique<gis::MapData>(gis::loadMapData(path.toStdString()));
        m_canvas->setRenderer(nullptr);
        m_renderer = std::make_unique<MapRenderer>(*loaded);
        m_data = std::move(loaded);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        statusBar()->showMessage(QString::fromUtf8(e.what()));
        return false;
    }
    QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
    {
        const QSignalBlocker block(m_field);
        m_field->clear();
        for (const auto& f : m_data->fields)
            if (f.numeric) m_field->addItem(QString::fromStdString(f.name));
        const int rate = m_field->findText("rate_per_1000");
        m_field->setCurrentIndex(rate >= 0 ? rate : 0);
    }
    {
        const QSignalBlocker block(m_year);
        m_year->clear();
        m_year->addItem(tr("all years"));
        for (const auto& f : m_data->fields) {
            const QString name = QString::fromStdString(f.name);
            if (f.numeric && name.size() == 10 && name.startsWith("cases_") && name.mid(6).toInt() > 1900) m_year->addItem(name.mid(6));
        }
    }
    m_style.title = QFileInfo(path).fileName();
    refreshLayers();
    buildTable();
    m_canvas->setRenderer(m_renderer.get());
    applyStyle();
    setWindowTitle(tr("wardscope — %1").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(tr("%1 wards, %2").arg(m_data->wards()).arg(QString::fromStdString(m_data->displayCrs.label())));
    for (const auto& note : m_data->notes) statusBar()->showMessage(QString::fromStdString(note));
    return true;
}

void MainWindow::refreshLayers() {
    const QSignalBlocker block(m_layers);
    m_layers->clear();
    // Shown top first, as in QGIS.
    for (auto it = m_style.layers.rbegin(); it != m_style.layers.rend(); ++it) {
        const bool available = (it->kind != LayerKind::GiBins || m_data->fieldIndex("gi_star_bin") >= 0) &&
                               (it->kind != LayerKind::LisaClusters || m_data->fieldIndex("lisa_cluster") >= 0) &&
                               (it->kind != LayerKind::Density || m_data->density) &&
                               (it->kind != LayerKind::Hotspots || !m_data->hotspots.empty()) &&
                               (it->kind != LayerKind::ScanClusters || m_data->fieldIndex("scan_cluster") >= 0) &&
                               (it->kind != LayerKind::CampaignSites || !m_data->sites.empty()) &&
                               (it->kind != LayerKind::Routes || !m_data->routes.empty());
        if (!available) continue;
        auto* item = new QListWidgetItem(layerName(it->kind));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setCheckState(it->visible ? Qt::Checked : Qt::Unchecked);
        item->setData(Qt::UserRole, static_cast<int>(it->kind));
        item->setData(Qt::UserRole + 1, it->opacity);
        m_layers->addItem(item);
    }
}

void MainWindow::buildTable() {
    m_model->clear();
    QStringList headers;
    for (const auto& f : m_data->fields) headers << QString::fromStdString(f.name);
    m_model->setHorizontalHeaderLabels(headers);
    for (std::size_t w = 0; w < m_data->wards(); ++w) {
        QList<QStandardItem*> row;
        for (std::size_t f = 0; f < m_data->fields.size(); ++f) {
            auto* item = new QStandardItem(QString::fromStdString(m_data->texts[f][w]));
            const double v = m_data->numbers[f][w];
            item->setData(m_data->fields[f].numeric && !std::isnan(v) ? QVariant(v) : QVariant(item->text()), Qt::UserRole);
            item->setData(static_cast<qulonglong>(w), Qt::UserRole + 1);
            row << item;
        }
        m_model->appendRow(row);
    }
    m_table->resizeColumnsToContents();
}

void MainWindow::applyStyle() {
    if (!m_renderer) return;
    m_style.field = m_field->currentText();
    m_style.scheme = core::parseClassScheme(m_scheme->currentData().toString().toStdString());
    m_breaks->setEnabled(m_style.scheme == core::ClassScheme::Custom);
    m_style.customBreaks.clear();
    for (const QString& part : m_breaks->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (ok) m_style.customBreaks.push_back(v);
    }
    if (m_style.scheme == core::ClassScheme::Custom && m_style.customBreaks.empty()) {
        statusBar()->showMessage(tr("Custom breaks: type the upper bounds, e.g. 5, 10, 20"));
        m_style.scheme = core::ClassScheme::Quantile;
    }
    m_style.classes = m_classes->value();
    m_style.palette = m_palette->currentText();
    m_style.keepBreaks = m_keepBreaks->isChecked();
    QSettings().setValue("palette", m_style.palette);
    // Layer order and state from the panel (top first).
    std::vector<LayerState> layers;
    for (int i = m_layers->count() - 1; i >= 0; --i) {
        const auto* item = m_layers->item(i);
        layers.push_back({static_cast<LayerKind>(item->data(Qt::UserRole).toInt()), item->checkState() == Qt::Checked,
                          item->data(Qt::UserRole + 1).toDouble()});
    }
    m_style.layers = layers;
    m_renderer->setStyle(m_style);
    m_canvas->update();
}

void MainWindow::setField(const QString& field) { m_field->setCurrentText(field); }

void MainWindow::setLayerVisible(LayerKind kind, bool visible) {
    for (int i = 0; i < m_layers->count(); ++i)
        if (m_layers->item(i)->data(Qt::UserRole).toInt() == static_cast<int>(kind))
            m_layers->item(i)->setCheckState(visible ? Qt::Checked : Qt::Unchecked);
    applyStyle();
}

void MainWindow::selectWards(const std::set<std::size_t>& wards) {
    m_canvas->setSelection(wards);
    m_syncing = true;
    m_table->selectionModel()->clearSelection();
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const auto w = m_proxy->index(r, 0).data(Qt::UserRole + 1).toULongLong();
        if (wards.count(static_cast<std::size_t>(w)))
            m_table->selectionModel()->select(m_proxy->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    if (wards.size() == 1) {
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            if (m_proxy->index(r, 0).data(Qt::UserRole + 1).toULongLong() == *wards.begin()) m_table->scrollTo(m_proxy->index(r, 0));
    }
    m_syncing = false;
}

void MainWindow::onTableSelection() {
    if (m_syncing || !m_renderer) return;
    std::set<std::size_t> wards;
    for (const auto& idx : m_table->selectionModel()->selectedRows())
        wards.insert(static_cast<std::size_t>(idx.data(Qt::UserRole + 1).toULongLong()));
    m_canvas->setSelection(wards);
    if (wards.size() == 1) showIdentify(static_cast<int>(*wards.begin()));
}

void MainWindow::showIdentify(int ward) {
    m_identify->setRowCount(0);
    if (ward < 0 || !m_data) return;
    const auto w = static_cast<std::size_t>(ward);
    for (std::size_t f = 0; f < m_data->fields.size(); ++f) {
        const int row = m_identify->rowCount();
        m_identify->insertRow(row);
        m_identify->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(m_data->fields[f].name)));
        QString value = QString::fromStdString(m_data->texts[f][w]);
        if (m_data->suppressed(w, m_data->fields[f].name)) value = tr("suppressed");
        m_identify->setItem(row, 1, new QTableWidgetItem(value));
    }
}

void MainWindow::search(const QString& text) {
    if (!m_data || text.trimmed().isEmpty()) return;
    const std::string key = core::foldedNameKey(text.toStdString());
    std::set<std::size_t> found;
    for (std::size_t w = 0; w < m_data->wards(); ++w)
        if (core::foldedNameKey(m_data->wardLabel(w)).find(key) != std::string::npos) found.insert(w);
    selectWards(found);
    if (!found.empty()) m_canvas->zoomToSelection();
    statusBar()->showMessage(tr("%n ward(s) found", nullptr, static_cast<int>(found.size())));
}

void MainWindow::exportTo(const QString& suffix) {
    if (!m_renderer) return;
    QSettings settings;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the map"),
                                                      settings.value("lastFolder").toString() + "/map." + suffix,
                                                      suffix.toUpper() + " (*." + suffix + ")");
    if (path.isEmpty()) return;
    try {
        exportMap(*m_renderer, path.toStdString(), QSize(2480, 1754), 300, false, m_canvas->selection());
        statusBar()->showMessage(tr("Map written to %1").arg(path));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot export"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::setPresentationMode(bool on) {
    m_style.fontScale = on ? 1.8 : 1.0;
    for (auto* dock : findChildren<QDockWidget*>()) dock->setVisible(!on);
    for (auto* bar : findChildren<QToolBar*>()) bar->setVisible(!on);
    menuBar()->setVisible(!on);
    on ? showFullScreen() : showNormal();
    applyStyle();
    m_canvas->zoomToLayer();
}

void MainWindow::nextView() {
    if (!m_data) return;
    struct View {
        const char* field;
        LayerKind layer;
        const char* title;
    };
    static const View views[] = {{"cases", LayerKind::Choropleth, QT_TR_NOOP("Detected cases")},
                                 {"rate_per_1000", LayerKind::Choropleth, QT_TR_NOOP("Cases per 1,000 children")},
                                 {"rate_per_1000", LayerKind::GiBins, QT_TR_NOOP("Hot spots (Gi*)")},
                                 {"rate_per_1000", LayerKind::ScanClusters, QT_TR_NOOP("Scan clusters")}};
    const View& v = views[m_viewStep++ % 4];
    for (int i = 0; i < m_layers->count(); ++i) {
        auto* item = m_layers->item(i);
        const auto kind = static_cast<LayerKind>(item->data(Qt::UserRole).toInt());
        item->setCheckState(kind == v.layer || (v.layer == LayerKind::ScanClusters && kind == LayerKind::Choropleth)
                                ? Qt::Checked
                                : Qt::Unchecked);
    }
    m_style.title = tr(v.title);
    setField(v.field);
    applyStyle();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    QString error;
    if (!openPath(urls.first().toLocalFile(), &error)) QMessageBox::warning(this, tr("Cannot open"), error);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue("geometry", saveGeometry());
    QMainWindow::closeEvent(event);
}

