// Campaign siting and inspection routes through the pipeline. Routes: every stop visited once, lengths that
// add up, limits respected, and valid GeoJSON / GPX / CSV / HTML outputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "../gis/test_support.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/random.h"
#include "gis/campaign_pipeline.h"
#include "gis/rank_pipeline.h"
#include "gis/route_pipeline.h"
#include "demo_support.h"

using namespace wardscope;

namespace {

std::filesystem::path writeStops(const test::TempDir& dir, int n) {
    core::Random rng(12);
    std::string csv = "stop_id,name,lon,lat\n";
    for (int i = 0; i < n; ++i) {
        char line[160];
        std::snprintf(line, sizeof line, "S%03d,Cơ sở %d,%.5f,%.5f\n", i + 1, i + 1, rng.uniform(106.3, 106.8),
                      rng.uniform(20.7, 21.05));
        csv += line;
    }
    test::writeFile(dir / "stops.csv", csv);
    return dir / "stops.csv";
}

}  // namespace

TEST(Route, EveryStopOnceLengthsAddUpAndOutputsAreValid) {
    test::TempDir dir;
    gis::RouteRequest r;
    r.stops = writeStops(dir, 30).string();
    r.depot = "106.6881,20.8561";
    r.inspectors = 2;
    r.maxStops = 10;
    r.detour = 1.4;
    r.outDir = dir / "out";
    core::NullProgress progress;
    const auto result = gis::runRoute(r, progress);
    std::set<std::string> visited;
    double sum = 0;
    for (const auto& route : result.vrp.routes) {
        EXPECT_LE(route.stops.size(), 10u);
        for (auto s : route.stops) EXPECT_TRUE(visited.insert(result.stops[s].id).second) << result.stops[s].id;
        sum += route.length;
    }
    EXPECT_EQ(visited.size(), 30u);
    EXPECT_NEAR(result.lengthM, sum, 1e-6);
    EXPECT_NEAR(result.estimatedTravelM, sum * 1.4, 1e-6);
    EXPECT_EQ(result.metricCrs, "EPSG:3405");
    // Three routes are needed for 30 stops at 10 a route: said plainly.
    ASSERT_GE(result.vrp.routes.size(), 3u);
    EXPECT_FALSE(result.warnings.empty());

    const auto summary = nlohmann::json::parse(test::readFile(dir / "out/route_summary.json"));
    EXPECT_NEAR(summary["length_m"].get<double>(), sum, 1e-6);
    EXPECT_NEAR(summary["estimated_travel_m"].get<double>(), sum * 1.4, 1e-6);
    EXPECT_EQ(summary["routes"].size(), result.vrp.routes.size());
    const auto geo = nlohmann::json::parse(test::readFile(dir / "out/routes.geojson"));
    std::size_t lines = 0, points = 0;
    for (const auto& f : geo["features"]) {
        if (f["geometry"]["type"] == "LineString") {
            ++lines;
            const auto& c = f["geometry"]["coordinates"];
            EXPECT_EQ(c.front(), c.back());  // from the depot and back
        } else {
            ++points;
        }
    }
    EXPECT_EQ(lines, result.vrp.routes.size());
    EXPECT_EQ(points, 30u);
    const std::string gpx = test::readFile(dir / "out/routes.gpx");
    EXPECT_NE(gpx.find("<gpx version=\"1.1\""), std::string::npos);
    EXPECT_EQ(gpx.find("</gpx>"), gpx.size() - 7);
    const std::string csv = test::readFile(dir / "out/itinerary.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(1 + 30 + 2 * result.vrp.routes.size()));
    EXPECT_NE(test::readFile(dir / "out/itinerary.html").find("Cơ sở 7"), std::string::npos);  // diacritics kept

    // The depot as a stop id; a km limit; bad input.
    r.depot = "S001";
    r.maxStops = 0;
    r.maxKm = 80;
    const auto byKm = gis::runRoute(r, progress);
    EXPECT_EQ(byKm.stops.front().id, "S001");
    for (const auto& route : byKm.vrp.routes) EXPECT_LE(route.length * 1.4, 80000 * 1.0001);
    r.depot = "nowhere";
    EXPECT_THROW(gis::runRoute(r, progress), UsageError);
}

TEST(Route, StopsFileWithVietnameseHeadersGivesAPhoneItineraryInVietnamese) {
    // As an inspector's team writes it: "Mã", "Tên cơ sở", "Địa chỉ", "Kinh độ", "Vĩ độ".
    test::TempDir dir;
    test::writeFile(dir / "co_so.csv",
                    "Mã,Tên cơ sở,Địa chỉ,Kinh độ,Vĩ độ\n"
                    "CS01,Xưởng gỗ Minh Phát,\"Số 12, đường Lạch Tray\",106.6950,20.8450\n"
                    "CS02,Quán karaoke Hoa Sen,Phố Cầu Đất,106.6830,20.8600\n"
                    "CS03,Bãi rửa xe Thành Công,Đường Nguyễn Văn Linh,106.6700,20.8400\n"
                    "CS04,\"=HYPERLINK(\"\"http://x\"\")\",Phố Lạch Tray,106.6900,20.8500\n");
    gis::RouteRequest r;
    r.stops = (dir / "co_so.csv").string();
    r.depot = "106.6881,20.8561";
    r.outDir = dir / "out";
    core::NullProgress progress;
    const auto result = gis::runRoute(r, progress);
    ASSERT_EQ(result.stops.size(), 5u);
    std::set<std::string> ids;
    for (std::size_t i = 1; i < result.stops.size(); ++i) {
        ids.insert(result.stops[i].id);
        EXPECT_FALSE(result.stops[i].name.empty());
        EXPECT_FALSE(result.stops[i].address.empty());
    }
    EXPECT_EQ(ids, (std::set<std::string>{"CS01", "CS02", "CS03", "CS04"}));
    const std::string csv = test::readFile(dir / "out/itinerary.csv");
    // A name that a spreadsheet would run as a formula is written as text.
    EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://x\"\")\","), std::string::npos) << csv;
    EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",CS02,Quán karaoke Hoa Sen,Phố Cầu Đất,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"Số 12, đường Lạch Tray\""), std::string::npos) << csv;
    const std::string gpx = test::readFile(dir / "out/routes.gpx");
    EXPECT_NE(gpx.find("<name>Xưởng gỗ Minh Phát</name>"), std::string::npos);
    // The page: for a phone, in Vietnamese, a map link per stop, times.
    const std::string html = test::readFile(dir / "out/itinerary.html");
    EXPECT_NE(html.find("name=\"viewport\" content=\"width=device-width"), std::string::npos);
    EXPECT_NE(html.find("Điểm xuất phát"), std::string::npos);
    EXPECT_NE(html.find("Thanh tra viên 1 · Ngày 1"), std::string::npos);
    EXPECT_NE(html.find("Quán karaoke Hoa Sen"), std::string::npos);
    EXPECT_NE(html.find("href=\"geo:20.860000,106.683000?q=20.860000,106.683000(Qu%C3%A1n"), std::string::npos);
    EXPECT_NE(html.find(" phút"), std::string::npos);
    EXPECT_EQ(html.find("Inspection"), std::string::npos);  // no English headings
    // Travel time from the documented speed: every leg's minutes = km / speed.
    r.speedKmh = 0;
    EXPECT_THROW(gis::runRoute(r, progress), UsageError);
    r.speedKmh = 25;
    // The office given as LAT,LON, or out of range: an error, not a 16,000 km route.
    r.depot = "20.8561,106.6881";
    try {
        gis::runRoute(r, progress);
        ADD_FAILURE() << "LAT,LON accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("--depot 106.688,20.8561"), std::string::npos) << e.what();
    }
    r.depot = "200,95";
    EXPECT_THROW(gis::runRoute(r, progress), UsageError);
    r.depot = "106.6881,20.8561,5";
    EXPECT_THROW(gis::runRoute(r, progress), UsageError);
}

TEST(Route, OnARoadGridRoutesFollowTheStreetsAndAreNoShorterThanStraightLines) {
    test::TempDir dir;
    // A street grid around central Hai Phong, 0.01 degree blocks, as GeoJSON.
    std::string roads = "{\"type\":\"FeatureCollection\",\"features\":[";
    bool first = true;
    for (int i = 0; i <= 6; ++i) {
        std::string h = "[", v = "[";
        for (int j = 0; j <= 6; ++j) {
            char a[64], b[64];
            std::snprintf(a, sizeof a, "%s[%.2f,%.2f]", j ? "," : "", 106.64 + j * 0.01, 20.82 + i * 0.01);
            std::snprintf(b, sizeof b, "%s[%.2f,%.2f]", j ? "," : "", 106.64 + i * 0.01, 20.82 + j * 0.01);
            h += a;
            v += b;
        }
        for (const auto& line : {h + "]", v + "]"}) {
            roads += std::string(first ? "" : ",") + "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":" + line + "}}";
            first = false;
        }
    }
    roads += "]}";
    test::writeFile(dir / "roads.geojson", roads);
    test::writeFile(dir / "stops.csv", "stop_id,lon,lat\nA,106.66,20.84\nB,106.70,20.87\nC,106.68,20.82\nD,106.64,20.88\n");
    gis::RouteRequest r;
    r.stops = (dir / "stops.csv").string();
    r.depot = "106.64,20.82";
    r.roads = (dir / "roads.geojson").string();
    r.outDir = dir / "out";
    core::NullProgress progress;
    const auto onRoads = gis::runRoute(r, progress);
    EXPECT_TRUE(onRoads.onRoads);
    EXPECT_DOUBLE_EQ(onRoads.detour, 1.0);
    r.roads.clear();
    r.outDir = dir / "straight";
    const auto straight = gis::runRoute(r, progress);
    EXPECT_GE(onRoads.lengthM, straight.lengthM);
    // Every vertex of the routed line lies on a street of the grid.
    const auto geo = nlohmann::json::parse(test::readFile(dir / "out/routes.geojson"));
    std::size_t vertices = 0;
    for (const auto& f : geo["features"])
        if (f["geometry"]["type"] == "LineString")
            for (const auto& c : f["geometry"]["coordinates"]) {
                const double lon = c[0].get<double>(), lat = c[1].get<double>();
                const double fx = std::abs(lon * 100 - std::round(lon * 100)), fy = std::abs(lat * 100 - std::round(lat * 100));
                EXPECT_TRUE(fx < 1e-3 || fy < 1e-3) << lon << "," << lat;
                ++vertices;
            }
    EXPECT_GT(vertices, 8u);  // more than the stops: it turns at the crossings
    const auto summary = nlohmann::json::parse(test::readFile(dir / "out/route_summary.json"));
    EXPECT_EQ(summary["distance"], "along the road network");
}

TEST(Campaign, SitesOnTheDemoSurveyAreNearTheProvenOptimumAndHoldNoHousehold) {
    test::TempDir dir;
    test::synthDemo(dir / "s");
    gis::CampaignRequest r;
    r.wards.path = test::bundledWards();
    r.wards.idField = "code";
    r.demand.path = (dir / "s/synthetic_survey.csv").string();
    r.weightField = "children_working";
    r.k = 6;
    r.radiusMeters = 4000;
    r.exact = "yes";
    r.asOf = "2025-12-31";
    r.outDir = dir / "campaign";
    core::NullProgress progress;
    const auto result = gis::runCampaign(r, progress);
    ASSERT_EQ(result.sites.size(), 6u);
    ASSERT_TRUE(result.exactCovered);
    EXPECT_LE(result.solution.covered, *result.exactCovered + 1e-9);
    EXPECT_GE(result.solution.covered, 0.98 * *result.exactCovered);
    EXPECT_EQ(result.candidates, 114u);  // the wards' representative points
    const auto sites = nlohmann::json::parse(test::readFile(dir / "campaign/campaign_sites.geojson"));
    ASSERT_EQ(sites["features"].size(), 6u);
    double sum = 0;
    for (const auto& f : sites["features"]) sum += f["properties"]["covered_only_here"].get<double>();
    EXPECT_LE(sum, result.solution.covered + 1e-6);
    const auto summary = nlohmann::json::parse(test::readFile(dir / "campaign/campaign_summary.json"));
    EXPECT_NEAR(summary["covered"].get<double>(), result.solution.covered, 1e-6);
    EXPECT_LE(summary["gap_to_optimum"].get<double>(), 0.02);
    // The accepted + rejected survey rows add up, and no household point is written.
    EXPECT_EQ(result.inputs[0].accepted + result.inputs[0].rejected, result.inputs[0].rowsRead);
    const std::string survey = test::readFile(dir / "s/synthetic_survey.csv");
    const auto lon = survey.substr(survey.find("106.", survey.find('\n')), 10);
    EXPECT_EQ(test::readFile(dir / "campaign/campaign_sites.geojson").find(lon), std::string::npos);
}

TEST(Rank, DemoWardsRankThePlantedConcentrationsFirstWithTheirReasons) {
    test::TempDir dir;
    test::synthDemo(dir / "s");
    auto a = test::demoRequest(dir / "s", dir / "out", true);
    a.stats.permutations = 99;
    a.scan = false;
    a.density = false;
    core::NullProgress progress;
    gis::runAnalyze(a, progress);
    gis::RankRequest r;
    r.in = (dir / "out").string();
    r.outDir = dir / "rank";
    r.options.topK = 10;
    r.options.draws = 300;
    const auto result = gis::runRank(r, progress);
    ASSERT_EQ(result.wards.size(), 114u);
    bool vinhBao = false;
    for (std::size_t k = 0; k < 10; ++k) vinhBao = vinhBao || result.wards[k].code == "11824";  // the planted craft villages
    EXPECT_TRUE(vinhBao);
    EXPECT_TRUE(result.exactValues);  // the analysis re-run from its manifest
    std::size_t withheldScores = 0;
    for (const auto& w : result.wards) {
        // The contributions explain the score; a ward with an indicator computed
        // from a withheld count publishes neither that contribution nor its score.
        double sum = 0;
        std::size_t withheld = 0;
        for (double c : w.contributions) std::isfinite(c) ? void(sum += c) : void(++withheld);
        if (std::isfinite(w.score))
            EXPECT_NEAR(sum, w.score, 1e-9) << w.code;
        else
            EXPECT_GT(withheld, 0u) << w.code;
        withheldScores += std::isfinite(w.score) ? 0 : 1;
    }
    EXPECT_GT(withheldScores, 0u);
    EXPECT_LT(withheldScores, 114u);
    const std::string csv = test::readFile(dir / "rank/ranks.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 115);
    EXPECT_NE(csv.find("contribution_gi_star_z"), std::string::npos);
    EXPECT_THROW(gis::parseIndicatorWeights("cases=-1"), UsageError);

    // Weights from a project file's [rank] section.
    test::writeFile(dir / "p.toml", "[rank]\nnormalise = \"minmax\"\ntop = 5\n[rank.weights]\ncases = 2.0\ngi_star_z = 1.0\n");
    gis::RankRequest fromProject;
    gis::readRankProject(dir / "p.toml", fromProject);
    ASSERT_EQ(fromProject.indicators.size(), 2u);
    EXPECT_EQ(fromProject.options.topK, 5u);
    EXPECT_EQ(fromProject.options.normalisation, core::Normalisation::MinMax);
    test::writeFile(dir / "bad.toml", "[rank.weights]\ncases = -1\n");
    EXPECT_THROW(gis::readRankProject(dir / "bad.toml", fromProject), InputError);
    // Priority-weighted campaign demand: households weighted by their ward's score.
    const auto scores = gis::readRankScores(dir / "rank/ranks.csv");
    EXPECT_EQ(scores.size(), 114u);
    gis::CampaignRequest camp;
    camp.wards.path = test::bundledWards();
    camp.wards.idField = "code";
    camp.demand.path = (dir / "s/synthetic_survey.csv").string();
    camp.priority = dir / "rank/ranks.csv";
    camp.k = 3;
    camp.radiusMeters = 3000;
    camp.exact = "no";
    camp.asOf = "2025-12-31";
    camp.outDir = dir / "campaign";
    const auto weighted = gis::runCampaign(camp, progress);
    camp.priority.clear();
    const auto plain = gis::runCampaign(camp, progress);
    EXPECT_LT(weighted.solution.total, plain.solution.total);  // scores are at most 1

    // An inspection route through the 5 wards with the highest Gi* z.
    gis::RouteRequest route;
    route.topWards = (dir / "out").string();
    route.topBy = "gi_star_z";
    route.topCount = 5;
    route.depot = "106.6881,20.8561";
    route.outDir = dir / "routes";
    const auto routed = gis::runRoute(route, progress);
    EXPECT_EQ(routed.stops.size(), 6u);  // depot + 5 wards
    // Each ward by its name, at its administrative office from the boundary
    // layer the analysis read (its manifest), with the reason it is listed.
    for (std::size_t i = 1; i < routed.stops.size(); ++i) {
        const auto& s = routed.stops[i];
        EXPECT_EQ(s.name.rfind("Phường ", 0) == 0 || s.name.rfind("Xã ", 0) == 0 || s.name.rfind("Đặc khu ", 0) == 0, true)
            << s.id << " '" << s.name << "'";
        EXPECT_FALSE(s.address.empty()) << s.id;
        EXPECT_NE(s.reason.find("Gi*"), std::string::npos) << s.reason;
        EXPECT_NE(s.reason.find("z = "), std::string::npos) << s.reason;
    }
    const std::string itinerary = test::readFile(dir / "routes/itinerary.csv");
    EXPECT_NE(itinerary.find(routed.stops[1].name), std::string::npos);
    EXPECT_NE(itinerary.find(routed.stops[1].address), std::string::npos);
    route.stops = "also.csv";
    EXPECT_THROW(gis::runRoute(route, progress), UsageError);  // one source of stops
    EXPECT_EQ(gis::parseIndicatorWeights("cases,gi_star_z=0.5").size(), 2u);
}

TEST(Route, AStopsFileWithTheWardsFlagsTheLegsToAnIslandAsByBoat) {
    // Workplaces in the city, on Cát Hải island (joined to the mainland by the
    // Tân Vũ - Lạch Huyện bridge: data/haiphong/road_linked_islands.csv) and on
    // Cát Bà island, in the same đặc khu but reached by boat. With --wards only
    // the legs to and from Cát Bà are boat legs, without road time.
    test::TempDir dir;
    test::writeFile(dir / "co_so.csv",
                    "Mã,Tên cơ sở,Kinh độ,Vĩ độ\n"
                    "CS01,Xưởng gỗ Minh Phát,106.6950,20.8450\n"
                    "CS02,Cơ sở chế biến hải sản Cát Hải,106.8690,20.8087\n"
                    "CS03,Nhà hàng Cát Bà,107.0200,20.7900\n");
    gis::RouteRequest r;
    r.stops = (dir / "co_so.csv").string();
    r.depot = "106.6881,20.8561";
    r.outDir = dir / "out";
    core::NullProgress progress;
    const auto plain = gis::runRoute(r, progress);
    for (const auto& s : plain.stops) EXPECT_FALSE(s.island) << s.id;  // no wards: nothing known
    r.wards.path = test::bundledWards();
    r.wards.idField = "code";
    r.outDir = dir / "out_wards";
    const auto withWards = gis::runRoute(r, progress);
    for (const auto& s : withWards.stops) {
        EXPECT_EQ(s.island, s.id == "CS03") << s.id;
        EXPECT_FALSE(s.ward.empty()) << s.id;
    }
    const std::string csv = test::readFile(dir / "out_wards/itinerary.csv");
    std::size_t boatLegs = 0;
    for (std::size_t at = csv.find(",yes\n"); at != std::string::npos; at = csv.find(",yes\n", at + 1)) ++boatLegs;
    EXPECT_EQ(boatLegs, 2u) << csv;  // to Cát Bà and back from it
    EXPECT_NE(test::readFile(dir / "out_wards/itinerary.html").find("đi tàu/phà"), std::string::npos);
    r.topWards = "x";
    EXPECT_THROW(gis::runRoute(r, progress), UsageError);  // --wards is for --stops
}
