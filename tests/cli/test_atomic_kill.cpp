// Atomic writes: `wardscope analyze` is killed (SIGKILL) at many moments while it
// writes its outputs; every output under its final name is then either absent or
// complete, and the next run removes the temporary files left behind.
#include <gtest/gtest.h>

#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "gis/gdal_util.h"
#include "gis/pipeline.h"
#include "../gis/test_support.h"

extern char** environ;

using namespace wardscope;

namespace {

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

/// Every final output present must be complete.
void checkComplete(const std::filesystem::path& dir, std::size_t wards) {
    if (std::filesystem::exists(dir / "wards.geojson")) {
        const auto j = nlohmann::json::parse(test::readFile(dir / "wards.geojson"));  // throws if truncated
        EXPECT_EQ(j["features"].size(), wards);
    }
    if (std::filesystem::exists(dir / "wards.gpkg")) {
        auto ds = gis::openVector((dir / "wards.gpkg").string());
        EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), static_cast<GIntBig>(wards));
    }
    if (std::filesystem::exists(dir / "wards.csv")) {
        const auto text = test::readFile(dir / "wards.csv");
        EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')), wards + 1);
    }
    for (const char* json : {"summary.json", "manifest.json"})
        if (std::filesystem::exists(dir / json)) {
            EXPECT_TRUE(nlohmann::json::accept(test::readFile(dir / json))) << json;
        }
}

}  // namespace

TEST(AtomicWrites, KilledRunsLeaveNoTruncatedOutput) {
    test::TempDir dir;
    core::NullProgress progress;
    gis::SynthRequest synth;
    synth.wards.path = test::bundledWards();
    synth.wards.idField = "code";
    synth.outDir = dir / "s";
    synth.casesScale = 20;  // a longer run
    gis::runSynth(synth, progress);
    const std::vector<std::string> command = {WARDSCOPE_CLI, "analyze", "-q", "--wards", test::bundledWards(), "--ward-id",
                                              "code", "--cases", (dir / "s/synthetic_cases.csv").string(), "--survey",
                                              (dir / "s/synthetic_survey.csv").string(), "--as-of", "2025-12-31",
                                              "--permutations", "999", "--out", (dir / "out").string()};
    // Time one complete run (into another folder), then kill runs at fractions of
    // that time, so the kills land while the outputs are written on any machine.
    auto timed = command;
    timed.back() = (dir / "timed").string();
    const auto start = std::chrono::steady_clock::now();
    {
        const pid_t pid = spawn(timed);
        int status = 0;
        waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    const double fullMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // Half the kills wait until the run has started writing its ward outputs (a
    // temporary "wards.*" file of this process appears) and then wait a little
    // more; the other half land at fractions of a complete run, in any phase.
    auto writingStarted = [&](pid_t pid) {
        const std::string tag = ".tmp-wardscope-" + std::to_string(pid) + "-";
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(dir / "out", ec)) {
            const std::string name = e.path().filename().string();
            if (name.rfind(tag, 0) == 0 && name.find("wards.") != std::string::npos) return true;
        }
        return false;
    };
    int killedWithTemporaries = 0;
    for (int attempt = 0; attempt < 12; ++attempt) {
        const pid_t pid = spawn(command);
        ASSERT_GT(pid, 0);
        int status = 0;
        bool exited = false;
        if (attempt % 2 == 0) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(fullMs * 5 + 5000));
            while (!writingStarted(pid) && std::chrono::steady_clock::now() < deadline) {
                if (waitpid(pid, &status, WNOHANG) == pid) {
                    exited = true;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
            std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(fullMs * 0.01 * attempt * 1000)));
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(fullMs * (0.30 + 0.06 * attempt) * 1000)));
        }
        if (!exited) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
        checkComplete(dir / "out", 114);
        for (const auto& e : std::filesystem::directory_iterator(dir / "out"))
            if (e.path().filename().string().rfind(".tmp-", 0) == 0) {
                ++killedWithTemporaries;
                break;
            }
    }
    RecordProperty("kills_during_writing", killedWithTemporaries);
    EXPECT_GT(killedWithTemporaries, 0) << "no kill landed while outputs were being written";
    // A complete run afterwards succeeds and clears what the killed runs left.
    const pid_t pid = spawn(command);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    checkComplete(dir / "out", 114);
    for (const auto& e : std::filesystem::directory_iterator(dir / "out"))
        EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << e.path();
    EXPECT_TRUE(std::filesystem::exists(dir / "out/wards.geojson"));
}
