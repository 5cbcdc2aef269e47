#include "core/aggregate.h"

#include <bit>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

#include "core/error.h"

namespace wardscope::core {
namespace {

[[noreturn]] void tooManyCases() {
    throw InputError("more than " + std::to_string(std::numeric_limits<WardCounts::Count>::max()) +
                     " cases in one ward: not supported");
}

}  // namespace

void WardCounts::addYear(int year, std::int64_t n) {
    for (std::size_t k = 0; k < inlineYearCount; ++k) {
        if (inlineYears[k] == year) {
            inlineYearCases[k] += static_cast<Count>(n);
            return;
        }
    }
    if (inlineYearCount < kInlineYears) {
        inlineYears[inlineYearCount] = year;
        inlineYearCases[inlineYearCount++] = static_cast<Count>(n);
        return;
    }
    for (auto& [y, c] : moreYears) {
        if (y == year) {
            c += n;
            return;
        }
    }
    moreYears.emplace_back(year, n);
}

std::int64_t WardCounts::casesIn(int year) const {
    std::int64_t found = 0;
    forEachYear([&](int y, std::int64_t n) {
        if (y == year) found = n;
    });
    return found;
}

void Aggregator::addCase(std::int32_t ward, const CaseFields& c) {
    // Without branches on the record's values (random from row to row, so
    // mispredicted half the time): each value picks its counter.
    static_assert(static_cast<int>(Sex::Unknown) == 0 && static_cast<int>(Sex::Male) == 1 && static_cast<int>(Sex::Female) == 2);
    static constexpr WardCounts::Count WardCounts::*kSex[] = {&WardCounts::sexUnknown, &WardCounts::male,
                                                             &WardCounts::female};
    // Indexed by has_value() + value_or(false): unknown, no, yes.
    static constexpr WardCounts::Count WardCounts::*kHazard[] = {&WardCounts::hazardUnknown, &WardCounts::notHazardous,
                                                                 &WardCounts::hazardous};
    WardCounts& w = m_wards[static_cast<std::size_t>(ward)];
    // Every other counter of the ward is at most its cases.
    if (w.cases == std::numeric_limits<WardCounts::Count>::max()) [[unlikely]]
        tooManyCases();
    ++w.cases;
    ++(w.*kSex[static_cast<std::size_t>(c.sex)]);
    ++w.ageGroups[static_cast<std::size_t>(ageGroupOf(c.age))];
    if (++w.sectors[static_cast<std::size_t>(c.sector)] == 0) [[unlikely]]
        w.carrySector(static_cast<std::size_t>(c.sector));
    ++(w.*kHazard[static_cast<std::size_t>(c.hazardous.has_value()) + static_cast<std::size_t>(c.hazardous.value_or(false))]);
    // The year's slot among the inline years, found without a branch per slot.
    unsigned hits = 0;
    for (std::size_t k = 0; k < WardCounts::kInlineYears; ++k)
        hits |= static_cast<unsigned>(w.inlineYears[k] == c.detectedOn.year && k < w.inlineYearCount) << k;
    if (hits != 0) {
        ++w.inlineYearCases[static_cast<std::size_t>(std::countr_zero(hits))];
    } else {
        w.addYear(c.detectedOn.year, 1);
    }
    addMonth(c.detectedOn.year, c.detectedOn.month, 1);
}

void WardCounts::setSectorCases(std::size_t sector, std::int64_t n) {
    sectors[sector] = static_cast<std::uint16_t>(n & 0xFFFF);
    const std::int64_t carried = n - (n & 0xFFFF);
    if (carried != 0 && sectorCarry.empty()) sectorCarry.assign(kSectorCount, 0);
    if (!sectorCarry.empty()) sectorCarry[sector] = carried;
}

void WardCounts::carrySector(std::size_t sector) {
    if (sectorCarry.empty()) sectorCarry.assign(kSectorCount, 0);
    sectorCarry[sector] += 0x10000;
}

void Aggregator::addMonth(int year, int month, std::int64_t n) {
    const int index = (year - kFirstYear) * 12 + (month - 1);
    if (year >= kFirstYear && year < kFirstYear + kYears) [[likely]]
        m_months[static_cast<std::size_t>(index)] += n;
    else
        m_otherMonths[year * 100 + month] += n;
}

std::vector<std::pair<int, std::int64_t>> Aggregator::casesByMonth() const {
    std::map<int, std::int64_t> all;
    for (const auto& [key, n] : m_otherMonths)
        if (n != 0) all[key] = n;
    for (std::size_t i = 0; i < m_months.size(); ++i)
        if (m_months[i] != 0)
            all[(kFirstYear + static_cast<int>(i) / 12) * 100 + static_cast<int>(i) % 12 + 1] = m_months[i];
    return {all.begin(), all.end()};
}

std::map<int, int> monthsCoveredByYear(const std::vector<std::pair<int, std::int64_t>>& casesByMonth) {
    std::map<int, int> out;
    if (casesByMonth.empty()) return out;
    const int first = casesByMonth.front().first, last = casesByMonth.back().first;
    for (int year = first / 100; year <= last / 100; ++year) {
        const int from = year == first / 100 ? first % 100 : 1;
        const int to = year == last / 100 ? last % 100 : 12;
        out[year] = to - from + 1;
    }
    return out;
}

void Aggregator::addSurvey(std::int32_t ward, const SurveyFields& s) {
    WardCounts& w = m_wards[static_cast<std::size_t>(ward)];
    ++w.households;
    w.children += s.children;
    w.working += s.working;
    w.outOfSchool += s.outOfSchool;
    if (s.poor.value_or(false)) ++w.poorHouseholds;
    if (s.migrant.value_or(false)) ++w.migrantHouseholds;
}

namespace {

/// f(a's counter, b's counter) for every counter of two wards' totals but the
/// years (merge and subtract, which treat them field by field alike).
template <typename F>
void forEachCounterPair(WardCounts& a, const WardCounts& b, F&& f) {
    f(a.cases, b.cases);
    f(a.male, b.male);
    f(a.female, b.female);
    f(a.sexUnknown, b.sexUnknown);
    for (std::size_t k = 0; k < a.ageGroups.size(); ++k) f(a.ageGroups[k], b.ageGroups[k]);
    f(a.hazardous, b.hazardous);
    f(a.notHazardous, b.notHazardous);
    f(a.hazardUnknown, b.hazardUnknown);
    f(a.households, b.households);
    f(a.children, b.children);
    f(a.working, b.working);
    f(a.outOfSchool, b.outOfSchool);
    f(a.poorHouseholds, b.poorHouseholds);
    f(a.migrantHouseholds, b.migrantHouseholds);
}

}  // namespace

void Aggregator::merge(const Aggregator& other) {
    if (m_wards.size() < other.m_wards.size()) m_wards.resize(other.m_wards.size());
    for (std::size_t i = 0; i < other.m_wards.size(); ++i) {
        WardCounts& a = m_wards[i];
        const WardCounts& b = other.m_wards[i];
        if (std::uint64_t{a.cases} + b.cases > std::numeric_limits<WardCounts::Count>::max()) tooManyCases();
        forEachCounterPair(a, b, [](auto& x, const auto& y) { x += y; });
        b.forEachYear([&](int year, std::int64_t n) { a.addYear(year, n); });
        for (std::size_t s = 0; s < kSectorCount; ++s) a.setSectorCases(s, a.sectorCases(s) + b.sectorCases(s));
    }
    for (std::size_t i = 0; i < m_months.size(); ++i) m_months[i] += other.m_months[i];
    for (const auto& [key, n] : other.m_otherMonths) m_otherMonths[key] += n;
}

void Aggregator::subtract(const Aggregator& other) {
    for (std::size_t i = 0; i < other.m_wards.size(); ++i) {
        WardCounts& a = m_wards.at(i);
        const WardCounts& b = other.m_wards[i];
        if (b.cases > a.cases || b.households > a.households)
            throw std::logic_error("Aggregator::subtract: more taken away than was counted");
        forEachCounterPair(a, b, [](auto& x, const auto& y) { x -= y; });
        b.forEachYear([&](int year, std::int64_t n) { a.addYear(year, -n); });  // 32-bit counters: modular
        for (std::size_t s = 0; s < kSectorCount; ++s) a.setSectorCases(s, a.sectorCases(s) - b.sectorCases(s));
    }
    for (std::size_t i = 0; i < m_months.size(); ++i) m_months[i] -= other.m_months[i];
    for (const auto& [key, n] : other.m_otherMonths) m_otherMonths[key] -= n;
}

std::string_view populationSourceCode(PopulationSource source) {
    switch (source) {
        case PopulationSource::Survey: return "survey";
        case PopulationSource::WardField: return "field";
        case PopulationSource::Estimate: return "estimate";
    }
    return "survey";
}

Table buildWardTable(const std::vector<WardInfo>& wards, const std::vector<WardCounts>& counts,
                     PopulationSource source, std::vector<int> years) {
    if (years.empty()) {
        std::set<int> seen;
        for (const auto& c : counts)
            c.forEachYear([&](int year, std::int64_t) { seen.insert(year); });
        years.assign(seen.begin(), seen.end());
    }
    Table t;
    auto col = [&](std::string name, ColumnType type) { t.columns.push_back({std::move(name), type}); };
    col("ward_code", ColumnType::Text);
    col("ward_name", ColumnType::Text);
    col("ward_full_name", ColumnType::Text);
    col("cases", ColumnType::Integer);
    col("cases_male", ColumnType::Integer);
    col("cases_female", ColumnType::Integer);
    col("cases_sex_unknown", ColumnType::Integer);
    col("cases_age_5_11", ColumnType::Integer);
    col("cases_age_12_14", ColumnType::Integer);
    col("cases_age_15_17", ColumnType::Integer);
    for (std::size_t s = 0; s < kSectorCount; ++s)
        col("cases_sector_" + std::string(sectorKey(static_cast<Sector>(s))), ColumnType::Integer);
    col("cases_hazardous", ColumnType::Integer);
    col("cases_not_hazardous", ColumnType::Integer);
    col("cases_hazard_unknown", ColumnType::Integer);
    for (int y : years) col("cases_" + std::to_string(y), ColumnType::Integer);
    col("survey_households", ColumnType::Integer);
    col("survey_children_5_17", ColumnType::Integer);
    col("survey_children_working", ColumnType::Integer);
    col("survey_children_out_of_school", ColumnType::Integer);
    col("survey_poor_households", ColumnType::Integer);
    col("survey_migrant_households", ColumnType::Integer);
    col("population", ColumnType::Real);
    col("population_source", ColumnType::Text);
    col("rate_per_1000", ColumnType::Real);
    col("area_km2", ColumnType::Real);
    col("cases_per_km2", ColumnType::Real);

    // In one thread: a row is mostly allocations, and threads sharing the one
    // heap (cli/main.cpp) wait on its lock. 20,000 rows took 30 ms on two
    // threads, 4.5 ms on one.
    t.rows.resize(wards.size());
    for (std::size_t i = 0; i < wards.size(); ++i) {
        const WardInfo& w = wards[i];
        const WardCounts& c = counts[i];
        std::vector<Value>& row = t.rows[i];
        // Room for the two columns the disclosure policy appends (the
        // statistics' columns, when they run, cost one move of the row).
        row.reserve(t.columns.size() + 2);
        row.emplace_back(w.code);
        row.emplace_back(w.name);
        row.emplace_back(w.fullName);
        for (std::int64_t v : {c.cases, c.male, c.female, c.sexUnknown}) row.emplace_back(v);
        for (std::int64_t v : c.ageGroups) row.emplace_back(v);
        for (std::size_t s = 0; s < kSectorCount; ++s) row.emplace_back(c.sectorCases(s));
        row.emplace_back(c.hazardous);
        row.emplace_back(c.notHazardous);
        row.emplace_back(c.hazardUnknown);
        for (int y : years) row.emplace_back(c.casesIn(y));
        for (std::int64_t v : {c.households, c.children, c.working, c.outOfSchool, c.poorHouseholds, c.migrantHouseholds})
            row.emplace_back(v);
        std::optional<double> population;
        if (source == PopulationSource::Survey) {
            population = static_cast<double>(c.children);
        } else {
            population = w.populationField;
        }
        if (population && *population >= 0) {
            row.emplace_back(*population);
        } else {
            row.emplace_back(std::monostate{});
        }
        row.emplace_back(std::string(populationSourceCode(source)));
        if (population && *population > 0) {
            row.emplace_back(static_cast<double>(c.cases) * 1000.0 / *population);
        } else {
            row.emplace_back(std::monostate{});  // undefined rate: reported, never divided by zero
        }
        if (std::isfinite(w.areaKm2)) {
            row.emplace_back(w.areaKm2);
        } else {
            row.emplace_back(std::monostate{});
        }
        if (std::isfinite(w.areaKm2) && w.areaKm2 > 0) {
            row.emplace_back(static_cast<double>(c.cases) / w.areaKm2);
        } else {
            row.emplace_back(std::monostate{});
        }
    }
    return t;
}

}  // namespace wardscope::core
