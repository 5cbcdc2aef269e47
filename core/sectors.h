#pragma once
// The kinds of work a case is counted under, and the dictionary that maps the
// free Vietnamese (or English) text of ward offices to them (docs/formats.md,
// "Sectors"). The list follows the work that Circular 09/2020/TT-BLĐTBXH forbids
// or restricts for children (mining and quarrying, construction, mechanical
// workshops, entertainment venues, ...) beside the common sectors of the records.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wardscope::core {

enum class Sector : std::uint8_t {
    Agriculture,
    Fishing,
    Craft,
    Manufacturing,
    Construction,
    Mining,
    Mechanical,
    CarWash,
    Restaurant,
    Entertainment,
    StreetVending,
    Scrap,
    Services,
    Domestic,
    Other,
    Count_
};
constexpr std::size_t kSectorCount = static_cast<std::size_t>(Sector::Count_);

std::string_view sectorKey(Sector sector);      ///< "agriculture", "car_wash", ... (the cases_sector_<key> columns)
std::string_view sectorLabelVi(Sector sector);  ///< "nông nghiệp", "rửa xe", ...
/// A sector by its key or its Vietnamese label (with or without diacritics).
std::optional<Sector> sectorFromName(std::string_view name);

/// Keyword rules: a text's sector is that of the first rule whose keyword
/// appears in it as whole words (compared without case or diacritics); a
/// keyword ending in '*' also matches the start of a longer word ("fish*"
/// matches "fishing"). No rule: Sector::Other.
class SectorDictionary {
public:
    struct Rule {
        std::string keyword;  ///< folded (core::foldedNameKey), without the '*'
        bool prefix = false;
        Sector sector = Sector::Other;
    };

    /// The built-in rules (docs/formats.md lists them).
    static const SectorDictionary& builtIn();

    /// The built-in rules after a user's rules, which are tried first. `csv` has
    /// a header row `keyword,sector` (or `từ khóa,ngành nghề`), then one rule a
    /// line; the sector is a key or a Vietnamese label. Throws InputError naming
    /// `file` and the line for an unknown sector or an empty keyword.
    static SectorDictionary withUserRules(std::string_view csv, const std::string& file);

    [[nodiscard]] Sector classify(std::string_view text) const;
    [[nodiscard]] const std::vector<Rule>& rules() const { return m_rules; }
    [[nodiscard]] std::size_t userRules() const { return m_userRules; }

private:
    void add(std::string_view keyword, Sector sector);
    std::vector<Rule> m_rules;
    std::size_t m_userRules = 0;
};

/// SectorDictionary::builtIn().classify(text).
Sector classifySector(std::string_view text);

}  // namespace wardscope::core
