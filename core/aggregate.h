#pragma once
// Per-ward totals of accepted case and survey records, and the derived rates.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/records.h"
#include "core/table.h"

namespace wardscope::core {

/// A ward's totals. The counters a case adds to lie in the first two cache
/// lines (the record workers add 10^6 cases to 20,000 wards in random order: each case
/// is a cache miss per line it touches; five lines with 64-bit counters, two
/// now). A ward counts at most 2^32 - 1 cases (Aggregator::addCase).
struct alignas(64) WardCounts {
    using Count = std::uint32_t;
    Count cases = 0;
    Count male = 0, female = 0, sexUnknown = 0;
    std::array<Count, 3> ageGroups{};  // 5-11, 12-14, 15-17
    /// Cases by sector (core::Sector): the low 16 bits here, in the hot lines;
    /// each wrap past 65,535 carries 65,536 into `sectorCarry`. Read them
    /// with sectorCases.
    std::array<std::uint16_t, kSectorCount> sectors{};
    Count hazardous = 0, notHazardous = 0, hazardUnknown = 0;
    /// Cases per year of detection. A programme's records span a few years:
    /// the first kInlineYears years seen are held here, in the ward's own cache
    /// lines (a separate list cost a second cache miss per record), any
    /// further ones in `moreYears`.
    static constexpr std::size_t kInlineYears = 6;
    std::array<std::int32_t, kInlineYears> inlineYears{};
    std::array<Count, kInlineYears> inlineYearCases{};
    std::uint32_t inlineYearCount = 0;
    std::vector<std::pair<int, std::int64_t>> moreYears;  ///< (year, cases), unsorted
    std::vector<std::int64_t> sectorCarry;  ///< per sector, multiples of 65,536; empty until a sector wraps
    [[nodiscard]] std::int64_t sectorCases(std::size_t sector) const {
        return sectors[sector] + (sectorCarry.empty() ? 0 : sectorCarry[sector]);
    }
    void setSectorCases(std::size_t sector, std::int64_t n);
    void carrySector(std::size_t sector);  ///< its 16-bit counter wrapped to 0
    void addYear(int year, std::int64_t n);
    [[nodiscard]] std::int64_t casesIn(int year) const;
    /// f(year, cases) for every year with cases (a year whose cases were all
    /// taken away again, Aggregator::subtract, is left out), in the order first seen.
    template <typename F>
    void forEachYear(F&& f) const {
        for (std::size_t k = 0; k < inlineYearCount; ++k)
            if (inlineYearCases[k] != 0) f(inlineYears[k], std::int64_t{inlineYearCases[k]});
        for (const auto& [year, n] : moreYears)
            if (n != 0) f(year, n);
    }

    std::int64_t households = 0;
    std::int64_t children = 0, working = 0, outOfSchool = 0;
    std::int64_t poorHouseholds = 0, migrantHouseholds = 0;
};
static_assert(offsetof(WardCounts, inlineYearCount) + sizeof(std::uint32_t) <= 128,
              "a case's counters fit in two cache lines");

class Aggregator {
public:
    explicit Aggregator(std::size_t wardCount = 0) : m_wards(wardCount) {}
    /// Makes room for wards 0..wardCount-1 (keeps what is counted).
    void ensureWards(std::size_t wardCount) {
        if (m_wards.size() < wardCount) m_wards.resize(wardCount);
    }
    /// Throws InputError past 2^32 - 1 cases in one ward (a file of some
    /// hundreds of GB; counters of 32 bits keep a ward's in two cache lines).
    void addCase(std::int32_t ward, const CaseFields& c);
    void addSurvey(std::int32_t ward, const SurveyFields& s);
    /// Hints that a record of `ward` will be added soon (loads its counts into
    /// the cache).
    void prefetch(std::int32_t ward) const {
        if (ward < 0 || static_cast<std::size_t>(ward) >= m_wards.size()) return;
        const char* p = reinterpret_cast<const char*>(&m_wards[static_cast<std::size_t>(ward)]);
        for (std::size_t offset = 0; offset < sizeof(WardCounts); offset += 64) __builtin_prefetch(p + offset, 1);
    }
    /// Adds another aggregator's totals (per-thread partial sums).
    void merge(const Aggregator& other);
    /// Takes another aggregator's totals away again (records counted before
    /// they were found to repeat an earlier id). Every count in `other` must be
    /// part of this one's.
    void subtract(const Aggregator& other);
    [[nodiscard]] const std::vector<WardCounts>& wards() const { return m_wards; }
    /// Cases by month of detection, all wards together: (year * 100 + month,
    /// cases) for every month with cases, in order. The period the records cover
    /// (docs/methods.md, "Priority ranking": months of exposure).
    [[nodiscard]] std::vector<std::pair<int, std::int64_t>> casesByMonth() const;

private:
    void addMonth(int year, int month, std::int64_t n);
    std::vector<WardCounts> m_wards;
    /// Months 2000-01 .. 2099-12 by index (one add per case, in cache); others in m_otherMonths.
    static constexpr int kFirstYear = 2000, kYears = 100;
    std::vector<std::int64_t> m_months = std::vector<std::int64_t>(12 * kYears, 0);
    std::map<int, std::int64_t> m_otherMonths;  ///< year * 100 + month
};

/// The months of each year between the first and the last month with cases
/// (both counted whole), from Aggregator::casesByMonth: the exposure that makes
/// the years of a series comparable (a year the records cover from July has 6).
std::map<int, int> monthsCoveredByYear(const std::vector<std::pair<int, std::int64_t>>& casesByMonth);

/// The identity and geometry-derived facts of a ward needed by the table.
struct WardInfo {
    std::string code;
    std::string name;
    std::string fullName;
    double areaKm2 = 0;                    ///< in the metric CRS; NaN when unknown (a layer without CRS)
    std::optional<double> populationField; ///< from --population-field, if named
    /// The units before the July 2025 reform it was made of (the layer's
    /// `formed_from`, when it has one): core::WardDirectory::formerUnit.
    std::string formedFrom;
};

/// Where each ward's children 5-17 come from: the survey's children_5_17, a
/// field of the ward layer, or an estimate (WardInfo::populationField holds the
/// field's or the estimate's value). Written per ward as `population_source`.
enum class PopulationSource { Survey, WardField, Estimate };
std::string_view populationSourceCode(PopulationSource source);  ///< "survey", "field", "estimate"

/// Builds the per-ward output table (docs/formats.md, "wards.*"):
/// code, name, counts by sex/age/sector/hazard/year, survey totals,
/// population, rate_per_1000 (null when population is 0), area_km2, cases_per_km2.
/// `years` lists the case years to give a column each (all years seen if empty).
Table buildWardTable(const std::vector<WardInfo>& wards, const std::vector<WardCounts>& counts,
                     PopulationSource source, std::vector<int> years = {});

}  // namespace wardscope::core
