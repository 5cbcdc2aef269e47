#pragma once
// Choropleth classification (docs/methods.md, "Map classification"): quantiles,
// equal intervals, natural breaks (Jenks), standard deviations and custom breaks.
// Classes are (b[i-1], b[i]] with the first class closed at the minimum; a value
// above the last break (custom breaks) falls in the last class.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wardscope::core {

enum class ClassScheme { Quantile, EqualInterval, NaturalBreaks, StdDev, Custom };

/// "quantile", "equal", "jenks", "stddev", "custom" -> scheme; throws UsageError.
ClassScheme parseClassScheme(std::string_view name);
std::string_view classSchemeName(ClassScheme scheme);

struct Classification {
    ClassScheme scheme = ClassScheme::Quantile;
    double min = 0, max = 0;
    std::vector<double> upper;         ///< each class's upper bound, ascending; upper.back() == max (except stddev)
    std::vector<std::size_t> counts;   ///< values per class
    [[nodiscard]] std::size_t classes() const { return upper.size(); }
    /// Class index of a value (0-based); values above the last bound go to the last class.
    [[nodiscard]] std::size_t classOf(double v) const;
    /// "12.5 – 30" style label of class i (lower bound exclusive except the first).
    [[nodiscard]] std::string label(std::size_t i, int decimals = -1) const;
    [[nodiscard]] double lower(std::size_t i) const { return i == 0 ? min : upper[i - 1]; }
};

/// Classifies the finite values (NaN are ignored: no data). `classes` 3-9 is
/// what the viewer offers; any k >= 1 works. With fewer distinct values than
/// classes each distinct value is its own class; duplicate quantile breaks
/// (ties) are merged, so there may be fewer classes than asked. `customBreaks`
/// are the upper bounds of all classes but the last (Custom only).
Classification classify(const std::vector<double>& values, ClassScheme scheme, std::size_t classes,
                        const std::vector<double>& customBreaks = {});

/// Fisher's exact optimal partition of sorted values into k groups minimising the
/// within-group sum of squares (Jenks natural breaks); returns each group's
/// upper value. O(k n^2): callers sample large inputs.
std::vector<double> naturalBreaks(const std::vector<double>& sorted, std::size_t k);

}  // namespace wardscope::core
