// wardscope-viewer: the Qt 6 map viewer.
//   wardscope-viewer [PATH] [--project FILE.toml] [--field F] [--lang vi|en]
//                    [--screenshot FILE.png [--size WxH]]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#include "core/progress.h"
#include "gis/pipeline.h"
#include "viewer/main_window.h"

namespace {

/// Shows the analysis's progress in a dialog (the analysis runs in this thread;
/// events are processed at each update so the window stays responsive).
class DialogProgress final : public wardscope::core::Progress {
public:
    explicit DialogProgress(QProgressDialog& dialog) : m_dialog(dialog) {}
    void update(double fraction, std::string_view stage) override {
        m_dialog.setValue(static_cast<int>(fraction * 1000));
        m_dialog.setLabelText(QString::fromUtf8(stage.data(), static_cast<int>(stage.size())));
        QApplication::processEvents();
    }
    [[nodiscard]] bool isCanceled() const override { return m_dialog.wasCanceled(); }

private:
    QProgressDialog& m_dialog;
};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("wardscope");
    QApplication::setApplicationName("wardscope-viewer");
    QApplication::setApplicationVersion(WARDSCOPE_VERSION);
    QFont font("DejaVu Sans");  // covers Vietnamese
    font.setPointSizeF(QApplication::font().pointSizeF());
    QApplication::setFont(font);

    QCommandLineParser parser;
    parser.setApplicationDescription("wardscope map viewer");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("path", "analysis output folder, GeoPackage or GeoJSON");
    QCommandLineOption project("project", "run the analysis of a project file first", "FILE");
    QCommandLineOption field("field", "field to map", "FIELD");
    QCommandLineOption lang("lang", "interface language: vi or en", "LANG");
    QCommandLineOption screenshot("screenshot", "render the window after loading, save it and exit", "FILE");
    QCommandLineOption size("size", "window size for --screenshot", "WxH", "1400x900");
    QCommandLineOption layers("layers", "extra layers: gi, lisa, density, hotspots, scan, labels", "LIST");
    parser.addOptions({project, field, lang, screenshot, size, layers});
    parser.process(app);

    // Language: --lang, else the saved choice, else the system locale.
    QSettings settings;
    QString language = parser.value(lang);
    if (language.isEmpty()) language = settings.value("language").toString();
    if (language.isEmpty()) language = QLocale::system().language() == QLocale::Vietnamese ? "vi" : "en";
    QTranslator translator;
    if (language == "vi" && translator.load(":/i18n/wardscope_vi.qm")) QApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (language == "vi" && qtTranslator.load("qtbase_vi", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    MainWindow window;
    QString path = parser.positionalArguments().value(0);
    if (parser.isSet(project)) {
        try {
            QProgressDialog dialog(QObject::tr("Running the analysis…"), QObject::tr("Cancel"), 0, 1000);
            dialog.setWindowModality(Qt::ApplicationModal);
            dialog.setMinimumDuration(0);
            DialogProgress progress(dialog);
            const auto request = wardscope::gis::readProjectFile(parser.value(project).toStdString());
            wardscope::gis::runAnalyze(request, progress);
            path = QString::fromStdString(request.outDir.string());
        } catch (const std::exception& e) {
            if (parser.isSet(screenshot)) {
                std::fprintf(stderr, "wardscope-viewer: %s\n", e.what());
                return 1;
            }
            QMessageBox::critical(&window, "wardscope", QString::fromUtf8(e.what()));
        }
    }
    if (!path.isEmpty()) {
        QString error;
        if (!window.openPath(path, &error)) {
            std::fprintf(stderr, "wardscope-viewer: %s\n", error.toUtf8().constData());
            if (parser.isSet(screenshot)) return 1;
        }
    }
    if (parser.isSet(field)) window.setField(parser.value(field));
    for (const QString& name : parser.value(layers).split(',', Qt::SkipEmptyParts)) {
        using wardscope::viewer::LayerKind;
        const LayerKind kind = name == "gi"         ? LayerKind::GiBins
                               : name == "lisa"     ? LayerKind::LisaClusters
                               : name == "density"  ? LayerKind::Density
                               : name == "hotspots" ? LayerKind::Hotspots
                               : name == "scan"     ? LayerKind::ScanClusters
                               : name == "sites"    ? LayerKind::CampaignSites
                               : name == "routes"   ? LayerKind::Routes
                                                    : LayerKind::Labels;
        window.setLayerVisible(kind, true);
    }
    if (parser.isSet(screenshot)) {
        int w = 1400, h = 900;
        if (std::sscanf(parser.value(size).toUtf8().constData(), "%dx%d", &w, &h) != 2) {
            std::fprintf(stderr, "wardscope-viewer: --size must be WIDTHxHEIGHT\n");
            return 2;
        }
        window.resize(w, h);
        window.show();
        QTimer::singleShot(300, &window, [&] {
            window.canvas()->zoomToLayer();
            QApplication::processEvents();
            const bool ok = window.grab().save(parser.value(screenshot));
            if (!ok) std::fprintf(stderr, "wardscope-viewer: cannot write %s\n", parser.value(screenshot).toUtf8().constData());
            QApplication::exit(ok ? 0 : 1);
        });
        return QApplication::exec();
    }
    if (settings.contains("geometry")) window.restoreGeometry(settings.value("geometry").toByteArray());
    window.show();
    return QApplication::exec();
}
