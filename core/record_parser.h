#pragma once
// Turns one input row into a typed record or a reject reason. Pure: no I/O, no
// geometry (the join in gis places the location).
#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "core/records.h"

namespace wardscope::core {

struct RecordRules {
    Date asOf{2100, 1, 1};       ///< dates after this are "future_date"
    Date earliest{2000, 1, 1};   ///< dates before this are "date_out_of_range"
    int minAge = 5;
    int maxAge = 17;
    bool projected = false;      ///< the location columns are x/y, not lon/lat
    std::size_t maxFieldBytes = 64 * 1024;
    /// Maps sector texts (a user's rules before the built-in ones); null: the built-in ones.
    std::shared_ptr<const SectorDictionary> sectors;
};

struct RowReject {
    RejectReason reason;
    std::string message;
};

struct ParsedRecord {
    std::string id;
    RecordLocation location;
    std::variant<CaseFields, SurveyFields> fields;
};

/// Parses one data row. `fields` holds the row's values in input column order.
class RecordParser {
public:
    RecordParser(RecordKind kind, const FieldColumns& columns, std::size_t headerFieldCount, RecordRules rules);

    /// Returns true and fills `out` when the row is valid on its own; otherwise
    /// fills `reject`. Duplicate ids and the spatial join are checked later.
    bool parse(std::span<const std::string_view> fields, ParsedRecord& out, RowReject& reject) const;

    [[nodiscard]] RecordKind kind() const { return m_kind; }

private:
    [[nodiscard]] std::string_view get(std::span<const std::string_view> fields, Field f) const;
    bool parseLocation(std::span<const std::string_view> fields, RecordLocation& loc, RowReject& reject) const;
    [[nodiscard]] Sector sectorOf(std::string_view text) const;

    RecordKind m_kind;
    FieldColumns m_columns;
    std::size_t m_headerFieldCount;
    RecordRules m_rules;
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {  // FNV-1a: sector texts are short
            std::size_t h = 14695981039346656037ULL;
            for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
            return h;
        }
    };
    // One parser per thread: sector texts repeat, each is classified once. The
    // first few texts seen (a file's usual spellings) are looked up by direct
    // comparison, before the hash table.
    mutable std::unordered_map<std::string, Sector, TextHash, std::equal_to<>> m_sectorCache;
    static constexpr std::size_t kRecentSectors = 8;
    mutable std::array<std::pair<std::string, Sector>, kRecentSectors> m_recentSectors;
    mutable std::size_t m_recentSectorCount = 0;
};

/// "yes"/"no" in English and Vietnamese, 1/0, true/false, x/empty-as-unknown.
enum class BoolParse { True, False, Empty, Invalid };
BoolParse parseBool(std::string_view text);

/// A coordinate: decimal point or a single decimal comma; nullopt if not a number.
std::optional<double> parseCoordinate(std::string_view text);

/// Ward codes compare as written, except that an all-digit code loses leading
/// zeros and a spreadsheet's ".0" ("10507.0" -> "10507").
/// The result is a view of `code`.
std::string_view normalizeWardCode(std::string_view code);

}  // namespace wardscope::core
