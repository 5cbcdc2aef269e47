// Smoke tests of the wardscope executable: exit codes and an end-to-end run.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "../gis/test_support.h"

namespace {

struct Run {
    int exitCode;
    std::string output;
};

/// A shell command line, with its output (stdout and stderr).
Run runShell(const std::string& commandLine) {
    const std::string cmd = commandLine + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

Run run(const std::string& args) { return runShell(std::string(WARDSCOPE_CLI) + " " + args); }

}  // namespace

TEST(Cli, HelpListsCommandsAndExitCodes) {
    const auto r = run("--help");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("analyze"), std::string::npos);
    EXPECT_NE(r.output.find("synth"), std::string::npos);
    EXPECT_NE(r.output.find("Exit codes"), std::string::npos);
    EXPECT_NE(run("analyze --help").output.find("Examples:"), std::string::npos);
}

TEST(Cli, ExitCodes) {
    EXPECT_EQ(run("").exitCode, 2);
    EXPECT_EQ(run("analyze --bogus").exitCode, 2);
    EXPECT_EQ(run("analyze --wards x.gpkg --ward-id code --out /tmp/x").exitCode, 2);  // no --cases
    wardscope::test::TempDir dir;
    const auto missing = run("analyze -q --wards " + wardscope::test::bundledWards() +
                             " --ward-id code --cases " + (dir / "none.csv").string() + " --out " + (dir / "o").string());
    EXPECT_EQ(missing.exitCode, 3);
    EXPECT_NE(missing.output.find("none.csv: no such file"), std::string::npos);
}

TEST(Cli, SynthThenAnalyzePrintsTheWardSummary) {
    wardscope::test::TempDir dir;
    const std::string wards = wardscope::test::bundledWards();
    ASSERT_EQ(run("synth -q --wards " + wards + " --ward-id code --seed 7 --out " + (dir / "s").string()).exitCode, 0);
    const auto r = run("analyze -q --wards " + wards + " --ward-id code --cases " +
                       (dir / "s/synthetic_cases.csv").string() + " --survey " +
                       (dir / "s/synthetic_survey.csv").string() + " --as-of 2025-12-31 --out " + (dir / "o").string());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Top wards by cases"), std::string::npos);
    EXPECT_NE(r.output.find("Top wards by rate"), std::string::npos);
    EXPECT_NE(r.output.find("Phường"), std::string::npos);  // diacritics intact
    EXPECT_TRUE(std::filesystem::exists(dir / "o/wards.geojson"));

    // A survey as ward offices send it, joined by ward code without
    // coordinates: the relative-risk surface falls back to each ward's surveyed
    // children spread over the ward, and says so (was: exit 3).
    {
        std::istringstream survey(wardscope::test::readFile(dir / "s/synthetic_survey.csv"));
        std::string line, noCoordinates;
        for (bool header = true; std::getline(survey, line); header = false) {
            std::vector<std::string> f;
            std::istringstream fields(line);
            for (std::string v; std::getline(fields, v, ',');) f.push_back(v);
            if (f.size() < 6 || (!header && f[2].empty())) continue;
            f.erase(f.begin() + 4, f.begin() + 6);  // lon, lat
            for (std::size_t k = 0; k < f.size(); ++k) noCoordinates += (k ? "," : "") + f[k];
            noCoordinates += "\n";
        }
        wardscope::test::writeFile(dir / "survey_by_ward.csv", noCoordinates);
    }
    const auto byWard = run("analyze -q --wards " + wards + " --ward-id code --cases " +
                            (dir / "s/synthetic_cases.csv").string() + " --survey " + (dir / "survey_by_ward.csv").string() +
                            " --as-of 2025-12-31 --no-scan --permutations 99 --out " + (dir / "w").string());
    EXPECT_EQ(byWard.exitCode, 0) << byWard.output;
    EXPECT_NE(byWard.output.find("the survey records have no coordinates"), std::string::npos) << byWard.output;
    EXPECT_NE(byWard.output.find("and relative risk"), std::string::npos) << byWard.output;
    EXPECT_TRUE(std::filesystem::exists(dir / "w/density.tif"));

    // A planner with case lists only: rates and hot spots on the estimate of
    // children 5-17 bundled beside the wards, labelled as such in every output.
    const auto caseOnly = run("analyze -q --wards " + wards + " --ward-id code --cases " +
                              (dir / "s/synthetic_cases.csv").string() + " --as-of 2025-12-31 --no-scan --no-density " +
                              "--permutations 99 --out " + (dir / "c").string());
    EXPECT_EQ(caseOnly.exitCode, 0) << caseOnly.output;
    EXPECT_NE(caseOnly.output.find("ESTIMATED from the census"), std::string::npos) << caseOnly.output;
    EXPECT_NE(caseOnly.output.find("Hot spots (Getis-Ord Gi*"), std::string::npos) << caseOnly.output;
    const std::string caseOnlyCsv = wardscope::test::readFile(dir / "c/wards.csv");
    EXPECT_NE(caseOnlyCsv.find(",population_source,"), std::string::npos);
    EXPECT_NE(caseOnlyCsv.find(",estimate,"), std::string::npos);
    EXPECT_NE(wardscope::test::readFile(dir / "c/summary.json").find("\"population_source\": \"estimate: "),
              std::string::npos);
    EXPECT_NE(wardscope::test::readFile(dir / "c/wards.geojson").find("\"population_source\": \"estimate\""),
              std::string::npos);

    const auto stats = run("stats -q --wards " + (dir / "o/wards.gpkg").string() +
                           ":wards --id ward_code --count cases --population population --weights knn:5 "
                           "--permutations 499 --seed 3 --out " + (dir / "hot.geojson").string() +
                           " --summary " + (dir / "hot.json").string());
    EXPECT_EQ(stats.exitCode, 0) << stats.output;
    EXPECT_NE(stats.output.find("Moran's I of eb_rate_per_1000"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir / "hot.geojson"));
    EXPECT_EQ(run("stats -q --wards " + (dir / "o/wards.gpkg").string() + " --id ward_code --weights hex").exitCode, 2);
    const auto scan = run("scan -q --wards " + (dir / "o/wards.gpkg").string() +
                          ":wards --id ward_code --count cases --population population --replications 99 --seed 2 --out " +
                          (dir / "scan.geojson").string() + " --summary " + (dir / "scan.json").string());
    EXPECT_EQ(scan.exitCode, 0) << scan.output;
    EXPECT_NE(scan.output.find("cluster(s)"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir / "scan.geojson"));
    EXPECT_EQ(run("scan -q --wards x.gpkg --id a --count b --population c --max-population-share 0.9").exitCode, 2);
    EXPECT_EQ(run("stats -q --wards " + (dir / "o/wards.gpkg").string() +
                  " --id ward_code --count cases --population population --permutations 100000").exitCode, 2);

    // A meeting map of the analysis, without a window.
    const auto map = run("map --in " + (dir / "o").string() + " --field rate_per_1000 --classes 5 --scheme jenks " +
                         "--title \"Tỷ lệ trên 1.000 trẻ\" --layers hotspots,scan --size 900x600 --out " +
                         (dir / "map.png").string());
    EXPECT_EQ(map.exitCode, 0) << map.output;
    EXPECT_NE(map.output.find("5 classes (jenks)"), std::string::npos) << map.output;
    EXPECT_NE(map.output.find("Suppressed"), std::string::npos);
    const std::string png = wardscope::test::readFile(dir / "map.png");
    ASSERT_GT(png.size(), 24u);
    EXPECT_EQ(png.substr(1, 3), "PNG");
    EXPECT_EQ(run("map --in " + (dir / "o").string() + " --field nope --out " + (dir / "x.png").string()).exitCode, 2);
    EXPECT_EQ(run("map --in " + (dir / "o").string() + " --out " + (dir / "x.bmp").string()).exitCode, 2);

    // An output folder that cannot be made (under a file) is an output error,
    // exit 4, in every command; never an internal error.
    wardscope::test::writeFile(dir / "blocker", "a file, not a folder");
    const std::string blocked = (dir / "blocker/out").string();
    for (const std::string& command :
         {"rank -q --in " + (dir / "o").string() + " --out " + blocked,
          "route -q --top-wards " + (dir / "o").string() + " --top 3 --depot 106.6881,20.8561 --out " + blocked,
          "campaign -q --wards " + wards + " --ward-id code --demand " + (dir / "s/synthetic_survey.csv").string() +
              " --as-of 2025-12-31 --k 2 --radius 3000 --out " + blocked,
          "analyze -q --wards " + wards + " --ward-id code --cases " + (dir / "s/synthetic_cases.csv").string() +
              " --as-of 2025-12-31 --no-stats --no-scan --no-density --out " + blocked}) {
        const auto out = run(command);
        EXPECT_EQ(out.exitCode, 4) << command << "\n" << out.output;
        EXPECT_NE(out.output.find("cannot create the output folder"), std::string::npos) << out.output;
    }
}

TEST(Cli, WardOfficeSpreadsheetAsItComes) {
    // Title block, STT, no case id, "24/01/25", "17 tuổi", a date cell, the
    // child's name, free-text jobs (tests/data/offices, scripts/make_office_xlsx.py).
    wardscope::test::TempDir dir;
    const auto r = run("analyze -q --wards " + wardscope::test::bundledWards() + " --ward-id code --cases " +
                       (wardscope::test::sourceDir() / "tests/data/offices/title_block_stt.xlsx").string() +
                       " --as-of 2026-01-31 --out " + (dir / "o").string());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("the header is sheet row 5"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("STT is not an id"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("8 rows read, 4 accepted, 4 rejected"), std::string::npos) << r.output;
    // The shared reject file names each row by its sheet row and quotes the
    // values that identify no child, so the office can fix them.
    const std::string rejects = wardscope::test::readFile(dir / "o/rejects_cases_title_block_stt.csv");
    EXPECT_NE(rejects.find(",10,impossible_date,detected_on '30/02/25' is not a calendar day"), std::string::npos) << rejects;
    EXPECT_NE(rejects.find(",11,invalid_age,age 'mười hai' is not a whole number"), std::string::npos) << rejects;
    EXPECT_NE(rejects.find(",12,empty_row,"), std::string::npos) << rejects;
    // No child's name in any output.
    for (const auto& entry : std::filesystem::directory_iterator(dir / "o")) {
        const std::string text = wardscope::test::readFile(entry.path());
        for (const char* name : {"Nguyễn Văn A", "Trần Thị B", "Hoàng Văn E", "Vũ Thị G"})
            EXPECT_EQ(text.find(name), std::string::npos) << entry.path() << " holds " << name;
    }
}

TEST(Cli, FormerWardNamesAreNeverJoinedSilently) {
    // Before 1 July 2025 "Phường An Dương" was a ward of Lê Chân, now in Phường
    // An Biên; today's Phường An Dương is 9 km away. "Phường Vĩnh Niệm" is no
    // 2025 ward: it was split between Lê Chân and An Biên.
    wardscope::test::TempDir dir;
    wardscope::test::writeFile(dir / "old.csv", "case_id,detected_on,age,ward_name\n"
                                                "A1,2024-03-01,12,Phường An Dương\n"
                                                "A2,2025-08-01,13,Phường An Dương\n"
                                                "A3,2024-03-01,14,Phường Vĩnh Niệm\n");
    const auto r = run("analyze -q --wards " + wardscope::test::bundledWards() + " --ward-id code --cases " +
                       (dir / "old.csv").string() + " --as-of 2026-01-01 --no-stats --no-scan --out " + (dir / "o").string());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("1 records dated before 1 July 2025 name their ward by a name that was then another unit's"),
              std::string::npos) << r.output;
    EXPECT_NE(r.output.find("check lines 2 (flag reused_ward_name)"), std::string::npos) << r.output;
    const std::string rejects = wardscope::test::readFile(dir / "o/rejects_cases_old.csv");
    EXPECT_NE(rejects.find(",4,former_ward_name,"), std::string::npos) << rejects;
    EXPECT_NE(rejects.find("Phường Lê Chân (11383)"), std::string::npos) << rejects;
    EXPECT_NE(rejects.find("Phường An Biên"), std::string::npos) << rejects;
}

TEST(Cli, LayerWithoutCrsMatchesSpdep) {
    // Columbus (spData, no .prj): spdep's poly2nb gives 236 queen links and
    // Moran's I of CRIME 0.500189 (tests/reference/spdep_columbus.csv).
    wardscope::test::TempDir dir;
    const auto r = run("stats -q --wards " + (wardscope::test::sourceDir() / "tests/data/columbus/columbus.shp").string() +
                       " --id POLYID --variable CRIME --weights queen --permutations 99 --summary " +
                       (dir / "s.json").string());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("weights queen: 236 links"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Moran's I of CRIME = 0.5002"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--wards-crs"), std::string::npos) << r.output;  // says why there are no areas
}

TEST(Cli, PreparedLayerCacheChangesNoOutput) {
    wardscope::test::TempDir dir;
    const std::string wards = wardscope::test::bundledWards();
    ASSERT_EQ(run("synth -q --wards " + wards + " --ward-id code --seed 3 --out " + (dir / "s").string()).exitCode, 0);
    auto analyze = [&](const std::string& env, const std::string& out, const std::string& extra = "") {
        return runShell("env " + env + " " + WARDSCOPE_CLI + " analyze -q --no-density --no-scan --wards " + wards +
                   " --ward-id code --cases " + (dir / "s/synthetic_cases.csv").string() + " --as-of 2025-12-31 " + extra +
                   " --out " + (dir / out).string())
            .exitCode;
    };
    const std::string cache = "WARDSCOPE_CACHE_DIR=" + (dir / "cache").string();
    const auto count = [](const std::filesystem::path& p) {
        std::size_t n = 0;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(p, ec)) n += e.path().extension() == ".wslayer";
        return n;
    };
    ASSERT_EQ(analyze(cache, "plain", "--no-layer-cache"), 0);
    EXPECT_EQ(count(dir / "cache"), 0u);
    ASSERT_EQ(analyze(cache, "miss"), 0);  // prepares the layer and keeps it
    EXPECT_EQ(count(dir / "cache"), 1u);
    // A miss writes its entry anew (a new file renamed into place: a new inode);
    // a hit reads it and leaves it where it is.
    const auto inode = [&] {
        for (const auto& e : std::filesystem::directory_iterator(dir / "cache")) {
            struct stat st {};
            if (e.path().extension() == ".wslayer" && ::stat(e.path().c_str(), &st) == 0) return st.st_ino;
        }
        return ino_t{0};
    };
    const ino_t written = inode();
    ASSERT_NE(written, ino_t{0});
    ASSERT_EQ(analyze(cache, "hit"), 0);  // starts from the kept layer
    EXPECT_EQ(count(dir / "cache"), 1u);
    EXPECT_EQ(inode(), written);
    for (const char* file : {"wards.csv", "wards.geojson", "summary.json"}) {
        const std::string plain = wardscope::test::readFile(dir / "plain" / file);
        EXPECT_FALSE(plain.empty()) << file;
        EXPECT_EQ(wardscope::test::readFile(dir / "miss" / file), plain) << file;
        EXPECT_EQ(wardscope::test::readFile(dir / "hit" / file), plain) << file;
    }
    // Turned off by the environment as well.
    ASSERT_EQ(analyze("WARDSCOPE_CACHE_DIR=off", "off"), 0);
    EXPECT_EQ(wardscope::test::readFile(dir / "off/wards.csv"), wardscope::test::readFile(dir / "plain/wards.csv"));
}

TEST(Cli, SectorsDictionaryManifestFromAnotherFolderAndDisclosureOverManifest) {
    // A dictionary given on the command line is used; the manifest names its
    // inputs absolutely, so it re-runs from any folder; --disclosure on the
    // command line wins over an internal manifest; --min-count 2 is refused in
    // shared mode.
    wardscope::test::TempDir dir;
    const std::string wards = wardscope::test::bundledWards();
    std::string csv = "case_id,detected_on,age,sector,ward_code\n";
    for (int k = 0; k < 6; ++k) csv += "C" + std::to_string(k) + ",2025-03-0" + std::to_string(k + 1) + ",15,bán nước mía,11629\n";
    csv += "C9,2025-03-09,15,bán nước mía,10507\n";
    wardscope::test::writeFile(dir / "cases.csv", csv);
    wardscope::test::writeFile(dir / "tu_dien.csv", "từ khóa,ngành nghề\nnước mía,restaurant\n");
    const std::string common = "analyze -q --no-stats --no-scan --no-density --wards " + wards + " --ward-id code --as-of 2025-12-31";
    const auto r = runShell("cd " + dir.path().string() + " && " + WARDSCOPE_CLI + " " + common +
                            " --cases cases.csv --sectors tu_dien.csv --disclosure internal --out out");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const std::string table = wardscope::test::readFile(dir / "out/wards.csv");
    EXPECT_NE(wardscope::test::readFile(dir / "out/summary.json").find("\"user_rules\": 1"), std::string::npos);
    const auto header = table.substr(0, table.find('\n'));
    EXPECT_NE(header.find("cases_sector_restaurant"), std::string::npos);
    // From another folder: the relative names of the run above still resolve.
    const auto again = runShell("cd / && " + std::string(WARDSCOPE_CLI) + " analyze -q --manifest " +
                                (dir / "out/manifest.json").string() + " --out " + (dir / "again").string());
    EXPECT_EQ(again.exitCode, 0) << again.output;
    EXPECT_NE(wardscope::test::readFile(dir / "again/wards.csv").find("internal"), std::string::npos);
    // Shared asked for: the internal manifest's re-run is shared, and the single case of 10507 withheld.
    const auto shared = runShell("cd / && " + std::string(WARDSCOPE_CLI) + " analyze -q --manifest " +
                                 (dir / "out/manifest.json").string() + " --disclosure shared --out " + (dir / "shared").string());
    EXPECT_EQ(shared.exitCode, 0) << shared.output;
    const std::string sharedTable = wardscope::test::readFile(dir / "shared/wards.csv");
    EXPECT_EQ(sharedTable.find("internal"), std::string::npos);
    EXPECT_NE(sharedTable.find("suppressed"), std::string::npos);
    const auto low = run(common + " --cases " + (dir / "cases.csv").string() + " --min-count 2 --out " + (dir / "low").string());
    EXPECT_EQ(low.exitCode, 2);
    EXPECT_NE(low.output.find("--min-count 2"), std::string::npos) << low.output;
    const auto missing = run(common + " --cases " + (dir / "cases.csv").string() + " --sectors " + (dir / "none.csv").string() +
                             " --out " + (dir / "m").string());
    EXPECT_EQ(missing.exitCode, 3);
    EXPECT_NE(missing.output.find("No such file"), std::string::npos) << missing.output;
}

TEST(Cli, OutputsNeverReplaceAnInputAndCleanupTouchesOnlyTheToolsOwnFiles) {
    wardscope::test::TempDir dir;
    const std::string wards = wardscope::test::bundledWards();
    std::filesystem::create_directories(dir / "out");
    // A case file called wards.csv in the output folder, and another name for it.
    const std::string cases = "case_id,detected_on,age,ward_code\nC1,2025-03-01,15,11629\nC2,2025-03-02,14,11629\n";
    wardscope::test::writeFile(dir / "out/wards.csv", cases);
    std::filesystem::create_hard_link(dir / "out/wards.csv", dir / "alias.csv");
    // A user's folder that looks like a temporary name, a planted link, and a
    // stale temporary file of a process that is gone.
    std::filesystem::create_directories(dir / "out/.tmp-2024-backup");
    wardscope::test::writeFile(dir / "out/.tmp-2024-backup/keep.txt", "mine");
    wardscope::test::writeFile(dir / "victim.txt", "do not touch");
    std::filesystem::create_symlink(dir / "victim.txt", dir / "out/.tmp-wardscope-999999-0123456789abcdef-wards.csv");
    wardscope::test::writeFile(dir / "out/.tmp-wardscope-999999-fedcba9876543210-summary.json", "stale");
    const std::string common = "analyze -q --no-stats --no-scan --no-density --wards " + wards + " --ward-id code --as-of 2025-12-31";
    for (const std::string& input : {(dir / "out/wards.csv").string(), (dir / "alias.csv").string()}) {
        const auto r = run(common + " --cases " + input + " --out " + (dir / "out").string());
        EXPECT_EQ(r.exitCode, 4) << r.output;
        EXPECT_NE(r.output.find("is an input of this run"), std::string::npos) << r.output;
        EXPECT_EQ(wardscope::test::readFile(dir / "out/wards.csv"), cases);
    }
    EXPECT_EQ(wardscope::test::readFile(dir / "out/.tmp-2024-backup/keep.txt"), "mine");
    EXPECT_EQ(wardscope::test::readFile(dir / "victim.txt"), "do not touch");
    EXPECT_TRUE(std::filesystem::is_symlink(dir / "out/.tmp-wardscope-999999-0123456789abcdef-wards.csv"));
    EXPECT_FALSE(std::filesystem::exists(dir / "out/.tmp-wardscope-999999-fedcba9876543210-summary.json"));
}
