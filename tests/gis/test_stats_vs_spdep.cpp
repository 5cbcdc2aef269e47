// wardscope's statistics against R spdep on the North Carolina SIDS data
// (tests/reference/spdep_sids.R wrote the reference values and the GAL file).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/rates.h"
#include "core/spatial_stats.h"
#include "core/error.h"
#include "gis/weights_io.h"
#include "test_support.h"

using namespace wardscope;

namespace {

struct Reference {
    std::map<std::string, double> globals;
    std::map<std::string, std::vector<double>> columns;
};

Reference load() {
    Reference ref;
    std::ifstream in(test::sourceDir() / "tests/reference/spdep_sids.csv");
    std::string line;
    std::getline(in, line);  // "# spdep 1.2.7, R 4.2.2; moran_i=... ..."
    std::istringstream comment(line.substr(line.find(';') + 1));
    for (std::string kv; comment >> kv;) {
        const auto eq = kv.find('=');
        ref.globals[kv.substr(0, eq)] = std::stod(kv.substr(eq + 1));
    }
    std::getline(in, line);
    std::vector<std::string> names;
    std::istringstream header(line);
    for (std::string h; std::getline(header, h, ',');) names.push_back(h.substr(1, h.size() - 2));
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::size_t k = 0;
        for (std::string v; std::getline(row, v, ',');) ref.columns[names[k++]].push_back(std::stod(v));
    }
    return ref;
}

core::Weights queen() {
    std::vector<std::string> ids;
    for (int i = 1; i <= 100; ++i) ids.push_back(std::to_string(i));
    return core::Weights::fromNeighbours(gis::readGal(test::sourceDir() / "tests/reference/sids_queen.gal", ids));
}

void expectAll(const std::vector<double>& got, const std::vector<double>& want, double tol, const char* what) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << what << " ward " << i;
}

core::PermutationOptions analytic() {
    core::PermutationOptions o;
    o.permutations = 0;
    return o;
}

}  // namespace

TEST(StatsVsSpdep, GlobalMoranBothVariances) {
    const auto ref = load();
    const auto r = core::globalMoran(ref.columns.at("rate"), queen().rowStandardized(), analytic());
    EXPECT_NEAR(r.i, ref.globals.at("moran_i"), 1e-9);
    EXPECT_NEAR(r.expected, ref.globals.at("moran_e"), 1e-12);
    EXPECT_NEAR(r.varianceRandomization, ref.globals.at("var_rand"), 1e-9);
    EXPECT_NEAR(r.varianceNormality, ref.globals.at("var_norm"), 1e-9);
    EXPECT_NEAR(r.pRandomization, ref.globals.at("p_rand"), 1e-9);
    EXPECT_NEAR(r.pNormality, ref.globals.at("p_norm"), 1e-9);
}

TEST(StatsVsSpdep, LocalMoran) {
    const auto ref = load();
    const auto r = core::localMoran(ref.columns.at("rate"), queen().rowStandardized(), analytic());
    expectAll(r.i, ref.columns.at("lisa_i"), 1e-6, "Ii");
    expectAll(r.expected, ref.columns.at("lisa_e"), 1e-6, "E[Ii]");
    expectAll(r.variance, ref.columns.at("lisa_var"), 1e-6, "Var[Ii]");
    expectAll(r.z, ref.columns.at("lisa_z"), 1e-6, "z");
}

TEST(StatsVsSpdep, GetisOrdGiStar) {
    const auto ref = load();
    const auto r = core::getisOrdGiStar(ref.columns.at("rate"), queen(), analytic());
    expectAll(r.z, ref.columns.at("gi_star_z"), 1e-6, "Gi*");
    expectAll(core::getisOrdGiZ(ref.columns.at("rate"), queen()), ref.columns.at("gi_z"), 1e-6, "Gi");
}

TEST(StatsVsSpdep, EmpiricalBayesRatesAndEbMoran) {
    const auto ref = load();
    const auto& cases = ref.columns.at("cases");
    const auto& pop = ref.columns.at("population");
    expectAll(core::rawRatePer1000(cases, pop), ref.columns.at("rate"), 1e-9, "raw rate");
    expectAll(core::empiricalBayesPer1000(cases, pop), ref.columns.at("eb_rate"), 1e-6, "EB");
    expectAll(core::spatialEmpiricalBayesPer1000(cases, pop, queen()), ref.columns.at("seb_rate"), 1e-6, "SEB");
    const auto eb = core::globalMoran(core::assuncaoReisZ(cases, pop), queen().rowStandardized(), analytic());
    EXPECT_NEAR(eb.i, ref.globals.at("eb_moran_i"), 1e-9);
}

TEST(WeightsIo, GalAndGwtRoundTrip) {
    test::TempDir dir;
    const auto w = queen();
    std::vector<std::string> ids;
    for (int i = 1; i <= 100; ++i) ids.push_back(std::to_string(i));
    gis::writeGal(dir / "q.gal", w, ids, "sids", "id");
    EXPECT_EQ(core::Weights::fromNeighbours(gis::readGal(dir / "q.gal", ids)).neighbourLists(), w.neighbourLists());
    const auto rs = w.rowStandardized();
    gis::writeGwt(dir / "q.gwt", rs, ids, "sids", "id");
    const auto back = gis::readGwt(dir / "q.gwt", ids);
    ASSERT_EQ(back.links(), rs.links());
    for (std::size_t i = 0; i < back.size(); ++i)
        for (std::size_t k = 0; k < back.degree(i); ++k) EXPECT_DOUBLE_EQ(back.weightsBegin(i)[k], rs.weightsBegin(i)[k]);
    test::writeFile(dir / "bad.gal", "100\n1 2\n2\n");
    EXPECT_THROW(gis::readGal(dir / "bad.gal", ids), InputError);
    test::writeFile(dir / "short.gwt", "0 99 sids id\n1 2 1\n");  // header count differs from the layer
    EXPECT_THROW(gis::readGwt(dir / "short.gwt", ids), InputError);
}
