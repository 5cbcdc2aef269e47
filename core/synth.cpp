#include "core/synth.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "core/csv_reader.h"
#include "core/random.h"

namespace wardscope::core {

std::vector<PlantedHotspot> defaultHaiPhongHotspots() {
    // Illustrative settings only: the places are typical of where child labour is
    // looked for (craft villages, the port and industrial zones, markets), not data.
    return {
        {"craft village belt (Vĩnh Bảo)", {106.487, 20.680}, 2500, 160, "thủ công - làng nghề", 0.20},
        {"craft village belt (Nam Sách)", {106.354, 20.981}, 2000, 90, "làng nghề gốm", 0.18},
        {"port and logistics zone (Hải An / Đông Hải)", {106.760, 20.815}, 2200, 140, "cảng - bốc xếp (dịch vụ)", 0.16},
        {"industrial zone (An Dương)", {106.596, 20.862}, 1800, 110, "sản xuất - chế biến", 0.14},
        {"wholesale market (Lê Chân)", {106.684, 20.843}, 900, 80, "buôn bán - chợ", 0.12},
    };
}

namespace {

constexpr double kMetersPerDegree = 111320.0;

std::string fixed(double v, int decimals) {
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v);
    return buf.data();
}

std::string padded(std::int64_t v, int width) {
    std::string s = std::to_string(v);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

Date randomDate(Random& rng, const Date& first, const Date& last) {
    // Month-granular uniform pick, then a valid day in it.
    const int months = (last.year - first.year) * 12 + (last.month - first.month) + 1;
    for (;;) {
        const int m = static_cast<int>(rng.below(static_cast<std::uint64_t>(months)));
        Date d{first.year + (first.month - 1 + m) / 12, (first.month - 1 + m) % 12 + 1, 1 + static_cast<int>(rng.below(31))};
        if (isValidCalendarDate(d.year, d.month, d.day) && d >= first && d <= last) return d;
    }
}

bool samplePointInShape(Random& rng, const PolygonIndex& index, std::int32_t ward, Point& out) {
    const Box& b = index.bounds(ward);
    for (int attempt = 0; attempt < 100000; ++attempt) {
        const Point p{rng.uniform(b.minX, b.maxX), rng.uniform(b.minY, b.maxY)};
        if (index.contains(ward, p)) {
            out = p;
            return true;
        }
    }
    return false;
}

std::string joinRow(const std::vector<std::string>& fields, char delim = ',') {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) line.push_back(delim);
        line += csvEscape(fields[i]);
    }
    return line;
}

const std::array<std::string_view, 7> kBackgroundSectors = {
    "nông nghiệp", "đánh bắt thủy sản", "thủ công", "may mặc - sản xuất", "xây dựng", "dịch vụ - quán ăn", "giúp việc gia đình"};
const std::array<std::string_view, 4> kStatuses = {"đang hỗ trợ", "đã can thiệp", "đã trở lại trường", "đang theo dõi"};

}  // namespace

SynthResult synthesize(const std::vector<SynthWard>& wards, const PolygonIndex& index, const SynthOptions& options) {
    Random rng(options.seed);
    const std::vector<PlantedHotspot> hotspots =
        options.hotspots.empty() ? defaultHaiPhongHotspots() : options.hotspots;
    SynthResult result;
    result.cases.columns = {{"case_id", ColumnType::Text},   {"detected_on", ColumnType::Text},
                            {"sex", ColumnType::Text},       {"age", ColumnType::Integer},
                            {"sector", ColumnType::Text},    {"hazardous", ColumnType::Text},
                            {"status", ColumnType::Text},    {"ward_code", ColumnType::Text},
                            {"ward_name", ColumnType::Text}, {"lon", ColumnType::Real},
                            {"lat", ColumnType::Real}};
    result.survey.columns = {{"survey_id", ColumnType::Text},
                             {"surveyed_on", ColumnType::Text},
                             {"ward_code", ColumnType::Text},
                             {"ward_name", ColumnType::Text},
                             {"lon", ColumnType::Real},
                             {"lat", ColumnType::Real},
                             {"children_5_17", ColumnType::Integer},
                             {"children_working", ColumnType::Integer},
                             {"children_out_of_school", ColumnType::Integer},
                             {"poor", ColumnType::Text},
                             {"migrant", ColumnType::Text}};

    std::int64_t caseSerial = 0;
    auto addCase = [&](std::int32_t ward, Point p, std::string_view sector, bool planted) {
        const Date d = randomDate(rng, options.first, options.last);
        const bool male = rng.chance(0.62);
        // Older children are more often found working.
        static constexpr std::array<double, 13> ageWeights = {1, 1, 1, 2, 2, 3, 4, 5, 7, 9, 11, 12, 12};
        double total = 0;
        for (double w : ageWeights) total += w;
        double u = rng.uniform() * total;
        int age = 5;
        for (double w : ageWeights) {
            if (u < w) break;
            u -= w;
            ++age;
        }
        age = std::min(age, 17);
        std::vector<Value> row;
        row.emplace_back("SYN-C-" + padded(++caseSerial, 6));
        row.emplace_back(d.iso());
        row.emplace_back(std::string(male ? "M" : "F"));
        row.emplace_back(std::int64_t{age});
        row.emplace_back(std::string(sector));
        row.emplace_back(std::string(rng.chance(planted ? 0.55 : 0.35) ? "yes" : "no"));
        row.emplace_back(std::string(kStatuses[rng.below(kStatuses.size())]));
        const auto& w = wards[static_cast<std::size_t>(ward)];
        const double r = rng.uniform();
        if (r < options.withoutCoordinatesShare / 2) {
            row.emplace_back(w.code);  // code only
            row.emplace_back(std::string());
            row.emplace_back(std::monostate{});
            row.emplace_back(std::monostate{});
        } else if (r < options.withoutCoordinatesShare) {
            row.emplace_back(std::string());  // name only
            row.emplace_back(w.name);
            row.emplace_back(std::monostate{});
            row.emplace_back(std::monostate{});
        } else {
            row.emplace_back(w.code);
            row.emplace_back(w.name);
            row.emplace_back(std::round(p.x * 1e6) / 1e6);
            row.emplace_back(std::round(p.y * 1e6) / 1e6);
        }
        result.cases.rows.push_back(std::move(row));
    };

    // Background: Poisson counts per ward, points uniform inside the ward.
    std::vector<double> children(wards.size());
    for (std::size_t i = 0; i < wards.size(); ++i) {
        children[i] = wards[i].population * options.childShare;
        const auto n = rng.poisson(children[i] * options.backgroundCasesPer1000Children / 1000.0);
        for (std::int64_t k = 0; k < n; ++k) {
            Point p;
            if (!samplePointInShape(rng, index, static_cast<std::int32_t>(i), p)) break;
            addCase(static_cast<std::int32_t>(i), p, kBackgroundSectors[rng.below(kBackgroundSectors.size())], false);
        }
    }
    // Planted concentrations: Gaussian around each centre, kept when on land.
    for (const auto& h : hotspots) {
        const auto n = rng.poisson(h.extraCases);
        std::int64_t placed = 0;
        for (std::int64_t k = 0; k < n; ++k) {
            for (int attempt = 0; attempt < 1000; ++attempt) {
                const double dx = rng.normal() * h.sigmaMeters, dy = rng.normal() * h.sigmaMeters;
                const Point p{h.centre.x + dx / (kMetersPerDegree * std::cos(h.centre.y * std::numbers::pi / 180)),
                              h.centre.y + dy / kMetersPerDegree};
                const std::int32_t ward = index.locate(p);
                if (ward < 0) continue;
                addCase(ward, p, h.sector, true);
                ++placed;
                break;
            }
        }
        result.plantedCasesPerHotspot.push_back(placed);
    }

    // Survey: households in each ward, more working children near the hotspots.
    std::int64_t surveySerial = 0;
    for (std::size_t i = 0; i < wards.size(); ++i) {
        const auto households = static_cast<std::int64_t>(std::llround(children[i] * options.surveyCoverage / 1.8));
        for (std::int64_t k = 0; k < households; ++k) {
            Point p;
            if (!samplePointInShape(rng, index, static_cast<std::int32_t>(i), p)) break;
            double working = 0.02;
            for (const auto& h : hotspots) {
                const double dx = (p.x - h.centre.x) * kMetersPerDegree * std::cos(h.centre.y * std::numbers::pi / 180);
                const double dy = (p.y - h.centre.y) * kMetersPerDegree;
                working += h.workingShare * std::exp(-(dx * dx + dy * dy) / (2 * h.sigmaMeters * h.sigmaMeters));
            }
            const std::int64_t kids = 1 + static_cast<std::int64_t>(rng.below(4));
            const std::int64_t work = rng.binomial(kids, std::min(working, 0.9));
            const std::int64_t out = std::min<std::int64_t>(kids, work / 2 + rng.binomial(kids - work, 0.03));
            std::vector<Value> row;
            row.emplace_back("SYN-S-" + padded(++surveySerial, 7));
            row.emplace_back(randomDate(rng, options.first, options.last).iso());
            row.emplace_back(wards[i].code);
            row.emplace_back(wards[i].name);
            row.emplace_back(std::round(p.x * 1e6) / 1e6);
            row.emplace_back(std::round(p.y * 1e6) / 1e6);
            row.emplace_back(kids);
            row.emplace_back(work);
            row.emplace_back(out);
            row.emplace_back(std::string(rng.chance(0.08 + working) ? "có" : "không"));
            row.emplace_back(std::string(rng.chance(0.06 + working / 2) ? "có" : "không"));
            result.survey.rows.push_back(std::move(row));
        }
    }

    // Messy sample: good rows interleaved with every kind of bad row.
    auto text = [](const Value& v) -> std::string {
        if (const auto* s = std::get_if<std::string>(&v)) return *s;
        if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
        if (const auto* d = std::get_if<double>(&v)) return fixed(*d, 6);
        return {};
    };
    std::vector<std::string> header;
    for (const auto& c : result.cases.columns) header.push_back(c.name);
    result.messyCaseLines.push_back(joinRow(header));
    std::vector<std::vector<std::string>> good;
    for (const auto& row : result.cases.rows) {
        if (std::holds_alternative<std::monostate>(row[9])) continue;
        std::vector<std::string> fields;
        for (const auto& v : row) fields.push_back(text(v));
        good.push_back(std::move(fields));
        if (good.size() == 60) break;
    }
    if (good.size() < 40) return result;  // too little data for a messy sample
    std::int64_t messySerial = 0;
    auto fresh = [&](std::size_t k) {
        auto f = good[k % good.size()];
        f[0] = "SYN-M-" + padded(++messySerial, 4);
        return f;
    };
    auto emit = [&](const std::string& line, std::string expected) {
        result.messyCaseLines.push_back(line);
        result.messyExpectations.emplace_back(result.messyCaseLines.size(), std::move(expected));
    };
    std::size_t k = 0;
    auto goodRow = [&] { emit(joinRow(fresh(k++)), "accepted"); };
    struct Bad {
        std::string expected;
        std::vector<std::string> (*make)(std::vector<std::string>);
    };
    const std::vector<Bad> bads = {
        {"missing_location", [](auto f) { f[7] = ""; f[8] = ""; f[9] = ""; f[10] = ""; return f; }},
        {"invalid_coordinate", [](auto f) { f[9] = "NaN"; return f; }},
        {"invalid_coordinate", [](auto f) { f[10] = "inf"; return f; }},
        {"invalid_coordinate", [](auto f) { f[9] = "106.6x"; return f; }},
        {"swapped_lat_lon", [](auto f) { std::swap(f[9], f[10]); return f; }},
        {"coordinate_out_of_range", [](auto f) { f[10] = "200.5"; return f; }},
        {"incomplete_coordinates", [](auto f) { f[10] = ""; return f; }},
        {"outside_study_area", [](auto f) { f[9] = "105.8542"; f[10] = "21.0285"; return f; }},  // Hanoi
        {"unknown_ward_code", [](auto f) { f[7] = "99999"; f[8] = ""; f[9] = ""; f[10] = ""; return f; }},
        {"unknown_ward_name", [](auto f) { f[7] = ""; f[8] = "Phường Không Tồn Tại"; f[9] = ""; f[10] = ""; return f; }},
        {"ambiguous_ward_name", [](auto f) { f[7] = ""; f[8] = "Cam Giang"; f[9] = ""; f[10] = ""; return f; }},
        {"impossible_date", [](auto f) { f[1] = "2023-02-30"; return f; }},
        {"impossible_date", [](auto f) { f[1] = "31/04/2024"; return f; }},
        {"invalid_date", [](auto f) { f[1] = "mùng 5 tháng 3"; return f; }},
        {"future_date", [](auto f) { f[1] = "2031-05-01"; return f; }},
        {"missing_date", [](auto f) { f[1] = ""; return f; }},
        {"age_out_of_range", [](auto f) { f[3] = "19"; return f; }},
        {"age_out_of_range", [](auto f) { f[3] = "3"; return f; }},
        {"invalid_age", [](auto f) { f[3] = "mười hai"; return f; }},
        {"missing_age", [](auto f) { f[3] = ""; return f; }},
        {"invalid_sex", [](auto f) { f[2] = "X"; return f; }},
        {"invalid_boolean", [](auto f) { f[5] = "maybe"; return f; }},
        {"missing_id", [](auto f) { f[0] = ""; return f; }},
        {"field_count", [](auto f) { f.pop_back(); return f; }},
        {"field_count", [](auto f) { f.push_back("extra"); return f; }},
    };
    for (std::size_t b = 0; b < bads.size(); ++b) {
        goodRow();
        goodRow();
        emit(joinRow(bads[b].make(fresh(k++))), bads[b].expected);
    }
    // Rows that need raw text rather than fields.
    goodRow();
    {
        auto f = fresh(k++);
        f[0] = "SYN-M-0001";
        emit(joinRow(f), "duplicate_id");
    }
    goodRow();
    emit(joinRow(fresh(k++), ';'), "wrong_delimiter");
    goodRow();
    {
        auto f = fresh(k++);
        f[8] = "Ph\xC6\xB0\xE1\xBB\x9Dng \xC3\x28 broken";  // broken UTF-8
        emit(joinRow(f), "invalid_utf8");
    }
    goodRow();
    emit("", "empty_row");
    goodRow();
    {
        auto f = fresh(k++);  // coordinates right, ward code of another ward: accepted, flagged
        f[7] = good[(k + 7) % good.size()][7] == f[7] ? "11948" : good[(k + 7) % good.size()][7];
        emit(joinRow(f), "accepted");
    }
    goodRow();
    {
        auto f = fresh(k++);
        f[9].replace(f[9].find('.'), 1, ",");  // decimal comma, quoted: accepted
        emit(joinRow(f), "accepted");
    }
    goodRow();
    {
        auto f = fresh(k++);
        f[4] = std::string(100000, 'x');  // a 100 kB field
        emit(joinRow(f), "field_too_long");
    }
    goodRow();
    {
        auto f = fresh(k++);
        f[1] = "2024-13-01";
        emit(joinRow(f), "impossible_date");
    }
    goodRow();
    emit(joinRow(fresh(k++)).substr(0, 20) + "\"unterminated,quote", "unterminated_quote");
    return result;
}

std::vector<Point> randomPointsInShapes(const PolygonIndex& index, std::size_t count, std::uint64_t seed) {
    Random rng(seed);
    std::vector<Point> points;
    points.reserve(count);
    const Box& e = index.extent();
    while (points.size() < count) {
        const Point p{rng.uniform(e.minX, e.maxX), rng.uniform(e.minY, e.maxY)};
        if (index.locate(p) >= 0) points.push_back(p);
    }
    return points;
}

}  // namespace wardscope::core
