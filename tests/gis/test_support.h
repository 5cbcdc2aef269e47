#pragma once
// Shared helpers for gis, pipeline and cli tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace wardscope::test {

inline std::filesystem::path sourceDir() { return WARDSCOPE_SOURCE_DIR; }
inline std::string bundledWards() { return (sourceDir() / "data/haiphong/wards_2025.gpkg").string() + ":wards_2025"; }
inline std::filesystem::path sharedData() { return WARDSCOPE_SHARED_DATA; }

/// A fresh temporary folder, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("wardscope-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline void writeFile(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

inline std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace wardscope::test
