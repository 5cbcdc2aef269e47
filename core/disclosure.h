#pragma once
// One disclosure policy for every output (docs/privacy.md): small-count
// suppression with complementary (secondary) suppression, so that no withheld
// count can be recovered from published totals or margins.
#include <cstdint>
#include <string>
#include <vector>

#include "core/table.h"

namespace wardscope::core {

enum class DisclosureMode { Shared, Internal };
std::string_view disclosureModeName(DisclosureMode mode);  // "shared" / "internal"

struct DisclosurePolicy {
    DisclosureMode mode = DisclosureMode::Shared;
    std::int64_t minCount = 5;  ///< non-zero counts below this are withheld
    void validate() const;      ///< throws UsageError
};

/// A linear constraint a reader could use: total = sum of parts, all in one row
/// (e.g. cases = cases_male + cases_female + cases_sex_unknown).
struct RowPartition {
    std::string total;
    std::vector<std::string> parts;
};

/// What the suppression of a ward table needs to know about its columns.
struct SuppressionSpec {
    std::vector<std::string> counts;              ///< columns holding counts of children or households
    std::vector<RowPartition> partitions;         ///< row margins that are published
    std::vector<std::string> publishedColumnTotals;  ///< counts whose sum over wards is published
    /// Columns derived from counts (rates, densities, EB rates): withheld when any
    /// of their source counts is withheld in the row.
    std::vector<std::pair<std::string, std::vector<std::string>>> derived;
};

struct SuppressionReport {
    std::size_t primary = 0;
    std::size_t secondary = 0;
    std::size_t derived = 0;
};

/// In shared mode: withholds every non-zero count below minCount (primary), then
/// repeatedly withholds the smallest non-zero other cell of any published row
/// margin or column total that has exactly one withheld cell (secondary), then
/// the derived columns. Internal mode changes nothing. Cells become Suppressed.
SuppressionReport applyDisclosure(Table& table, const DisclosurePolicy& policy, const SuppressionSpec& spec);

/// The specification of the ward table of `analyze` (docs/privacy.md).
SuppressionSpec wardTableSuppressionSpec(const Table& table);

/// Density surfaces for sharing (the density issue applies this): with a kernel
/// of radius `bandwidthMeters`, a case whose circle holds fewer than minCount - 1
/// other cases shows on its own. Points are in a metric CRS.
struct BandwidthCheck {
    std::size_t casesShownAlone = 0;     ///< cases with < minCount - 1 others within the bandwidth
    double smallestSafeBandwidth = 0;    ///< when unsafe: the smallest radius that shows no case alone (infinity with fewer than minCount points); 0 when safe
    [[nodiscard]] bool safe() const { return casesShownAlone == 0; }
    /// "bandwidth 250 m shows 12 cases on their own; use at least 830 m for shared outputs"
    [[nodiscard]] std::string warning(double bandwidthMeters) const;
};
BandwidthCheck checkDensityBandwidth(const std::vector<std::pair<double, double>>& points, double bandwidthMeters,
                                     std::int64_t minCount);

/// Per row: the names of the withheld columns, comma-separated ("" if none).
std::vector<std::string> suppressedColumnsPerRow(const Table& table);

}  // namespace wardscope::core
