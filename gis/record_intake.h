#pragma once
// Reading one record file into per-ward totals: parse, join, de-duplicate,
// aggregate, and write every rejected row to the input's reject file.
//
// CSV files are split into blocks at row boundaries and parsed and joined by
// several threads; blocks are merged in file order, so the result (including
// which of two duplicate ids is kept: the first) is the same at any thread count.
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/aggregate.h"
#include "core/date.h"
#include "core/geometry.h"
#include "core/progress.h"
#include "core/records.h"
#include "core/sectors.h"
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
    /// How sector texts map to sectors; null: the built-in dictionary.
    std::shared_ptr<const core::SectorDictionary> sectors;
};

/// The ward layer to join to, loaded or still loading on another thread
/// (runAnalyze reads it while the first blocks of records are parsed: rows need
/// the layer only when they are joined). get() waits for it and rethrows the
/// error that stopped it loading.
class PendingWardLayer {
public:
    PendingWardLayer(const WardLayer& loaded) : m_loaded(&loaded) {}  // NOLINT: a loaded layer is a pending one
    explicit PendingWardLayer(std::shared_future<WardLayer> loading) : m_loading(std::move(loading)) {}
    [[nodiscard]] const WardLayer& get() const { return m_loaded ? *m_loaded : m_loading.get(); }

private:
    const WardLayer* m_loaded = nullptr;
    std::shared_future<WardLayer> m_loading;
};

/// Reads, joins and counts one input into `aggregator` (made as large as the
/// layer's ward list when it is smaller); rejected rows go to the reject file.
InputReport readRecords(const RecordInput& input, const PendingWardLayer& wards, const IntakeOptions& options,
                        core::Aggregator& aggregator, std::vector<std::string>& warnings, core::Progress& progress);

}  // namespace wardscope::gis
