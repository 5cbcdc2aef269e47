#include "core/record_parser.h"

#include <charconv>
#include <cmath>

#include "core/unicode.h"

namespace wardscope::core {

RecordParser::RecordParser(RecordKind kind, const FieldColumns& columns, std::size_t headerFieldCount,
                           RecordRules rules)
    : m_kind(kind), m_columns(columns), m_headerFieldCount(headerFieldCount), m_rules(rules) {}

Sector RecordParser::sectorOf(std::string_view text) const {
    // Sector texts repeat: classify each distinct text once (bounded cache).
    for (std::size_t k = 0; k < m_recentSectorCount; ++k)
        if (m_recentSectors[k].first == text) return m_recentSectors[k].second;
    if (auto it = m_sectorCache.find(text); it != m_sectorCache.end()) return it->second;
    const Sector s = m_rules.sectors ? m_rules.sectors->classify(text) : classifySector(text);
    if (m_recentSectorCount < kRecentSectors) m_recentSectors[m_recentSectorCount++] = {std::string(text), s};
    if (m_sectorCache.size() < 4096) m_sectorCache.emplace(std::string(text), s);
    return s;
}

std::string_view RecordParser::get(std::span<const std::string_view> fields, Field f) const {
    const int column = m_columns[static_cast<std::size_t>(f)];
    if (column < 0 || static_cast<std::size_t>(column) >= fields.size()) return {};
    return trim(fields[static_cast<std::size_t>(column)]);
}

BoolParse parseBool(std::string_view text) {
    text = trim(text);
    // Fast paths for the common spellings; everything else is folded.
    if (text.empty()) return BoolParse::Empty;
    if (text == "yes" || text == "1" || text == "true" || text == "có") return BoolParse::True;
    if (text == "no" || text == "0" || text == "false" || text == "không") return BoolParse::False;
    const std::string key = foldedNameKey(text);
    if (key.empty()) return BoolParse::Empty;
    static constexpr std::array<std::string_view, 8> yes = {"1", "yes", "y", "true", "co", "x", "t", "dung"};
    static constexpr std::array<std::string_view, 7> no = {"0", "no", "n", "false", "khong", "f", "sai"};
    for (auto v : yes)
        if (key == v) return BoolParse::True;
    for (auto v : no)
        if (key == v) return BoolParse::False;
    return BoolParse::Invalid;
}

namespace {

/// "-106.577984": at most 15 digits and no exponent, so the digits are an exact
/// integer below 2^53 and the power of ten (at most 10^22) is exact too; one
/// IEEE division then rounds correctly (Clinger's fast path): the same double
/// as std::from_chars, without its general algorithm. Anything else: nullopt.
std::optional<double> parsePlainDecimal(std::string_view text) {
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* p = text.data();
    const char* const end = p + text.size();
    const bool negative = p != end && *p == '-';
    p += negative ? 1 : 0;
    std::uint64_t mantissa = 0;
    const char* const digitsStart = p;
    while (p != end && static_cast<unsigned>(*p - '0') <= 9) mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
    const std::ptrdiff_t whole = p - digitsStart;
    std::ptrdiff_t fraction = 0;
    if (p != end && *p == '.') {
        const char* const fractionStart = ++p;
        while (p != end && static_cast<unsigned>(*p - '0') <= 9) mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
        fraction = p - fractionStart;
    }
    // Up to 15 digits cannot overflow the mantissa, nor pass 2^53.
    if (p != end || whole + fraction == 0 || whole + fraction > 15) return std::nullopt;
    const double value = static_cast<double>(mantissa) / kPow10[fraction];
    return negative ? -value : value;
}

}  // namespace

std::optional<double> parseCoordinate(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (const auto fast = parsePlainDecimal(text)) return fast;
    std::string buffer;
    if (text.find(',') != std::string_view::npos) {
        if (text.find(',') != text.rfind(',') || text.find('.') != std::string_view::npos) return std::nullopt;
        buffer.assign(text);
        buffer[buffer.find(',')] = '.';
        text = buffer;
    }
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        // from_chars accepts "nan"/"inf": those parse, and are rejected by the caller.
        return std::nullopt;
    }
    return value;
}

std::string_view normalizeWardCode(std::string_view code) {
    code = trim(code);
    if (code.size() > 2 && code.substr(code.size() - 2) == ".0") code.remove_suffix(2);
    bool digits = !code.empty();
    for (char c : code) digits = digits && c >= '0' && c <= '9';
    if (!digits) return code;
    while (code.size() > 1 && code.front() == '0') code.remove_prefix(1);
    return code;
}

namespace {

/// M/F, 1/2, male/female, nam/nữ, boy/girl (any case, with or without
/// diacritics); empty, "unknown" or "không rõ" is unknown; nullopt otherwise.
std::optional<Sex> parseSex(std::string_view text) {
    if (text.size() == 1) {
        switch (text[0] | 0x20) {
            case 'm':
            case '1': return Sex::Male;
            case 'f':
            case '2': return Sex::Female;
            default: return std::nullopt;
        }
    }
    const std::string key = foldedNameKey(text);
    if (key.empty() || key == "unknown" || key == "khong ro") return Sex::Unknown;
    if (key == "male" || key == "nam" || key == "boy") return Sex::Male;
    if (key == "female" || key == "nu" || key == "girl") return Sex::Female;
    return std::nullopt;
}

bool parseNonNegativeInt(std::string_view text, int& out) {
    text = trim(text);
    if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.remove_suffix(2);
    if (text.empty()) return false;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && out >= 0;
}

/// "17", "17.0", and an age with its unit as offices write it: "17 tuổi",
/// "17 Tuoi", "17 years".
bool parseAge(std::string_view text, int& out) {
    if (parseNonNegativeInt(text, out)) return true;
    text = trim(text);
    std::size_t digits = 0;
    while (digits < text.size() && digits < 3 && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) return false;
    const std::string unit = foldedNameKey(trim(text.substr(digits)));
    if (unit != "tuoi" && unit != "years" && unit != "year" && unit != "yrs") return false;
    return parseNonNegativeInt(text.substr(0, digits), out);
}

bool looksNumericText(std::string_view text) {
    for (char c : text)
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == ',' || c == 'e' || c == 'E'))
            return false;
    return true;
}

}  // namespace

bool RecordParser::parseLocation(std::span<const std::string_view> fields, RecordLocation& loc,
                                 RowReject& reject) const {
    loc.wardCode.assign(normalizeWardCode(get(fields, Field::WardCode)));
    loc.wardName.assign(get(fields, Field::WardName));
    const Field fx = m_rules.projected ? Field::X : Field::Lon;
    const Field fy = m_rules.projected ? Field::Y : Field::Lat;
    const std::string_view sx = get(fields, fx);
    const std::string_view sy = get(fields, fy);
    const std::string_view nx = canonicalName(m_kind, fx);
    const std::string_view ny = canonicalName(m_kind, fy);
    if (sx.empty() && sy.empty()) {
        loc.hasPoint = false;
        if (loc.wardCode.empty() && loc.wardName.empty()) {
            reject = {RejectReason::MissingLocation, "no coordinates, no ward code and no ward name"};
            return false;
        }
        return true;
    }
    if (sx.empty() || sy.empty()) {
        reject = {RejectReason::IncompleteCoordinates,
                  "only one coordinate given (" + std::string(nx) + "='" + std::string(sx) + "', " + std::string(ny) + "='" +
                      std::string(sy) + "')"};
        return false;
    }
    const auto x = parseCoordinate(sx);
    const auto y = parseCoordinate(sy);
    if (!x || !y || !std::isfinite(*x) || !std::isfinite(*y)) {
        reject = {RejectReason::InvalidCoordinate,
                  "coordinate is not a finite number (" + std::string(nx) + "='" + std::string(sx) + "', " + std::string(ny) +
                      "='" + std::string(sy) + "')"};
        return false;
    }
    // |lat| in (90, 180] with a valid-looking lon may be a swapped pair: the join
    // decides (swapped_lat_lon or coordinate_out_of_range).
    if (!m_rules.projected && (std::abs(*x) > 180.0 || std::abs(*y) > 180.0 || (std::abs(*y) > 90.0 && std::abs(*x) > 90.0))) {
        reject = {RejectReason::CoordinateOutOfRange,
                  "lon/lat out of range (lon=" + std::string(sx) + ", lat=" + std::string(sy) + ")"};
        return false;
    }
    loc.hasPoint = true;
    loc.x = *x;
    loc.y = *y;
    return true;
}

bool RecordParser::parse(std::span<const std::string_view> fields, ParsedRecord& out, RowReject& reject) const {
    if (fields.size() != m_headerFieldCount) {
        reject = {RejectReason::FieldCount, "row has " + std::to_string(fields.size()) + " fields, header has " +
                                                std::to_string(m_headerFieldCount)};
        return false;
    }
    for (auto value : fields) {
        if (value.size() > m_rules.maxFieldBytes) {
            reject = {RejectReason::FieldTooLong,
                      "a field is " + std::to_string(value.size()) + " bytes long (limit " +
                          std::to_string(m_rules.maxFieldBytes) + ")"};
            return false;
        }
    }
    const std::string_view id = get(fields, Field::Id);
    // No id column (HeaderResolution::idsFromRows): the record is known by its row.
    if (id.empty() && m_columns[static_cast<std::size_t>(Field::Id)] >= 0) {
        reject = {RejectReason::MissingId, std::string(canonicalName(m_kind, Field::Id)) + " is empty"};
        return false;
    }
    out.id.assign(id);

    Date date;
    const std::string_view dateText = get(fields, Field::Date);
    const auto dateName = [&] { return std::string(canonicalName(m_kind, Field::Date)); };
    switch (parseDate(dateText, date)) {
        case DateParse::Empty: reject = {RejectReason::MissingDate, dateName() + " is empty"}; return false;
        case DateParse::Malformed:
            reject = {RejectReason::InvalidDate, dateName() + " '" + std::string(dateText) + "' is not a date"};
            return false;
        case DateParse::Impossible:
            reject = {RejectReason::ImpossibleDate, dateName() + " '" + std::string(dateText) + "' is not a calendar day"};
            return false;
        case DateParse::Ok: break;
    }
    if (date > m_rules.asOf) {
        reject = {RejectReason::FutureDate, dateName() + " " + date.iso() + " is after " + m_rules.asOf.iso()};
        return false;
    }
    if (date < m_rules.earliest) {
        reject = {RejectReason::DateOutOfRange, dateName() + " " + date.iso() + " is before " + m_rules.earliest.iso()};
        return false;
    }

    if (m_kind == RecordKind::Case) {
        CaseFields c;
        c.detectedOn = date;
        const std::string_view ageText = get(fields, Field::Age);
        if (ageText.empty()) {
            reject = {RejectReason::MissingAge, "age is empty"};
            return false;
        }
        if (!parseAge(ageText, c.age)) {
            if (looksNumericText(ageText) && !ageText.empty() && ageText.front() == '-') {
                reject = {RejectReason::AgeOutOfRange, "age " + std::string(ageText) + " is outside " +
                                                           std::to_string(m_rules.minAge) + "-" +
                                                           std::to_string(m_rules.maxAge)};
            } else {
                reject = {RejectReason::InvalidAge, "age '" + std::string(ageText) + "' is not a whole number"};
            }
            return false;
        }
        if (c.age < m_rules.minAge || c.age > m_rules.maxAge) {
            reject = {RejectReason::AgeOutOfRange, "age " + std::to_string(c.age) + " is outside " +
                                                       std::to_string(m_rules.minAge) + "-" +
                                                       std::to_string(m_rules.maxAge)};
            return false;
        }
        const std::optional<Sex> sex = parseSex(get(fields, Field::Sex));
        if (!sex) {
            reject = {RejectReason::InvalidSex, "sex '" + std::string(get(fields, Field::Sex)) + "' is not M, F, nam or nữ"};
            return false;
        }
        c.sex = *sex;
        c.sector = sectorOf(get(fields, Field::Sector));
        switch (parseBool(get(fields, Field::Hazardous))) {
            case BoolParse::True: c.hazardous = true; break;
            case BoolParse::False: c.hazardous = false; break;
            case BoolParse::Empty: break;
            case BoolParse::Invalid:
                reject = {RejectReason::InvalidBoolean,
                          "hazardous '" + std::string(get(fields, Field::Hazardous)) + "' is not yes/no"};
                return false;
        }
        out.fields = c;
    } else {
        SurveyFields s;
        s.surveyedOn = date;
        struct CountField {
            Field field;
            int* target;
        };
        const std::array<CountField, 3> counts = {{{Field::Children, &s.children},
                                                   {Field::Working, &s.working},
                                                   {Field::OutOfSchool, &s.outOfSchool}}};
        for (const auto& cf : counts) {
            const std::string_view text = get(fields, cf.field);
            if (text.empty() && cf.field != Field::Children) {
                *cf.target = 0;
                continue;
            }
            if (!parseNonNegativeInt(text, *cf.target)) {
                reject = {RejectReason::InvalidCount, std::string(canonicalName(m_kind, cf.field)) + " '" +
                                                          std::string(text) + "' is not a count"};
                return false;
            }
        }
        if (s.working > s.children || s.outOfSchool > s.children) {
            reject = {RejectReason::InconsistentCounts,
                      "children_working (" + std::to_string(s.working) + ") or children_out_of_school (" +
                          std::to_string(s.outOfSchool) + ") exceeds children_5_17 (" + std::to_string(s.children) + ")"};
            return false;
        }
        const std::array<std::pair<Field, std::optional<bool>*>, 2> flags = {
            {{Field::Poor, &s.poor}, {Field::Migrant, &s.migrant}}};
        for (const auto& [field, target] : flags) {
            switch (parseBool(get(fields, field))) {
                case BoolParse::True: *target = true; break;
                case BoolParse::False: *target = false; break;
                case BoolParse::Empty: break;
                case BoolParse::Invalid:
                    reject = {RejectReason::InvalidBoolean, std::string(canonicalName(m_kind, field)) + " '" +
                                                                std::string(get(fields, field)) + "' is not yes/no"};
                    return false;
            }
        }
        out.fields = s;
    }
    return parseLocation(fields, out.location, reject);
}

}  // namespace wardscope::core
