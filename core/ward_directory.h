#pragma once
// Finds wards by code or by name (for records without coordinates).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wardscope::core {

struct WardNameMatch {
    enum class Kind { Found, Unknown, Ambiguous } kind = Kind::Unknown;
    std::int32_t ward = -1;
    std::vector<std::int32_t> candidates;  ///< for Ambiguous
};

class WardDirectory {
public:
    /// codes[i] and names[i] describe ward i; fullNames[i] (optional, may be
    /// empty) is the name with its type word ("Phường Đồ Sơn"). Codes are
    /// normalised with normalizeWardCode; duplicates are listed by duplicateCodes().
    /// formedFrom[i] (optional) lists the units before the July 2025 reform that
    /// ward i was made of, comma-separated with their types, as the bundled
    /// layer's `formed_from` ("Phường An Dương, Phường An Biên, ..."; a
    /// parenthesised qualifier such as "(quận An Dương)" is dropped).
    void build(const std::vector<std::string>& codes, const std::vector<std::string>& names,
               const std::vector<std::string>& fullNames = {}, const std::vector<std::string>& formedFrom = {});

    /// Ward index for a (normalised) code, or -1.
    [[nodiscard]] std::int32_t findCode(std::string_view code) const;

    /// Name lookup, in order: the exact name (Unicode-normalised, any case),
    /// the exact name without its type word ("Phường", "Xã", "Đặc khu"), and the
    /// name without diacritics. The first step with any hit decides: one hit is
    /// Found, more are Ambiguous (with the candidates), none goes to the next step.
    [[nodiscard]] WardNameMatch findName(std::string_view name) const;

    /// The wards that a unit of this name before the reform became part of (by
    /// its full name with the type word when `name` has one, else by the name
    /// alone; case and diacritics ignored); empty when no former unit has it.
    /// A name that findName() finds but whose former unit went elsewhere was
    /// re-used: a record from before 1 July 2025 may mean the old unit.
    [[nodiscard]] std::vector<std::int32_t> formerUnit(std::string_view name) const;

    [[nodiscard]] const std::vector<std::string>& duplicateCodes() const { return m_duplicates; }

private:
    struct NameIndex;  // the name keys, made on the first name lookup (most records have coordinates)
    std::unordered_map<std::string, std::int32_t> m_byCode;
    std::shared_ptr<NameIndex> m_names;
    std::vector<std::string> m_duplicates;
};

}  // namespace wardscope::core
