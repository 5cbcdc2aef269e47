#pragma once
// GDAL-style progress on stderr: "0...10...20...30...40...50...60...70...80...90...100 - done."
#include <cstdio>
#include <string_view>

#include "core/progress.h"

namespace wardscope::cli {

class TerminalProgress final : public core::Progress {
public:
    explicit TerminalProgress(bool quiet) : m_quiet(quiet) {}
    void update(double fraction, std::string_view) override {
        if (m_quiet) return;
        const int step = static_cast<int>(fraction * 40.0 + 1e-9);  // 2.5 % ticks
        while (m_printed < step && m_printed < 40) {
            ++m_printed;
            if (m_printed % 4 == 0) {
                std::fprintf(stderr, "%d", m_printed / 4 * 10);
            } else {
                std::fputc('.', stderr);
            }
        }
        if (m_printed >= 40 && !m_done) {
            std::fputs(" - done.\n", stderr);
            m_done = true;
        }
        std::fflush(stderr);
    }

private:
    bool m_quiet;
    int m_printed = 0;
    bool m_done = false;
};

}  // namespace wardscope::cli
