#pragma once
// Progress and cancellation for long operations (model: QgsProcessingFeedback).
#include <string_view>

namespace wardscope::core {

class Progress {
public:
    virtual ~Progress() = default;
    /// fraction in [0, 1] of the whole operation; stage names the current step.
    virtual void update(double fraction, std::string_view stage) = 0;
    /// Long loops poll this and throw wardscope::Canceled when it is true.
    [[nodiscard]] virtual bool isCanceled() const { return false; }
};

class NullProgress final : public Progress {
public:
    void update(double, std::string_view) override {}
};

/// Maps [0, 1] of a sub-step onto [begin, end] of a parent progress.
class SubProgress final : public Progress {
public:
    SubProgress(Progress& parent, double begin, double end)
        : m_parent(parent), m_begin(begin), m_end(end) {}
    void update(double fraction, std::string_view stage) override {
        m_parent.update(m_begin + (m_end - m_begin) * fraction, stage);
    }
    [[nodiscard]] bool isCanceled() const override { return m_parent.isCanceled(); }

private:
    Progress& m_parent;
    double m_begin;
    double m_end;
};

}  // namespace wardscope::core
