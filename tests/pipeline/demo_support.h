#pragma once
// The synthetic Hai Phong demo records, for pipeline and viewer tests (synth is
// deterministic: seed 2025 gives the demo's records).
#include <filesystem>

#include "../gis/test_support.h"
#include "core/progress.h"
#include "gis/pipeline.h"

namespace wardscope::test {

/// Writes synthetic_cases.csv, synthetic_survey.csv and the messy sample to `dir`.
inline gis::SynthResultSummary synthDemo(const std::filesystem::path& dir, std::uint64_t seed = 2025) {
    gis::SynthRequest synth;
    synth.wards.path = bundledWards();
    synth.wards.idField = "code";
    synth.seed = seed;
    synth.outDir = dir;
    core::NullProgress progress;
    return gis::runSynth(synth, progress);
}

/// An analyze request for the bundled wards and a synthetic case file in `synthDir`.
inline gis::AnalyzeRequest demoRequest(const std::filesystem::path& synthDir, const std::filesystem::path& out,
                                       bool withSurvey) {
    gis::AnalyzeRequest r;
    r.wards.path = bundledWards();
    r.wards.idField = "code";
    r.cases.path = (synthDir / "synthetic_cases.csv").string();
    if (withSurvey) r.survey = gis::RecordInput{(synthDir / "synthetic_survey.csv").string(), "EPSG:4326", {}};
    r.outDir = out;
    r.asOf = "2025-12-31";
    return r;
}

}  // namespace wardscope::test
