#include "core/date.h"

#include <array>
#include <charconv>
#include <cstdio>

#include "core/unicode.h"

namespace wardscope::core {

std::string Date::iso() const {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", year, month, day);
    return buf.data();
}

bool isValidCalendarDate(int year, int month, int day) {
    if (year < 1 || month < 1 || month > 12 || day < 1) return false;
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int limit = days[static_cast<std::size_t>(month - 1)] + ((month == 2 && leap) ? 1 : 0);
    return day <= limit;
}

namespace {

bool parseInt(std::string_view s, int& out) {
    if (s.empty() || s.size() > 4) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

DateParse parseDate(std::string_view text, Date& out) {
    text = trim(text);
    if (text.empty()) return DateParse::Empty;
    // The usual form, YYYY-MM-DD, straight away.
    auto digit = [&](std::size_t i) { return static_cast<unsigned>(text[i] - '0') <= 9; };
    if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digit(0) && digit(1) && digit(2) && digit(3) &&
        digit(5) && digit(6) && digit(8) && digit(9)) {
        auto num = [&](std::size_t i, std::size_t n) {
            int v = 0;
            for (std::size_t k = i; k < i + n; ++k) v = v * 10 + (text[k] - '0');
            return v;
        };
        const Date d{num(0, 4), num(5, 2), num(8, 2)};
        if (!isValidCalendarDate(d.year, d.month, d.day)) return DateParse::Impossible;
        out = d;
        return DateParse::Ok;
    }
    // Drop a time part: "2024-03-15T08:00:00", "2024/03/15 08:00:00".
    if (const auto cut = text.find_first_of("T "); cut != std::string_view::npos && cut >= 8)
        text = text.substr(0, cut);
    char sep = 0;
    for (char c : text) {
        if (c == '-' || c == '/' || c == '.') {
            sep = c;
            break;
        }
    }
    if (sep == 0) return DateParse::Malformed;
    const auto first = text.find(sep);
    const auto second = text.find(sep, first + 1);
    if (second == std::string_view::npos || text.find(sep, second + 1) != std::string_view::npos)
        return DateParse::Malformed;
    const auto a = text.substr(0, first);
    const auto b = text.substr(first + 1, second - first - 1);
    const auto c = text.substr(second + 1);
    int va = 0, vb = 0, vc = 0;
    if (!parseInt(a, va) || !parseInt(b, vb) || !parseInt(c, vc)) return DateParse::Malformed;
    Date d;
    if (a.size() == 4 && sep != '.') {
        d = {va, vb, vc};
    } else if (c.size() == 4) {
        d = {vc, vb, va};
    } else if (c.size() == 2 && a.size() <= 2 && b.size() <= 2) {
        d = {2000 + vc, vb, va};  // "24/01/25", as offices type it: the programme's records are all after 2000
    } else {
        return DateParse::Malformed;
    }
    if (!isValidCalendarDate(d.year, d.month, d.day)) return DateParse::Impossible;
    out = d;
    return DateParse::Ok;
}

std::optional<Date> parseIsoDate(std::string_view text) {
    Date d;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (parseDate(text, d) != DateParse::Ok) return std::nullopt;
    return d;
}

}  // namespace wardscope::core
