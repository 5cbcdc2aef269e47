#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdint>

#include "core/record_parser.h"

using namespace wardscope::core;

namespace {

const std::vector<std::string> kCaseHeader = {"case_id", "detected_on", "sex",       "age", "sector", "hazardous",
                                              "status",  "ward_code",   "ward_name", "lon", "lat"};

struct RowCase {
    const char* name;
    std::vector<std::string> fields;
    const char* expected;  // reject code, or "ok"
};

std::vector<std::string> goodRow() {
    return {"C1", "2024-03-15", "F", "13", "làng nghề", "có", "đang hỗ trợ", "11383", "Lê Chân", "106.68", "20.84"};
}

std::vector<std::string> with(std::size_t i, std::string v) {
    auto r = goodRow();
    r[i] = std::move(v);
    return r;
}

class CaseRows : public ::testing::TestWithParam<RowCase> {};

TEST_P(CaseRows, RejectReason) {
    const auto& c = GetParam();
    const auto res = resolveHeader(RecordKind::Case, kCaseHeader, {});
    ASSERT_TRUE(res.problems.empty());
    RecordRules rules;
    rules.asOf = {2025, 12, 31};
    RecordParser parser(RecordKind::Case, res.columns, kCaseHeader.size(), rules);
    std::vector<std::string_view> views(c.fields.begin(), c.fields.end());
    ParsedRecord rec;
    RowReject reject{};
    const bool ok = parser.parse(views, rec, reject);
    if (std::string(c.expected) == "ok") {
        EXPECT_TRUE(ok) << reject.message;
    } else {
        ASSERT_FALSE(ok);
        EXPECT_EQ(rejectCode(reject.reason), c.expected) << reject.message;
        EXPECT_FALSE(reject.message.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CaseRows,
    ::testing::Values(RowCase{"good", goodRow(), "ok"},
                      RowCase{"decimal_comma", with(9, "106,68"), "ok"},
                      RowCase{"name_only", [] { auto r = goodRow(); r[7] = r[9] = r[10] = ""; return r; }(), "ok"},
                      RowCase{"too_few", [] { auto r = goodRow(); r.pop_back(); return r; }(), "field_count"},
                      RowCase{"missing_id", with(0, " "), "missing_id"},
                      RowCase{"age_with_unit", with(3, "17 tuổi"), "ok"},
                      RowCase{"age_with_unit_capital_no_diacritics", with(3, "14 Tuoi"), "ok"},
                      RowCase{"age_with_unit_no_space", with(3, "9tuổi"), "ok"},
                      RowCase{"age_with_unit_out_of_range", with(3, "19 tuổi"), "age_out_of_range"},
                      RowCase{"age_in_months", with(3, "17 tháng"), "invalid_age"},
                      RowCase{"age_unit_alone", with(3, "tuổi"), "invalid_age"},
                      RowCase{"two_digit_year", with(1, "24/01/25"), "ok"},
                      RowCase{"missing_date", with(1, ""), "missing_date"},
                      RowCase{"bad_date", with(1, "March 2024"), "invalid_date"},
                      RowCase{"impossible_date", with(1, "2023-02-29"), "impossible_date"},
                      RowCase{"future_date", with(1, "2026-01-01"), "future_date"},
                      RowCase{"old_date", with(1, "1999-12-31"), "date_out_of_range"},
                      RowCase{"age_4", with(3, "4"), "age_out_of_range"},
                      RowCase{"age_18", with(3, "18"), "age_out_of_range"},
                      RowCase{"age_negative", with(3, "-3"), "age_out_of_range"},
                      RowCase{"age_text", with(3, "mười hai"), "invalid_age"},
                      RowCase{"age_empty", with(3, ""), "missing_age"},
                      RowCase{"sex_bad", with(2, "?"), "invalid_sex"},
                      RowCase{"hazard_bad", with(5, "perhaps"), "invalid_boolean"},
                      RowCase{"nan", with(9, "NaN"), "invalid_coordinate"},
                      RowCase{"inf", with(10, "-inf"), "invalid_coordinate"},
                      RowCase{"text_coord", with(9, "106°41'"), "invalid_coordinate"},
                      RowCase{"one_coord", with(10, ""), "incomplete_coordinates"},
                      RowCase{"lon_out_of_range", with(9, "206.5"), "coordinate_out_of_range"},
                      RowCase{"no_location", [] { auto r = goodRow(); r[7] = r[8] = r[9] = r[10] = ""; return r; }(),
                              "missing_location"}),
    [](const auto& testInfo) { return std::string(testInfo.param.name); });

}  // namespace

TEST(RecordParser, ParsesFieldsOfAGoodCase) {
    const auto res = resolveHeader(RecordKind::Case, kCaseHeader, {});
    RecordParser parser(RecordKind::Case, res.columns, kCaseHeader.size(), RecordRules{});
    const auto row = goodRow();
    std::vector<std::string_view> views(row.begin(), row.end());
    ParsedRecord rec;
    RowReject reject{};
    ASSERT_TRUE(parser.parse(views, rec, reject));
    const auto& c = std::get<CaseFields>(rec.fields);
    EXPECT_EQ(rec.id, "C1");
    EXPECT_EQ(c.sex, Sex::Female);
    EXPECT_EQ(c.age, 13);
    EXPECT_EQ(c.sector, Sector::Craft);
    EXPECT_EQ(c.hazardous, std::optional<bool>(true));
    EXPECT_TRUE(rec.location.hasPoint);
    EXPECT_DOUBLE_EQ(rec.location.x, 106.68);
    EXPECT_EQ(rec.location.wardCode, "11383");
}

TEST(RecordParser, SurveyCountsMustBeConsistent) {
    const std::vector<std::string> header = {"survey_id", "surveyed_on", "ward_code", "children_5_17", "children_working",
                                             "children_out_of_school", "poor", "migrant"};
    const auto res = resolveHeader(RecordKind::Survey, header, {});
    ASSERT_TRUE(res.problems.empty());
    RecordParser parser(RecordKind::Survey, res.columns, header.size(), RecordRules{});
    auto parse = [&](std::vector<std::string> f, RowReject& r) {
        std::vector<std::string_view> v(f.begin(), f.end());
        ParsedRecord rec;
        return parser.parse(v, rec, r);
    };
    RowReject r{};
    EXPECT_TRUE(parse({"S1", "2024-01-02", "11383", "3", "1", "0", "có", "không"}, r));
    EXPECT_FALSE(parse({"S2", "2024-01-02", "11383", "2", "3", "0", "", ""}, r));
    EXPECT_EQ(r.reason, RejectReason::InconsistentCounts);
    EXPECT_FALSE(parse({"S3", "2024-01-02", "11383", "-1", "0", "0", "", ""}, r));
    EXPECT_EQ(r.reason, RejectReason::InvalidCount);
}

TEST(Header, VietnameseHeadersAndMappingOverrides) {
    const std::vector<std::string> header = {"Mã hồ sơ", "Ngày phát hiện", "Giới tính", "Tuổi", "Mã xã", "Kinh độ", "Vĩ độ"};
    const auto res = resolveHeader(RecordKind::Case, header, {});
    EXPECT_TRUE(res.problems.empty());
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::Id)], 0);
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::WardCode)], 4);
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::Lon)], 5);
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::Lat)], 6);

    const std::vector<std::string> odd = {"so_ho_so", "ngay", "tuoi_tre", "xa"};
    const auto mapped = resolveHeader(RecordKind::Case, odd,
                                      {{"case_id", "so_ho_so"}, {"detected_on", "ngay"}, {"age", "tuoi_tre"}, {"ward_name", "xa"}});
    EXPECT_TRUE(mapped.problems.empty());
    EXPECT_EQ(mapped.columns[static_cast<std::size_t>(Field::Age)], 2);

    const auto missing = resolveHeader(RecordKind::Case, {"foo", "bar"}, {{"nonsense", "foo"}});
    EXPECT_GE(missing.problems.size(), 3u);  // unknown mapping, missing id/date/age, no location
}

TEST(Header, WardOfficeListWithSttAndNoIdIsReadByRow) {
    // As a ward office writes it: STT (a row number, not an id), the child's
    // name (never read), the job in free text, the ward by its name.
    const std::vector<std::string> header = {"STT", "Họ và tên", "Ngày phát hiện", "Tuổi", "Giới tính", "Công việc", "Phường/Xã"};
    const auto res = resolveHeader(RecordKind::Case, header, {});
    EXPECT_TRUE(res.problems.empty());
    EXPECT_TRUE(res.idsFromRows);
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::Id)], -1);  // STT is not taken as the id
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::Sector)], 5);
    EXPECT_EQ(res.columns[static_cast<std::size_t>(Field::WardName)], 6);
    EXPECT_EQ(res.recognised(), 5u);  // date, age, sex, sector, ward name
    RecordRules rules;
    rules.asOf = {2026, 1, 31};
    RecordParser parser(RecordKind::Case, res.columns, header.size(), rules);
    const std::vector<std::string> row = {"1", "Nguyễn Văn A", "24/01/25", "17 tuổi", "Nam", "phụ hồ", "Phường An Biên"};
    const std::vector<std::string_view> views(row.begin(), row.end());
    ParsedRecord rec;
    RowReject reject{};
    ASSERT_TRUE(parser.parse(views, rec, reject)) << reject.message;
    EXPECT_TRUE(rec.id.empty());
    const auto& c = std::get<CaseFields>(rec.fields);
    EXPECT_EQ(c.age, 17);
    EXPECT_EQ(c.detectedOn, (Date{2025, 1, 24}));
    // A title row names no field; the header row names five.
    EXPECT_EQ(resolveHeader(RecordKind::Case, {"UBND PHƯỜNG AN BIÊN", "", "", "", "", "", ""}, {}).recognised(), 0u);
}

TEST(Sector, KeywordsInBothLanguages) {
    EXPECT_EQ(classifySector("Làng nghề gốm"), Sector::Craft);
    EXPECT_EQ(classifySector("đánh bắt thủy sản"), Sector::Fishing);
    EXPECT_EQ(classifySector("buôn bán - chợ"), Sector::Services);
    EXPECT_EQ(classifySector("construction site"), Sector::Construction);
    EXPECT_EQ(classifySector(""), Sector::Other);
}

// A parser remembers the sector texts it has classified (the first few in a
// short list, then a hash table): many spellings, each seen again and again in
// any order, are classified as classifySector classifies them.
TEST(Sector, RememberedTextsKeepTheirClass) {
    const auto res = resolveHeader(RecordKind::Case, kCaseHeader, {});
    RecordRules rules;
    rules.asOf = {2025, 12, 31};
    RecordParser parser(RecordKind::Case, res.columns, kCaseHeader.size(), rules);
    const std::vector<std::string> texts = {"thủ công", "xây dựng", "dịch vụ", "nông nghiệp", "Làng nghề gốm",
                                            "đánh bắt thủy sản", "buôn bán - chợ", "construction site", "",
                                            "may mặc", "THỦ CÔNG", "dich vu", "khác", "fishing"};
    for (int round = 0; round < 3; ++round)
        for (std::size_t k = 0; k < texts.size(); ++k) {
            const std::string& text = texts[(k * 5 + static_cast<std::size_t>(round)) % texts.size()];
            auto row = with(4, text);
            std::vector<std::string_view> views(row.begin(), row.end());
            ParsedRecord rec;
            RowReject reject{};
            ASSERT_TRUE(parser.parse(views, rec, reject)) << reject.message;
            EXPECT_EQ(std::get<CaseFields>(rec.fields).sector, classifySector(text)) << text;
        }
}

// Plain decimals take a fast path (Clinger's: an exact integer divided by an
// exact power of ten); it must give the very double std::from_chars gives, for
// any length and sign, and leave everything else to the general parser.
TEST(Coordinate, FastPathGivesTheSameDoubleAsFromChars) {
    std::uint64_t state = 99;
    auto next = [&](std::uint64_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % bound;
    };
    auto reference = [](std::string_view t) -> std::optional<double> {
        double v = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
        return v;
    };
    for (int k = 0; k < 300000; ++k) {
        std::string t = next(3) == 0 ? "-" : "";
        for (std::size_t d = 0, n = next(12); d < n; ++d) t += static_cast<char>('0' + next(10));
        if (next(5) != 0) t += '.';
        for (std::size_t d = 0, n = next(14); d < n; ++d) t += static_cast<char>('0' + next(10));
        const auto got = parseCoordinate(t);
        const auto want = reference(t);
        ASSERT_EQ(got.has_value(), want.has_value()) << t;
        if (got) {
            ASSERT_EQ(std::bit_cast<std::uint64_t>(*got), std::bit_cast<std::uint64_t>(*want)) << t;
        }
    }
    EXPECT_EQ(parseCoordinate("106.577984"), 106.577984);
    EXPECT_EQ(parseCoordinate(" -20.9 "), -20.9);
    EXPECT_EQ(parseCoordinate("+106.5"), 106.5);            // general path
    EXPECT_EQ(parseCoordinate("106,5"), 106.5);             // decimal comma
    EXPECT_EQ(parseCoordinate("1.0659e2"), 106.59);         // exponent
    EXPECT_EQ(parseCoordinate("106.5779841234567891"), 106.5779841234567891);  // 19 digits
    EXPECT_FALSE(parseCoordinate(".").has_value());
    EXPECT_FALSE(parseCoordinate("-").has_value());
    EXPECT_FALSE(parseCoordinate("1.2.3").has_value());
    EXPECT_FALSE(parseCoordinate("1,2,3").has_value());
    EXPECT_FALSE(parseCoordinate("12a").has_value());
}
