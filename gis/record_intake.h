#pragma once
// Reading one record file into per-ward totals: parse, join, de-duplicate,
// aggregate, and write every rejected row to the input's reject file.
//
// CSV files are split into blocks at row boundaries and parsed and joined by
// several threads; blocks are merged in file order, so the result (including
// which of two duplicate ids is kept: the first) is the same at any thread count.
#include <filesystem>
#include <string>
#include <vector>

#include "core/aggregate.h"
#include "core/date.h"
#include "core/geometry.h"
#include "core/progress.h"
#include "core/records.h"
#include "gis/pipeline.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

struct IntakeOptions {
    core::RecordKind kind = core::RecordKind::Case;
    core::Date asOf;
    double toleranceMeters = 50;
    std::filesystem::path rejectFile;  ///< empty: do not write one
    unsigned threads = 0;              ///< 0: hardware concurrency
    bool rejectRows = true;            ///< false (shared mode): reject files hold no row text or values
    /// When set, receives the point (ward layer CRS), ward and weight of every
    /// accepted record that has coordinates, in file order (geomasked exports,
    /// density surfaces). The weight is `weightField`'s value, else 1 for a case
    /// and children_5_17 for a survey record.
    std::vector<core::JoinedPoint>* acceptedPoints = nullptr;
    /// A numeric column to weight each record by (header matched as the column
    /// mapping matches headers); rows where it is not a finite number >= 0 are
    /// rejected as invalid_weight.
    std::string weightField;
    /// Fill InputReport::sha256 from the bytes as they are read (for a manifest).
    bool hashInput = false;
};

InputReport readRecords(const RecordInput& input, const WardLayer& wards, const IntakeOptions& options,
                        core::Aggregator& aggregator, std::vector<std::string>& warnings, core::Progress& progress);

}  // namespace wardscope::gis
