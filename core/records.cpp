#include "core/records.h"

#include <algorithm>

#include "core/unicode.h"

namespace wardscope::core {

std::string_view recordKindName(RecordKind kind) {
    return kind == RecordKind::Case ? "cases" : "survey";
}

std::string_view canonicalName(RecordKind kind, Field field) {
    switch (field) {
        case Field::Id: return kind == RecordKind::Case ? "case_id" : "survey_id";
        case Field::Date: return kind == RecordKind::Case ? "detected_on" : "surveyed_on";
        case Field::Sex: return "sex";
        case Field::Age: return "age";
        case Field::Sector: return "sector";
        case Field::Hazardous: return "hazardous";
        case Field::Status: return "status";
        case Field::WardCode: return "ward_code";
        case Field::WardName: return "ward_name";
        case Field::Lon: return "lon";
        case Field::Lat: return "lat";
        case Field::X: return "x";
        case Field::Y: return "y";
        case Field::Children: return "children_5_17";
        case Field::Working: return "children_working";
        case Field::OutOfSchool: return "children_out_of_school";
        case Field::Poor: return "poor";
        case Field::Migrant: return "migrant";
        case Field::Count_: break;
    }
    return "";
}

const std::vector<Field>& fieldsOf(RecordKind kind) {
    static const std::vector<Field> cases = {Field::Id,        Field::Date,     Field::Sex,    Field::Age,
                                             Field::Sector,    Field::Hazardous, Field::Status, Field::WardCode,
                                             Field::WardName,  Field::Lon,      Field::Lat,    Field::X,
                                             Field::Y};
    static const std::vector<Field> survey = {Field::Id,       Field::Date,     Field::WardCode,    Field::WardName,
                                              Field::Lon,      Field::Lat,      Field::X,           Field::Y,
                                              Field::Children, Field::Working,  Field::OutOfSchool, Field::Poor,
                                              Field::Migrant};
    return kind == RecordKind::Case ? cases : survey;
}

std::string headerKey(std::string_view header) {
    std::string folded = foldedNameKey(header);
    std::string out;
    out.reserve(folded.size());
    for (char c : folded)
        if (c != ' ' && c != '_' && c != '-' && c != '.' && c != '/') out.push_back(c);
    return out;
}

namespace {

/// Built-in header aliases (Vietnamese and common English spellings).
std::vector<std::string_view> aliasesOf(RecordKind kind, Field field) {
    switch (field) {
        case Field::Id:
            if (kind == RecordKind::Case) return {"id", "mã hồ sơ", "mã trẻ", "ma_ho_so", "case", "record_id"};
            return {"id", "mã phiếu", "ma_phieu", "phiếu", "household_id", "mã hộ"};
        case Field::Date:
            if (kind == RecordKind::Case) return {"date", "ngày phát hiện", "ngay_phat_hien", "detected", "detection_date"};
            return {"date", "ngày khảo sát", "ngày điều tra", "survey_date", "surveyed"};
        case Field::Sex: return {"gender", "giới tính", "gioi_tinh"};
        case Field::Age: return {"tuổi", "tuoi", "age_years", "độ tuổi", "tuổi của trẻ"};
        case Field::Sector:
            return {"ngành nghề", "lĩnh vực", "nganh_nghe", "industry", "công việc", "cong_viec", "nghề",
                    "nghề nghiệp", "việc làm", "công việc đang làm", "job", "work"};
        case Field::Hazardous: return {"nguy hiểm", "độc hại", "hazard", "is_hazardous"};
        case Field::Status: return {"tình trạng", "trạng thái", "tinh_trang"};
        case Field::WardCode:
            return {"mã xã", "mã phường", "mã phường xã", "mã đơn vị", "ward", "commune_code", "code", "ma_xa"};
        case Field::WardName:
            return {"tên xã", "tên phường", "xã phường", "phường xã", "xã", "phường", "commune", "commune_name", "ward",
                    "tên phường xã", "đơn vị", "địa bàn", "tên đơn vị"};
        case Field::Lon: return {"kinh độ", "longitude", "long", "lng", "kinh_do"};
        case Field::Lat: return {"vĩ độ", "latitude", "vi_do"};
        case Field::X: return {"easting", "toạ độ x", "tọa độ x"};
        case Field::Y: return {"northing", "toạ độ y", "tọa độ y"};
        case Field::Children: return {"số trẻ 5 17", "tre_5_17", "children", "so_tre"};
        case Field::Working: return {"số trẻ lao động", "tre_lao_dong", "working"};
        case Field::OutOfSchool: return {"số trẻ bỏ học", "tre_bo_hoc", "out_of_school"};
        case Field::Poor: return {"hộ nghèo", "ho_ngheo", "poor_household"};
        case Field::Migrant: return {"di cư", "hộ di cư", "di_cu", "migrant_household"};
        case Field::Count_: break;
    }
    return {};
}

bool isRequired(RecordKind kind, Field field) {
    if (field == Field::Date) return true;
    if (kind == RecordKind::Case) return field == Field::Age;
    return field == Field::Children;
}

}  // namespace

HeaderResolution resolveHeader(RecordKind kind, const std::vector<std::string>& header,
                               const std::map<std::string, std::string>& overrides) {
    HeaderResolution result;
    result.columns.fill(-1);
    std::vector<std::string> keys;
    keys.reserve(header.size());
    for (const auto& h : header) keys.push_back(headerKey(h));
    auto findKey = [&](std::string_view name) -> int {
        const std::string key = headerKey(name);
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] == key) return static_cast<int>(i);
        return -1;
    };
    std::vector<bool> taken(header.size(), false);
    const auto& fields = fieldsOf(kind);
    for (const auto& entry : overrides) {
        const std::string& canonical = entry.first;
        const std::string& column = entry.second;
        auto it = std::find_if(fields.begin(), fields.end(),
                               [&](Field f) { return canonicalName(kind, f) == canonical; });
        if (it == fields.end()) {
            result.problems.push_back("column mapping names unknown field '" + canonical + "'");
            continue;
        }
        const int index = findKey(column);
        if (index < 0) {
            result.problems.push_back("column mapping: no column '" + column + "' for " + canonical);
            continue;
        }
        result.columns[static_cast<std::size_t>(*it)] = index;
        taken[static_cast<std::size_t>(index)] = true;
    }
    // Canonical names first, then aliases, so "ward_code" beats the alias "ward".
    for (int pass = 0; pass < 2; ++pass) {
        for (Field f : fields) {
            auto& slot = result.columns[static_cast<std::size_t>(f)];
            if (slot >= 0) continue;
            std::vector<std::string_view> names;
            if (pass == 0) {
                names = {canonicalName(kind, f)};
            } else {
                names = aliasesOf(kind, f);
            }
            for (auto name : names) {
                const int index = findKey(name);
                if (index >= 0 && !taken[static_cast<std::size_t>(index)]) {
                    slot = index;
                    taken[static_cast<std::size_t>(index)] = true;
                    break;
                }
            }
        }
    }
    for (Field f : fields) {
        if (isRequired(kind, f) && result.columns[static_cast<std::size_t>(f)] < 0)
            result.problems.push_back("missing required column '" + std::string(canonicalName(kind, f)) + "'");
    }
    const bool hasLonLat = result.columns[static_cast<std::size_t>(Field::Lon)] >= 0 &&
                           result.columns[static_cast<std::size_t>(Field::Lat)] >= 0;
    const bool hasXY = result.columns[static_cast<std::size_t>(Field::X)] >= 0 &&
                       result.columns[static_cast<std::size_t>(Field::Y)] >= 0;
    const bool hasWard = result.columns[static_cast<std::size_t>(Field::WardCode)] >= 0 ||
                         result.columns[static_cast<std::size_t>(Field::WardName)] >= 0;
    if (!hasLonLat && !hasXY && !hasWard)
        result.problems.push_back("no location columns: need lon/lat, x/y, ward_code or ward_name");
    result.idsFromRows = result.columns[static_cast<std::size_t>(Field::Id)] < 0;
    return result;
}

std::size_t HeaderResolution::recognised() const {
    return static_cast<std::size_t>(std::count_if(columns.begin(), columns.end(), [](int c) { return c >= 0; }));
}

std::string_view rejectCode(RejectReason reason) {
    static constexpr std::array<std::string_view, kRejectReasonCount> codes = {
        "empty_row",          "field_count",         "wrong_delimiter",      "invalid_utf8",
        "unterminated_quote", "field_too_long",      "missing_id",           "duplicate_id",
        "missing_date",       "invalid_date",        "impossible_date",      "future_date",
        "date_out_of_range",  "missing_age",         "invalid_age",          "age_out_of_range",
        "invalid_sex",        "invalid_boolean",     "invalid_count",        "inconsistent_counts",
        "missing_location",   "incomplete_coordinates", "invalid_coordinate", "coordinate_out_of_range",
        "swapped_lat_lon",    "outside_study_area",  "unknown_ward_code",    "unknown_ward_name",
        "ambiguous_ward_name", "transform_failed",   "invalid_weight",      "former_ward_name"};
    return codes[static_cast<std::size_t>(reason)];
}

std::string_view rejectDescription(RejectReason reason) {
    static constexpr std::array<std::string_view, kRejectReasonCount> text = {
        "empty row",
        "more or fewer fields than the header",
        "another delimiter than the header",
        "not valid UTF-8 (legacy encoding?)",
        "a quoted field is not closed before the end of the file",
        "a field is longer than 64 KiB",
        "the id is empty",
        "the id appeared earlier in the file",
        "the date is empty",
        "the date is not a date",
        "the date is not a calendar day",
        "the date is after the reference date",
        "the date is before 2000-01-01",
        "the age is empty",
        "the age is not a whole number",
        "the age is outside 5-17",
        "the sex is not M, F, nam or nữ",
        "a yes/no field has another value",
        "a survey count is not a whole number of 0 or more",
        "working or out-of-school children exceed the children 5-17",
        "no coordinates, no ward code and no ward name",
        "only one of the two coordinates",
        "a coordinate is not a finite number",
        "a coordinate is out of range",
        "latitude and longitude look swapped",
        "farther than the tolerance from every ward",
        "no ward has this code",
        "no ward has this name",
        "the ward name matches several wards",
        "the coordinates cannot be transformed to the wards' CRS",
        "the weight is not a finite number of 0 or more",
        "the name of a unit from before the July 2025 reform: give the 2025 ward, its code or coordinates"};
    return text[static_cast<std::size_t>(reason)];
}

std::string_view flagCode(RecordFlag flag) {
    static constexpr std::array<std::string_view, kRecordFlagCount> codes = {
        "snapped_to_nearest_ward", "ward_code_mismatch", "joined_by_code", "joined_by_name", "reused_ward_name"};
    return codes[static_cast<std::size_t>(flag)];
}

}  // namespace wardscope::core
