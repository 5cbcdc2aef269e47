#pragma once
// Calendar dates as written in programme records.
#include <optional>
#include <string>
#include <string_view>

namespace wardscope::core {

struct Date {
    int year = 0;
    int month = 0;
    int day = 0;

    auto operator<=>(const Date&) const = default;
    [[nodiscard]] std::string iso() const;  ///< YYYY-MM-DD
};

enum class DateParse { Ok, Empty, Malformed, Impossible };

/// Accepts ISO "2024-03-15" (optionally followed by a time, as GDAL writes it),
/// "2024/03/15", and the Vietnamese day-first forms "15/03/2024", "15-03-2024",
/// "15.03.2024", also with a two-digit year of this century ("15/03/24" is
/// 2024-03-15: records before 2000 are out of range anyway). Day-first is the only reading of a slashed date that starts with
/// the day: month-first (US) dates are not accepted. "Impossible" means the parts
/// parse but name no calendar day (2023-02-29, 31/04/2024).
DateParse parseDate(std::string_view text, Date& out);

bool isValidCalendarDate(int year, int month, int day);

/// Parses "YYYY-MM-DD" strictly, for options; nullopt when malformed or impossible.
std::optional<Date> parseIsoDate(std::string_view text);

}  // namespace wardscope::core
