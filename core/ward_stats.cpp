#include "core/ward_stats.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/rates.h"

namespace wardscope::core {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
Value real(double v) { return std::isfinite(v) ? Value(v) : Value(std::monostate{}); }
}  // namespace

/// Every per-ward statistic undefined (NaN, class ns, bin 0); neighbour counts set.
void resetLocal(WardStatsResult& r, std::size_t n, const Weights& w) {
    for (auto* v : {&r.lisaI, &r.lisaZ, &r.lisaP, &r.lisaPAdjusted, &r.giZ, &r.giStarZ, &r.giStarP, &r.giStarPNormal,
                    &r.giStarPAdjusted})
        v->assign(n, kNaN);
    r.lisaCluster.assign(n, LisaCluster::NotSignificant);
    r.giStarBin.assign(n, 0);
    r.neighbours.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) r.neighbours[i] = w.degree(i);
}

std::string_view correctionName(Correction c) {
    switch (c) {
        case Correction::None: return "none";
        case Correction::Bonferroni: return "bonferroni";
        case Correction::Fdr: return "fdr";
    }
    return "none";
}

void WardStatsOptions::validate() const {
    if (permutations > 99999) throw UsageError("--permutations must be at most 99,999");
    if (!(alpha > 0 && alpha < 1)) throw UsageError("--alpha must be between 0 and 1");
}

Weights subsetWeights(const Weights& w, const std::vector<char>& keep, std::vector<std::size_t>& mapping) {
    std::vector<std::int32_t> newIndex(w.size(), -1);
    mapping.clear();
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (!keep[i]) continue;
        newIndex[i] = static_cast<std::int32_t>(mapping.size());
        mapping.push_back(i);
    }
    std::vector<std::vector<std::int32_t>> nb(mapping.size());
    std::vector<std::vector<double>> values(mapping.size());
    for (std::size_t a = 0; a < mapping.size(); ++a) {
        const std::size_t i = mapping[a];
        for (std::size_t k = 0; k < w.degree(i); ++k) {
            const auto j = newIndex[static_cast<std::size_t>(w.neighboursBegin(i)[k])];
            if (j < 0) continue;
            nb[a].push_back(j);
            values[a].push_back(w.weightsBegin(i)[k]);
        }
    }
    return Weights::fromNeighbours(nb, values);
}

WardStatsResult computeWardStats(const WardStatsInput& in, const WardStatsOptions& options, Progress* progress) {
    options.validate();
    const std::size_t n = in.variable.size();
    if (in.weights.size() != n) throw UsageError("weights and variable differ in size");
    WardStatsResult r;
    const bool haveCounts = in.cases.size() == n && in.population.size() == n;
    if (haveCounts) {
        r.rate = rawRatePer1000(in.cases, in.population);
        r.ebRate = empiricalBayesPer1000(in.cases, in.population);
        r.sebRate = spatialEmpiricalBayesPer1000(in.cases, in.population, in.weights);
        r.excessRisk = excessRisk(in.cases, in.population);
    }
    r.excluded.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) r.excluded[i] = !std::isfinite(in.variable[i]);
    std::vector<char> keep(n);
    for (std::size_t i = 0; i < n; ++i) keep[i] = !r.excluded[i];
    std::vector<std::size_t> map;
    const Weights binary = subsetWeights(in.weights, keep, map);
    const Weights rowStd = binary.rowStandardized();
    std::vector<double> x;
    for (std::size_t i : map) x.push_back(in.variable[i]);

    // A constant variable (e.g. EB rates all shrunk to the city rate) has no
    // spatial pattern: statistics are undefined, nothing is flagged.
    bool constant = true;
    for (double v : x) constant = constant && v == x.front();
    if (constant || x.size() < 4) {
        r.constantVariable = true;
        r.moran.i = r.moran.zNormality = r.moran.zRandomization = kNaN;
        r.moran.expected = x.size() > 1 ? -1.0 / (static_cast<double>(x.size()) - 1.0) : kNaN;
        r.moran.varianceNormality = r.moran.varianceRandomization = r.moran.pPermutation = kNaN;
        resetLocal(r, n, in.weights);
        for (std::size_t i = 0; i < n; ++i) {
            if (r.excluded[i]) continue;
            if (in.weights.degree(i) == 0) r.lisaCluster[i] = LisaCluster::Isolate;
            ++r.clusterCounts[std::string(lisaClusterCode(r.lisaCluster[i]))];
            ++r.binCounts[0];
        }
        return r;
    }

    PermutationOptions perm;
    perm.permutations = options.permutations;
    perm.seed = options.seed;
    perm.threads = options.threads;
    if (progress) progress->update(0.0, "global Moran's I");
    r.moran = globalMoran(x, rowStd, perm, progress);
    if (haveCounts) {
        std::vector<double> c, p;
        for (std::size_t i : map) {
            c.push_back(in.cases[i]);
            p.push_back(in.population[i]);
        }
        const auto z = assuncaoReisZ(c, p);
        bool complete = true;
        for (double v : z) complete = complete && std::isfinite(v);
        if (complete) r.ebMoran = globalMoran(z, rowStd, perm, progress);
    }
    if (progress) progress->update(0.2, "local Moran and Gi*");
    PermutationOptions analytic = perm;
    analytic.permutations = 0;
    LocalMoran lm = localMoran(x, rowStd, analytic, progress);
    GetisOrd gi = getisOrdGiStar(x, binary, analytic, progress);
    if (perm.permutations > 0) {
        const auto shared = localPermutationPValues(x, rowStd, perm, progress);
        for (std::size_t a = 0; a < x.size(); ++a) {
            lm.pPermutation[a] = lm.isolate[a] ? kNaN : shared.lisa[a];
            gi.pPermutation[a] = std::isfinite(gi.z[a]) ? shared.giStar[a] : kNaN;
        }
    }
    if (progress) progress->update(0.95, "multiple testing");

    // LISA classes use the conditional-permutation pseudo p (GeoDa's convention;
    // the normal p when no permutations ran). Gi* bins use the p of the Gi* z-score
    // under the normal approximation (ArcGIS's convention); the permutation p of
    // Gi* is reported beside it.
    std::vector<double> lisaP(map.size()), giP(map.size());
    for (std::size_t a = 0; a < map.size(); ++a) {
        lisaP[a] = options.permutations > 0 ? lm.pPermutation[a] : twoSidedNormalP(lm.z[a]);
        giP[a] = gi.pNormal[a];
    }
    const auto lisaAdj = adjustPValues(lisaP, options.correction);
    const auto giAdj = adjustPValues(giP, options.correction);
    const auto classes = lisaClusters(x, rowStd, lm, lisaAdj, options.alpha);
    std::vector<double> giZ = gi.z;
    const auto bins = confidenceBins(giZ, giAdj);

    resetLocal(r, n, in.weights);
    const auto giPlain = getisOrdGiZ(x, binary);
    for (std::size_t a = 0; a < map.size(); ++a) {
        const std::size_t i = map[a];
        r.lisaI[i] = lm.i[a];
        r.lisaZ[i] = lm.z[a];
        r.lisaP[i] = lisaP[a];
        r.lisaPAdjusted[i] = lisaAdj[a];
        r.lisaCluster[i] = classes[a];
        r.giZ[i] = giPlain[a];
        r.giStarZ[i] = gi.z[a];
        r.giStarP[i] = options.permutations > 0 ? gi.pPermutation[a] : kNaN;
        r.giStarPNormal[i] = giP[a];
        r.giStarPAdjusted[i] = giAdj[a];
        r.giStarBin[i] = bins[a];
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (r.excluded[i]) continue;
        ++r.clusterCounts[std::string(lisaClusterCode(r.lisaCluster[i]))];
        ++r.binCounts[r.giStarBin[i]];
    }
    return r;
}

void appendStatsColumns(Table& t, const WardStatsInput& in, const WardStatsResult& r) {
    auto ensure = [&](const std::string& name, ColumnType type) {
        int idx = t.columnIndex(name);
        if (idx < 0) {
            t.columns.push_back({name, type});
            for (auto& row : t.rows) row.emplace_back(std::monostate{});
            idx = static_cast<int>(t.columns.size()) - 1;
        }
        return static_cast<std::size_t>(idx);
    };
    const bool counts = !r.rate.empty();
    struct RealColumn {
        const char* name;
        const std::vector<double>* values;
    };
    std::vector<RealColumn> reals;
    if (counts) {
        reals.push_back({"rate_per_1000", &r.rate});
        reals.push_back({"eb_rate_per_1000", &r.ebRate});
        reals.push_back({"seb_rate_per_1000", &r.sebRate});
        reals.push_back({"excess_risk", &r.excessRisk});
    }
    // The counts are written where the table has none (a layer given to
    // `stats`); a table that has them keeps its own: the statistics may have
    // run on other values (shared mode: withheld counts at their mean).
    if (counts && t.columnIndex("cases") < 0 && t.columnIndex("population") < 0) {
        const std::size_t c = ensure("cases", ColumnType::Integer);
        const std::size_t p = ensure("population", ColumnType::Real);
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            t.rows[i][c] = std::isfinite(in.cases[i]) ? Value(static_cast<std::int64_t>(std::llround(in.cases[i])))
                                                      : Value(std::monostate{});
            t.rows[i][p] = real(in.population[i]);
        }
    }
    for (const auto& rc : reals) {
        const std::size_t idx = ensure(rc.name, ColumnType::Real);
        for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i][idx] = real((*rc.values)[i]);
    }
    const std::size_t nbCol = ensure("neighbors", ColumnType::Integer);
    const std::size_t islandCol = ensure("island", ColumnType::Integer);
    const std::size_t attachedCol = ensure("island_attached_to", ColumnType::Text);
    const std::vector<RealColumn> stats = {{"lisa_i", &r.lisaI},           {"lisa_z", &r.lisaZ},
                                           {"lisa_p", &r.lisaP},           {"lisa_p_adjusted", &r.lisaPAdjusted},
                                           {"gi_z", &r.giZ}, {"gi_star_z", &r.giStarZ},      {"gi_star_p", &r.giStarP}, {"gi_star_p_normal", &r.giStarPNormal},
                                           {"gi_star_p_adjusted", &r.giStarPAdjusted}};
    std::vector<std::size_t> statCols;
    for (const auto& rc : stats) statCols.push_back(ensure(rc.name, ColumnType::Real));
    const std::size_t clusterCol = ensure("lisa_cluster", ColumnType::Text);
    const std::size_t binCol = ensure("gi_star_bin", ColumnType::Integer);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        auto& row = t.rows[i];
        row[nbCol] = static_cast<std::int64_t>(r.neighbours[i]);
        row[islandCol] = std::int64_t{in.island.size() > i && in.island[i] ? 1 : 0};
        row[attachedCol] = in.attachedTo.size() > i ? Value(in.attachedTo[i]) : Value(std::string());
        for (std::size_t k = 0; k < stats.size(); ++k) row[statCols[k]] = real((*stats[k].values)[i]);
        row[clusterCol] = r.excluded[i] ? Value(std::monostate{}) : Value(std::string(lisaClusterCode(r.lisaCluster[i])));
        row[binCol] = r.excluded[i] ? Value(std::monostate{}) : Value(static_cast<std::int64_t>(r.giStarBin[i]));
    }
}

}  // namespace wardscope::core
