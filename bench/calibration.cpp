// Calibration of the hot-spot methods under the null of constant risk, on the
// real Hai Phong 2025 wards, with analyze's defaults: queen contiguity (1 m),
// Bạch Long Vĩ attached to its nearest ward, 9,999 permutations, FDR at 0.05,
// a scan of 999 replications with windows up to half the population.
//
// Each run draws Poisson counts for every ward's children (declared population
// x 0.1927, the 2019 census share of 5-17-year-olds in Hai Phong) at 1 case per
// 1,000 children, and counts whether ANY ward is flagged: the family-wise rate
// of a false hot spot that a manager would see on a map drawn from pure noise.
//   Gi*:  any ward in bin +-2 or +-3 (95 %+ hot or cold, after FDR)
//   LISA: any ward in a significant cluster (HH, LL, HL or LH, after FDR)
//   scan: the most likely cluster with p < 0.05
// for the raw rate and the Empirical Bayes rate (the scan reads counts and
// populations, whichever rate is mapped). docs/methods.md has the figures.
//
//   build/bench/bench_calibration [RUNS=200] [PERMUTATIONS=9999] [SCAN_REPLICATIONS=999]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/random.h"
#include "core/rates.h"
#include "core/scan.h"
#include "core/ward_stats.h"
#include "gis/contiguity.h"
#include "gis/ward_layer.h"

using namespace wardscope;

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
    const auto permutations = static_cast<std::uint32_t>(argc > 2 ? std::atoi(argv[2]) : 9999);
    const auto replications = static_cast<std::uint32_t>(argc > 3 ? std::atoi(argv[3]) : 999);
    gis::WardLayerOptions o;
    o.path = std::string(WARDSCOPE_SOURCE_DIR) + "/data/haiphong/wards_2025.gpkg:wards_2025";
    o.idField = "code";
    o.populationField = "pop_declared";
    const gis::WardLayer wards = gis::loadWardLayer(o);
    auto nb = gis::contiguityNeighbours(wards, gis::ContiguityKind::Queen, 1.0);
    const auto points = gis::representativePoints(wards);
    core::attachIslands(nb, points, 1);
    const core::Weights weights = core::Weights::fromNeighbours(nb);
    std::vector<double> children;
    for (const auto& w : wards.wards) children.push_back(*w.populationField * 0.1927);

    struct Tally {
        int gi = 0, lisa = 0;
    };
    Tally raw, eb;
    int scan = 0;
    for (int run = 0; run < runs; ++run) {
        core::Random rng(1000 + static_cast<std::uint64_t>(run));
        std::vector<double> cases;
        for (double c : children) cases.push_back(static_cast<double>(rng.poisson(c / 1000.0)));
        for (const bool smoothed : {false, true}) {
            core::WardStatsInput in;
            in.cases = cases;
            in.population = children;
            in.variable = smoothed ? core::empiricalBayesPer1000(cases, children) : core::rawRatePer1000(cases, children);
            in.weights = weights;
            core::WardStatsOptions so;
            so.permutations = permutations;
            so.seed = 12345 + static_cast<std::uint64_t>(run);
            const auto r = core::computeWardStats(in, so);
            bool gi = false, lisa = false;
            for (const int bin : r.giStarBin) gi = gi || bin >= 2 || bin <= -2;
            for (const auto c : r.lisaCluster)
                lisa = lisa || c == core::LisaCluster::HighHigh || c == core::LisaCluster::LowLow ||
                       c == core::LisaCluster::HighLow || c == core::LisaCluster::LowHigh;
            Tally& t = smoothed ? eb : raw;
            t.gi += gi ? 1 : 0;
            t.lisa += lisa ? 1 : 0;
        }
        core::ScanOptions sc;
        sc.replications = replications;
        sc.seed = 777 + static_cast<std::uint64_t>(run);
        const auto s = core::kulldorffScan(points, cases, children, sc);
        scan += !s.clusters.empty() && s.clusters.front().p < 0.05 ? 1 : 0;
        std::fprintf(stderr, "\r%d / %d runs", run + 1, runs);
    }
    std::fprintf(stderr, "\n");
    auto pct = [runs](int n) { return 100.0 * n / runs; };
    std::printf("null runs: %d (permutations %u, scan replications %u)\n", runs, permutations, replications);
    std::printf("%-28s %10s %10s\n", "runs with any flagged ward", "raw rate", "EB rate");
    std::printf("%-28s %4d %4.1f %% %4d %4.1f %%\n", "Gi* |bin| >= 2 (FDR)", raw.gi, pct(raw.gi), eb.gi, pct(eb.gi));
    std::printf("%-28s %4d %4.1f %% %4d %4.1f %%\n", "LISA cluster (FDR)", raw.lisa, pct(raw.lisa), eb.lisa, pct(eb.lisa));
    std::printf("%-28s %4d %4.1f %% (counts and populations)\n", "scan, most likely p < 0.05", scan, pct(scan));
    return 0;
}
