#pragma once
// Wall time of consecutive pipeline stages, for summaries and manifests.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wardscope::gis {

class StageClock {
public:
    explicit StageClock(std::vector<std::pair<std::string, double>>& out) : m_out(out) {}
    void lap(const char* stage) {
        const auto now = std::chrono::steady_clock::now();
        m_out.emplace_back(stage, std::chrono::duration<double>(now - m_last).count());
        m_last = now;
    }

private:
    std::vector<std::pair<std::string, double>>& m_out;
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
};

}  // namespace wardscope::gis
