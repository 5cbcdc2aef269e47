// Viewer drawing benchmark (Google Benchmark, Qt offscreen): 20,000 synthetic
// wards (a jittered 200 x 100 grid of wavy 28-vertex polygons with shared edges,
// as make_bench_data writes) drawn as a 5-class choropleth into a 1920x1080
// image, per frame after the first (the layers come from the renderer's cache
// while the view stays), per frame while panning (drawn again every frame); and opening the Hai Phong demo output
// (out/demo, written by scripts/demo.sh): load, build the renderer, first frame.
#include <benchmark/benchmark.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <cmath>
#include <filesystem>
#include <limits>

#include "core/random.h"
#include "gis/map_data.h"
#include "viewer/map_renderer.h"

namespace {

using namespace wardscope;

gis::MapData syntheticWards(int cols, int rows) {
    gis::MapData m;
    core::Random rng(42);
    const double d = 1000;
    auto node = [&](int c, int r) {
        core::Random nr(static_cast<std::uint64_t>(r) * 100003 + static_cast<std::uint64_t>(c));
        const bool border = r == 0 || c == 0 || r == rows || c == cols;
        return core::Point{c * d + (border ? 0 : nr.uniform(-250, 250)), r * d + (border ? 0 : nr.uniform(-250, 250))};
    };
    m.fields = {{"value", true}, {"name", false}};
    m.numbers.assign(2, {});
    m.texts.assign(2, {});
    m.extent = {0, 0, cols * d, rows * d};
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const core::Point corners[4] = {node(c, r), node(c + 1, r), node(c + 1, r + 1), node(c, r + 1)};
            core::Ring ring;
            for (int k = 0; k < 4; ++k) {
                const auto a = corners[k], b = corners[(k + 1) % 4];
                ring.push_back(a);
                for (int w = 1; w <= 6; ++w) {
                    const double t = w / 7.0, off = std::sin(w * 1.7 + k) * 0.05;
                    ring.push_back({a.x + t * (b.x - a.x) - off * (b.y - a.y), a.y + t * (b.y - a.y) + off * (b.x - a.x)});
                }
            }
            ring.push_back(ring.front());
            core::Box box{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
            for (const auto& p : ring) box = {std::min(box.minX, p.x), std::min(box.minY, p.y), std::max(box.maxX, p.x), std::max(box.maxY, p.y)};
            m.shapes.push_back({{ring}});
            m.boxes.push_back(box);
            m.numbers[0].push_back(std::sin(c * 0.15) + std::cos(r * 0.2) + rng.normal() * 0.5);
            m.numbers[1].push_back(std::numeric_limits<double>::quiet_NaN());
            m.texts[0].push_back(std::to_string(m.numbers[0].back()));
            m.texts[1].push_back("W" + std::to_string(r * cols + c));
        }
    return m;
}

void drawFrames(benchmark::State& state) {
    static const gis::MapData data = syntheticWards(200, 100);
    viewer::MapRenderer renderer(data);
    viewer::MapStyle style;
    style.field = "value";
    style.title = "20,000 wards";
    renderer.setStyle(style);
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    const QRectF target(0, 0, 1920, 1080);
    const auto view = viewer::MapRenderer::fit(data.extent, target);
    {
        QPainter p(&image);
        renderer.render(p, target, view);  // the first frame
    }
    for (auto _ : state) {
        QPainter p(&image);
        renderer.render(p, target, view);
    }
    state.counters["wards"] = static_cast<double>(data.wards());
}

/// Panning: the view moves every frame, so the layers are drawn again each time.
void panFrames(benchmark::State& state) {
    static const gis::MapData data = syntheticWards(200, 100);
    viewer::MapRenderer renderer(data);
    viewer::MapStyle style;
    style.field = "value";
    renderer.setStyle(style);
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    const QRectF target(0, 0, 1920, 1080);
    auto view = viewer::MapRenderer::fit(data.extent, target);
    const double step = (view.maxX - view.minX) / 1920;
    for (auto _ : state) {
        view.minX += step;
        view.maxX += step;
        QPainter p(&image);
        renderer.render(p, target, view);
    }
}

void openDemo(benchmark::State& state) {
    const std::string dir = std::string(WARDSCOPE_SOURCE_DIR) + "/out/demo";
    if (!std::filesystem::exists(dir + "/wards.gpkg")) {
        state.SkipWithError("out/demo missing: run scripts/demo.sh first");
        return;
    }
    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    const QRectF target(0, 0, 1920, 1080);
    for (auto _ : state) {
        const gis::MapData data = gis::loadMapData(dir);
        viewer::MapRenderer renderer(data);
        QPainter p(&image);
        renderer.render(p, target, viewer::MapRenderer::fit(data.extent, target));
    }
}

}  // namespace

BENCHMARK(drawFrames)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(panFrames)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(openDemo)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
