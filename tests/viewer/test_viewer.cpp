// The viewer as a user sees it, on Qt's offscreen platform, over the bundled Hai
// Phong analysis (synthetic records): hot spot colours, the legend, table-map
// selection, search without diacritics, and valid PNG / PDF / SVG exports.
#include <gtest/gtest.h>

#include <QXmlStreamReader>

#include <QApplication>
#include <QImage>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPainter>
#include <QTableView>

#include <cmath>
#include <fstream>

#include "../gis/test_support.h"
#include "../pipeline/demo_support.h"
#include "core/error.h"
#include "core/progress.h"
#include "gis/map_data.h"
#include "gis/pipeline.h"
#include "viewer/main_window.h"
#include "viewer/map_renderer.h"
#include "viewer/palettes.h"

using namespace wardscope;

namespace {

class ViewerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new test::TempDir();
        test::synthDemo(s_dir->path() / "synthetic");
        auto r = test::demoRequest(s_dir->path() / "synthetic", s_dir->path() / "out", true);
        core::NullProgress progress;
        r.stats.permutations = 999;
        r.scanOptions.replications = 99;
        gis::runAnalyze(r, progress);
        s_data = new gis::MapData(gis::loadMapData((s_dir->path() / "out").string()));
    }
    static void TearDownTestSuite() {
        delete s_data;
        delete s_dir;
    }

    /// A pixel well inside ward `w` (every pixel 4 px around it is the same ward).
    static std::optional<QPoint> interiorPixel(const viewer::MapRenderer& r, int w, const core::Box& view, const QRectF& target) {
        const auto& b = r.data().boxes[static_cast<std::size_t>(w)];
        const QRect box = viewer::MapRenderer::worldToScreen(view, target)
                              .mapRect(QRectF(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY))
                              .toAlignedRect()
                              .intersected(target.toAlignedRect().adjusted(4, 4, -4, -4));
        for (int y = box.top(); y <= box.bottom(); y += 2)
            for (int x = box.left(); x <= box.right(); x += 2) {
                bool inside = true;
                for (int dy = -4; dy <= 4 && inside; dy += 4)
                    for (int dx = -4; dx <= 4 && inside; dx += 4)
                        inside = r.wardAt(QPointF(x + dx + 0.5, y + dy + 0.5), view, target) == w;
                if (inside) return QPoint(x, y);
            }
        return std::nullopt;
    }

    static test::TempDir* s_dir;
    static gis::MapData* s_data;
};
test::TempDir* ViewerTest::s_dir = nullptr;
gis::MapData* ViewerTest::s_data = nullptr;

}  // namespace

TEST_F(ViewerTest, AHotSpotWardIsDrawnInTheHotColour) {
    viewer::MapRenderer r(*s_data);
    viewer::MapStyle style;
    for (auto& l : style.layers) l.visible = l.kind == viewer::LayerKind::GiBins;
    style.furniture = false;
    r.setStyle(style);
    // The legend explains the Gi* bins when they are the top layer.
    ASSERT_EQ(r.legend().size(), 7u);
    EXPECT_EQ(r.legend().front().colour, viewer::giBinColour(3));
    const int bin = s_data->fieldIndex("gi_star_bin");
    ASSERT_GE(bin, 0);
    int hot = -1;
    for (std::size_t w = 0; w < s_data->wards() && hot < 0; ++w)
        if (s_data->numbers[static_cast<std::size_t>(bin)][w] == 3) hot = static_cast<int>(w);
    ASSERT_GE(hot, 0) << "the demo has 99 % hot spots (Vĩnh Bảo)";
    QImage image(1600, 1100, QImage::Format_ARGB32_Premultiplied);
    const QRectF target(0, 0, 1600, 1100);
    const auto view = viewer::MapRenderer::fit(s_data->extent, target);
    {
        QPainter p(&image);
        r.render(p, target, view);
    }
    const auto px = interiorPixel(r, hot, view, target);
    ASSERT_TRUE(px) << "no interior pixel for ward " << hot;
    EXPECT_EQ(QColor(image.pixel(*px)), viewer::giBinColour(3)) << s_data->wardLabel(static_cast<std::size_t>(hot));
}

TEST_F(ViewerTest, EveryWardIsDrawnInItsClassColourWhereverItIsOnTheMap) {
    // The map is drawn in two bands by two threads: every ward, top or bottom,
    // must show its own class colour inside it.
    viewer::MapRenderer r(*s_data);
    viewer::MapStyle style;
    style.furniture = false;
    style.field = "cases";
    r.setStyle(style);
    QImage image(1200, 900, QImage::Format_ARGB32_Premultiplied);
    const QRectF target(0, 0, 1200, 900);
    const auto view = viewer::MapRenderer::fit(s_data->extent, target);
    {
        QPainter p(&image);
        r.render(p, target, view);
    }
    std::size_t checked = 0, top = 0, bottom = 0;
    for (std::size_t w = 0; w < s_data->wards(); ++w) {
        if (s_data->suppressed(w, "cases")) continue;  // hatched
        const auto px = interiorPixel(r, static_cast<int>(w), view, target);
        if (!px) continue;  // too small at this scale
        EXPECT_EQ(QColor(image.pixel(*px)), r.wardColour(w)) << s_data->wardLabel(w);
        ++checked;
        (px->y() < 450 ? top : bottom) += 1;
    }
    EXPECT_GT(checked, 40u);
    EXPECT_GT(top, 0u);
    EXPECT_GT(bottom, 0u);
}

TEST_F(ViewerTest, LegendHoldsTheClassesTheClassifierComputedPlusNoDataAndSuppressed) {
    viewer::MapRenderer r(*s_data);
    viewer::MapStyle style;
    style.field = "rate_per_1000";
    style.scheme = core::ClassScheme::NaturalBreaks;
    style.classes = 5;
    r.setStyle(style);
    const auto& c = r.classification();
    const auto legend = r.legend();
    ASSERT_EQ(legend.size(), c.classes() + 2);
    std::size_t counted = 0;
    for (std::size_t i = 0; i < c.classes(); ++i) {
        EXPECT_EQ(legend[i].label.toStdString(), c.label(i));
        EXPECT_EQ(legend[i].count, c.counts[i]);
        counted += legend[i].count;
    }
    EXPECT_TRUE(legend.back().hatched);  // "suppressed" is its own class...
    EXPECT_GT(legend.back().count, 0u);  // ...and the demo has small counts withheld
    EXPECT_EQ(counted + legend[c.classes()].count + legend.back().count, s_data->wards());
    // A suppressed ward is drawn in the suppressed colour, not as "no data".
    for (std::size_t w = 0; w < s_data->wards(); ++w)
        if (s_data->suppressed(w, "rate_per_1000")) {
            EXPECT_EQ(r.wardColour(w), viewer::suppressedColour());
            break;
        }
}

TEST_F(ViewerTest, SelectingATableRowHighlightsItsWardAndSearchIgnoresDiacritics) {
    MainWindow window;
    window.resize(1400, 900);
    ASSERT_TRUE(window.openPath(QString::fromStdString((s_dir->path() / "out").string())));
    window.show();
    QApplication::processEvents();
    const QImage before = window.canvas()->grab().toImage();
    // Select the table's first row; its ward is highlighted on the map.
    QTableView* table = window.table();
    table->selectRow(0);
    QApplication::processEvents();
    const auto ward = static_cast<std::size_t>(table->model()->index(0, 0).data(Qt::UserRole + 1).toULongLong());
    ASSERT_EQ(window.canvas()->selection(), std::set<std::size_t>{ward});
    const QImage after = window.canvas()->grab().toImage();
    const auto px = interiorPixel(*window.renderer(), static_cast<int>(ward), window.canvas()->view(),
                                  QRectF(window.canvas()->rect()));
    ASSERT_TRUE(px);
    EXPECT_NE(before.pixel(*px), after.pixel(*px)) << "the selected ward is tinted";
    // And back: selecting wards on the map selects their rows.
    window.selectWards({3, 7});
    EXPECT_EQ(table->selectionModel()->selectedRows().size(), 2);
    // The year picker maps one year's cases; custom breaks make those classes.
    auto* year = window.findChild<QComboBox*>("yearPicker");
    ASSERT_NE(year, nullptr);
    ASSERT_GT(year->count(), 1);  // "all years" and the years present
    year->setCurrentIndex(1);
    EXPECT_EQ(window.renderer()->style().field.toStdString(), "cases_" + year->itemText(1).toStdString());
    auto* scheme = window.findChild<QComboBox*>("schemePicker");
    auto* breaks = window.findChild<QLineEdit*>("breaksEdit");
    ASSERT_NE(scheme, nullptr);
    ASSERT_NE(breaks, nullptr);
    breaks->setText("2, 5");
    scheme->setCurrentIndex(scheme->findData("custom"));
    const auto& c = window.renderer()->classification();
    ASSERT_GE(c.classes(), 2u);
    EXPECT_DOUBLE_EQ(c.upper[0], 2);
    EXPECT_DOUBLE_EQ(c.upper[1], 5);
    // Search without diacritics.
    window.search("hai an");
    bool found = false;
    for (std::size_t w : window.canvas()->selection()) found = found || s_data->wardLabel(w) == "Phường Hải An";
    EXPECT_TRUE(found);
}

TEST_F(ViewerTest, ExportsAreValidPngPdfAndSvgOfTheExpectedSize) {
    viewer::MapRenderer r(*s_data);
    viewer::MapStyle style;
    style.title = QString::fromUtf8("Tỷ lệ trẻ em lao động trên 1.000 trẻ");
    r.setStyle(style);
    const auto dir = s_dir->path() / "maps";
    std::filesystem::create_directories(dir);
    viewer::exportMap(r, (dir / "m.png").string(), QSize(1200, 800), 150);
    viewer::exportMap(r, (dir / "m.pdf").string(), QSize(1200, 800), 150, true);
    viewer::exportMap(r, (dir / "m.svg").string(), QSize(1200, 800), 150);
    QImage png;
    ASSERT_TRUE(png.load(QString::fromStdString((dir / "m.png").string())));
    EXPECT_EQ(png.size(), QSize(1200, 800));
    EXPECT_NEAR(png.dotsPerMeterX() * 0.0254, 150, 1);
    const std::string pdf = test::readFile(dir / "m.pdf");
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
    EXPECT_GT(pdf.size(), 10000u);
    const std::string svg = test::readFile(dir / "m.svg");
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("width=\"1200"), std::string::npos) << svg.substr(0, 400);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    // No temporary files left, and a bad extension is a clear error.
    for (const auto& e : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().rfind(".tmp-", 0), std::string::npos);
    EXPECT_THROW(viewer::exportMap(r, (dir / "m.jpg").string(), QSize(100, 100)), wardscope::UsageError);
    // A title with markup and an ampersand: an SVG with no script, well-formed XML.
    style.title = QString::fromUtf8("x</title><script>alert(1)</script> Hải An & Lê Chân");
    r.setStyle(style);
    viewer::exportMap(r, (dir / "evil.svg").string(), QSize(600, 400), 96);
    const std::string evil = test::readFile(dir / "evil.svg");
    EXPECT_EQ(evil.find("<script"), std::string::npos);
    QXmlStreamReader xml(QByteArray::fromStdString(evil));
    while (!xml.atEnd()) xml.readNext();
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
}

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
