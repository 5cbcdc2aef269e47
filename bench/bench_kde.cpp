// Kernel density micro-benchmark (Google Benchmark): exact quartic and Gaussian
// surfaces of 1e5, 1e6 and 1e7 points spread uniformly inside the real Hai Phong
// wards (VN-2000 / UTM 48N), 1 km bandwidth, 50 m cells, over the study area plus
// one bandwidth — the grid `wardscope density` builds. Whole-command timings
// beside QGIS and a binned numpy/scipy surface: scripts/bench_density.sh.
#include <benchmark/benchmark.h>

#include <limits>
#include <map>

#include "core/kde.h"
#include "core/polygon_index.h"
#include "core/synth.h"
#include "gis/crs.h"
#include "gis/ward_layer.h"

namespace {

using namespace wardscope;

struct Study {
    core::Box extent;
    core::PolygonIndex index;  ///< metric wards
};

const Study& study() {
    static const Study s = [] {
        gis::WardLayerOptions o;
        o.path = std::string(WARDSCOPE_SOURCE_DIR) + "/data/haiphong/wards_2025.gpkg:wards_2025";
        o.idField = "code";
        const auto wards = gis::loadWardLayer(o);
        gis::Transform toMetric(wards.crs, wards.metricCrs);
        std::vector<core::Shape> shapes(wards.shapes().size());
        Study st;
        st.extent = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        for (std::size_t i = 0; i < shapes.size(); ++i)
            for (auto ring : wards.shapes()[i].rings) {
                for (auto& p : ring) {
                    toMetric.apply(p);
                    st.extent = {std::min(st.extent.minX, p.x), std::min(st.extent.minY, p.y),
                                 std::max(st.extent.maxX, p.x), std::max(st.extent.maxY, p.y)};
                }
                shapes[i].rings.push_back(std::move(ring));
            }
        st.index.build(shapes);
        return st;
    }();
    return s;
}

const std::vector<core::Point>& points(std::size_t n) {
    static std::map<std::size_t, std::vector<core::Point>> cache;
    auto& p = cache[n];
    if (p.empty()) p = core::randomPointsInShapes(study().index, n, 7);
    return p;
}

void kde(benchmark::State& state, core::Kernel kernel) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& pts = points(n);
    const double h = 1000, cell = 50, pad = h;
    const auto& e = study().extent;
    for (auto _ : state) {
        core::Raster r = core::makeRaster({e.minX - pad, e.minY - pad, e.maxX + pad, e.maxY + pad}, cell);
        core::addKernelDensity(r, pts, {}, kernel, h);
        benchmark::DoNotOptimize(r.values.data());
        state.counters["cells"] = static_cast<double>(r.values.size());
    }
    state.counters["points"] = static_cast<double>(n);
}

}  // namespace

BENCHMARK_CAPTURE(kde, quartic, core::Kernel::Quartic)
    ->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(kde, gaussian, core::Kernel::Gaussian)
    ->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
