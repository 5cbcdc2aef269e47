// The malformed-input corpus (tests/data/bad/, written by scripts/make_bad_corpus.py):
// every file ends in a clear error naming it, or in reject entries, never in a
// crash, and accepted + rejected = rows read.
#include <gtest/gtest.h>

#include <map>

#include "core/csv_reader.h"
#include "core/error.h"
#include "gis/pipeline.h"
#include "../gis/test_support.h"

using namespace wardscope;

namespace {

struct Entry {
    std::string file, kind, expect;
};

std::vector<Entry> corpus() {
    std::ifstream in(test::sourceDir() / "tests/data/bad/expected.csv", std::ios::binary);
    core::CsvReader reader(in);
    core::CsvRow row;
    reader.next(row);
    std::vector<Entry> out;
    while (reader.next(row)) out.push_back({std::string(row.fields[0]), std::string(row.fields[1]), std::string(row.fields[2])});
    return out;
}

std::map<std::string, std::int64_t> parseReasons(const std::string& spec) {
    std::map<std::string, std::int64_t> out;
    std::size_t start = 0;
    while (start < spec.size()) {
        const auto end = spec.find(';', start);
        const std::string item = spec.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const auto eq = item.find('=');
        out[item.substr(0, eq)] = std::stoll(item.substr(eq + 1));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

class BadCorpus : public ::testing::TestWithParam<Entry> {
protected:
    static void SetUpTestSuite() {
        s_dir = new test::TempDir();
        // Files that are not committed: a directory, a 10 MB line, a missing file.
        std::filesystem::create_directories(s_dir->path() / "a_directory.csv");
        const std::string header = "case_id,detected_on,sex,age,sector,hazardous,status,ward_code,ward_name,lon,lat\n";
        const std::string good = "B1,2024-03-15,M,12,x,no,x,11383,,106.684,20.843\n";
        test::writeFile(s_dir->path() / "long_line_10mb.csv",
                        header + good + "B2,2024-03-15,M,12," + std::string(10 << 20, 'x') +
                            ",no,x,11383,,106.684,20.843\nB3,2024-03-15,M,12,x,no,x,11383,,106.684,20.843\n");
        test::writeFile(s_dir->path() / "point_cases.csv", header + "P1,2024-03-15,F,14,x,no,x,,,106.685,20.845\n");
    }
    static void TearDownTestSuite() { delete s_dir; }
    static std::string pathOf(const std::string& file) {
        for (const char* generated : {"a_directory.csv", "long_line_10mb.csv", "no_such_file.csv"})
            if (file == generated) return (s_dir->path() / file).string();
        return (test::sourceDir() / "tests/data/bad" / file).string();
    }
    static test::TempDir* s_dir;
};
test::TempDir* BadCorpus::s_dir = nullptr;

}  // namespace

TEST(BadCorpusSize, AtLeastFiftyMalformedInputs) { EXPECT_GE(corpus().size(), 50u); }

TEST_P(BadCorpus, EndsInAClearErrorOrRejectEntries) {
    const Entry& e = GetParam();
    gis::AnalyzeRequest r;
    r.wards.path = test::bundledWards();
    r.wards.idField = "code";
    r.cases.path = pathOf(e.file);
    r.asOf = "2025-12-31";
    r.outDir = s_dir->path() / ("out_" + e.file);
    r.stats.permutations = 99;
    if (e.kind == "survey") {
        r.survey = gis::RecordInput{pathOf(e.file), "EPSG:4326", {}};
        r.cases.path = (s_dir->path() / "point_cases.csv").string();
    } else if (e.kind == "wards") {
        r.wards.path = pathOf(e.file);
        r.cases.path = (s_dir->path() / "point_cases.csv").string();
        if (e.file.find("zero_population") != std::string::npos) r.wards.populationField = "pop";
    }
    core::NullProgress progress;
    const std::string kind = e.expect.substr(0, e.expect.find(':'));
    const std::string arg = e.expect.find(':') == std::string::npos ? "" : e.expect.substr(e.expect.find(':') + 1);
    try {
        const auto result = gis::runAnalyze(r, progress);
        ASSERT_NE(kind, "error") << e.file << " should have stopped with: " << arg;
        for (const auto& in : result.inputs) EXPECT_EQ(in.accepted + in.rejected, in.rowsRead) << e.file;
        const auto& in = e.kind == "survey" ? result.inputs.at(1) : result.inputs.at(0);
        if (kind == "ok") {
            EXPECT_EQ(in.accepted, std::stoll(arg)) << e.file;
            EXPECT_EQ(in.rejected, 0) << e.file;
        } else if (kind == "rejects") {
            std::map<std::string, std::int64_t> got(in.rejectReasons.begin(), in.rejectReasons.end());
            EXPECT_EQ(got, parseReasons(arg)) << e.file;
        } else if (kind == "ward-warning") {
            bool found = arg.empty();
            for (const auto& w : result.warnings) found = found || w.find(arg) != std::string::npos;
            EXPECT_TRUE(found) << e.file << ": no warning containing '" << arg << "'";
        }
    } catch (const Error& err) {
        const std::string message = err.what();
        ASSERT_EQ(kind, "error") << e.file << " failed unexpectedly: " << message;
        EXPECT_NE(message.find(arg), std::string::npos) << e.file << ": " << message;
        EXPECT_NE(message.find(std::filesystem::path(e.file).filename().string()), std::string::npos)
            << "the message must name the file: " << message;
    }
}

INSTANTIATE_TEST_SUITE_P(Files, BadCorpus, ::testing::ValuesIn(corpus()), [](const auto& testInfo) {
    std::string name = testInfo.param.file;
    for (auto& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
});
