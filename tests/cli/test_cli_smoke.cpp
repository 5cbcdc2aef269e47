// Smoke tests of the wardscope executable: exit codes and an end-to-end run.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

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

    const auto stats = run("stats -q --wards " + (dir / "o/wards.gpkg").string() +
                           ":wards --id ward_code --count cases --population population --weights knn:5 "
                           "--permutations 499 --seed 3 --out " + (dir / "hot.geojson").string() +
                           " --summary " + (dir / "hot.json").string());
    EXPECT_EQ(stats.exitCode, 0) << stats.output;
    EXPECT_NE(stats.output.find("Moran's I of rate_per_1000"), std::string::npos);
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
