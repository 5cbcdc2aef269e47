// Point-in-polygon join micro-benchmarks (Google Benchmark).
//   bench_join [--benchmark_filter=...]
// Needs the synthetic 20,000-ward layer written by
//   make_bench_data wards /tmp/wardscope-bench/wards20k.gpkg 200 100
// (scripts/bench_join.sh does this); the Hai Phong wards come from data/.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <cstdint>
#include <map>
#include <vector>

#include "core/aggregate.h"
#include "core/polygon_index.h"
#include "core/random.h"
#include "core/synth.h"
#include "gis/ward_layer.h"

namespace {

using namespace wardscope;

const gis::WardLayer& layer(const std::string& which) {
    static std::map<std::string, gis::WardLayer> cache;
    auto it = cache.find(which);
    if (it == cache.end()) {
        gis::WardLayerOptions o;
        o.idField = "code";
        o.path = which == "haiphong" ? std::string(WARDSCOPE_SOURCE_DIR) + "/data/haiphong/wards_2025.gpkg:wards_2025"
                                     : "/tmp/wardscope-bench/wards20k.gpkg";
        it = cache.emplace(which, gis::loadWardLayer(o)).first;
    }
    return it->second;
}

/// The layer, or null after telling the benchmark to skip (20,000 wards not written yet).
const gis::WardLayer* layerOrSkip(benchmark::State& state, const std::string& which) {
    if (which != "haiphong" && !std::filesystem::exists("/tmp/wardscope-bench/wards20k.gpkg")) {
        state.SkipWithError("run scripts/bench_join.sh first (20,000-ward layer missing)");
        return nullptr;
    }
    return &layer(which);
}

/// Random points inside the wards, located one by one; `sorted`: in the index's
/// grid order first (as WardJoiner::joinAll does with each block of rows).
void locate(benchmark::State& state, const std::string& which, bool sorted) {
    const gis::WardLayer* wards = layerOrSkip(state, which);
    if (!wards) return;
    core::PolygonIndex index;
    index.build(wards->shapes(), static_cast<double>(state.range(0)) / 2.0);
    auto points = core::randomPointsInShapes(index, sorted ? 1 << 16 : 1 << 18, 7);
    if (sorted)
        std::sort(points.begin(), points.end(),
                  [&](const auto& a, const auto& b) { return index.cellKey(a) < index.cellKey(b); });
    std::size_t i = 0;
    std::int64_t found = 0;
    for (auto _ : state) {
        found += index.locate(points[i++ & (points.size() - 1)]) >= 0;
    }
    benchmark::DoNotOptimize(found);
    state.SetItemsProcessed(state.iterations());
    state.counters["index_MiB"] = static_cast<double>(index.memoryBytes()) / (1 << 20);
}

/// A batch of random points inside the wards located with
/// PolygonIndex::locateBatch (sorted by grid cell, the index's memory fetched a
/// few points ahead), as WardJoiner::joinAll does with each block of rows.
void locateBatch(benchmark::State& state, const std::string& which) {
    const gis::WardLayer* wards = layerOrSkip(state, which);
    if (!wards) return;
    core::PolygonIndex index;
    index.build(wards->shapes());
    const auto points = core::randomPointsInShapes(index, 1 << 16, 7);
    std::vector<std::uint32_t> all(points.size());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    std::vector<std::int32_t> found(points.size());
    core::PolygonIndex::BatchScratch scratch;
    for (auto _ : state) {
        index.locateBatch(points, all, found, scratch);
        benchmark::DoNotOptimize(found.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points.size()));
}

void build(benchmark::State& state, const std::string& which) {
    const gis::WardLayer* wards = layerOrSkip(state, which);
    if (!wards) return;
    for (auto _ : state) {
        core::PolygonIndex index;
        index.build(wards->shapes());
        benchmark::DoNotOptimize(index.memoryBytes());
    }
}

/// Cases added to the ward totals of 20,000 wards in random order (as each
/// record worker adds its rows, RowProcessor::joinPending); Arg: how many cases ahead each ward's totals are fetched
/// (0: none).
void aggregate(benchmark::State& state) {
    constexpr std::size_t kWards = 20000, kCases = 1 << 16;
    core::Aggregator aggregator(kWards);
    core::Random rng(3);
    std::vector<std::int32_t> wards(kCases);
    std::vector<core::CaseFields> cases(kCases);
    for (std::size_t i = 0; i < kCases; ++i) {
        wards[i] = static_cast<std::int32_t>(rng.below(kWards));
        cases[i].age = 5 + static_cast<int>(rng.below(13));
        cases[i].sex = static_cast<core::Sex>(rng.below(3));
        cases[i].detectedOn.year = 2021 + static_cast<int>(rng.below(5));
    }
    const auto ahead = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        for (std::size_t i = 0; i < kCases; ++i) {
            if (ahead > 0 && i + ahead < kCases) aggregator.prefetch(wards[i + ahead]);
            aggregator.addCase(wards[i], cases[i]);
        }
    }
    benchmark::DoNotOptimize(aggregator.wards().data());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kCases));
}

}  // namespace

BENCHMARK_CAPTURE(locate, haiphong, std::string("haiphong"), false)->Arg(1)->Arg(4)->Arg(8)->Arg(16);
BENCHMARK_CAPTURE(locate, wards20k, std::string("wards20k"), false)->Arg(1)->Arg(4)->Arg(8)->Arg(16);
BENCHMARK_CAPTURE(locate, haiphong_sorted_64k, std::string("haiphong"), true)->Arg(4);
BENCHMARK_CAPTURE(locate, wards20k_sorted_64k, std::string("wards20k"), true)->Arg(1)->Arg(2)->Arg(4)->Arg(8);
BENCHMARK_CAPTURE(locateBatch, haiphong_64k, std::string("haiphong"));
BENCHMARK_CAPTURE(locateBatch, wards20k_64k, std::string("wards20k"));
BENCHMARK_CAPTURE(build, haiphong, std::string("haiphong"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(build, wards20k, std::string("wards20k"))->Unit(benchmark::kMillisecond);
BENCHMARK(aggregate)->Arg(0)->Arg(8)->Arg(32);
BENCHMARK_MAIN();
