#include "gis/rank_pipeline.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/csv_reader.h"
#include "core/error.h"
#include "gis/gdal_util.h"
#include "gis/map_data.h"
#include "gis/output.h"
#include "gis/pipeline.h"
#include "gis/provenance.h"

namespace wardscope::gis {

void RankRequest::validate() const {
    if (in.empty()) throw UsageError("--in is required");
    if (outDir.empty()) throw UsageError("--out is required");
    if (indicators.empty()) throw UsageError("--indicators needs at least one indicator");
    if (options.topK < 1) throw UsageError("--top must be at least 1");
}

std::vector<std::pair<std::string, double>> parseIndicatorWeights(const std::string& text) {
    std::vector<std::pair<std::string, double>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        const std::size_t eq = item.find('=');
        double w = 1;
        std::string name = item.substr(0, eq);
        if (eq != std::string::npos) {
            const std::string v = item.substr(eq + 1);
            const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), w);
            if (ec != std::errc() || p != v.data() + v.size() || !(w >= 0))
                throw UsageError("--indicators: '" + item + "' needs a weight of 0 or more (name=weight)");
        }
        if (name.empty()) throw UsageError("--indicators: an empty indicator name");
        out.emplace_back(name, w);
        start = end + 1;
    }
    return out;
}

void readRankProject(const std::filesystem::path& project, RankRequest& request) {
    toml::table doc;
    try {
        doc = toml::parse_file(project.string());
    } catch (const toml::parse_error& e) {
        throw InputError(project.string() + ": " + std::string(e.description()));
    }
    const auto rank = doc["rank"];
    if (!rank) return;
    if (auto n = rank["normalise"].value<std::string>()) {
        if (*n != "rank" && *n != "minmax") throw InputError(project.string() + ": rank.normalise must be rank or minmax");
        request.options.normalisation = *n == "minmax" ? core::Normalisation::MinMax : core::Normalisation::Rank;
    }
    if (auto t = rank["top"].value<std::int64_t>()) {
        if (*t < 1) throw InputError(project.string() + ": rank.top must be at least 1");
        request.options.topK = static_cast<std::size_t>(*t);
    }
    if (const toml::table* weights = rank["weights"].as_table()) {
        request.indicators.clear();
        for (const auto& [name, value] : *weights) {
            const auto w = value.value<double>();
            if (!w || *w < 0)
                throw InputError(project.string() + ": rank.weights." + std::string(name.str()) + " must be a number of 0 or more");
            request.indicators.emplace_back(std::string(name.str()), *w);
        }
    }
}

std::map<std::string, double> readRankScores(const std::filesystem::path& ranksCsv) {
    std::ifstream in(ranksCsv, std::ios::binary);
    if (!in) throw InputError(ranksCsv.string() + ": cannot be read");
    core::CsvReader reader(in);
    core::CsvRow row;
    if (!reader.next(row)) throw InputError(ranksCsv.string() + ": empty");
    int rank = -1, code = -1, score = -1;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        if (row.fields[i] == "rank") rank = static_cast<int>(i);
        if (row.fields[i] == "ward_code") code = static_cast<int>(i);
        if (row.fields[i] == "score") score = static_cast<int>(i);
    }
    if (rank < 0 || code < 0 || score < 0)
        throw InputError(ranksCsv.string() + ": no rank, ward_code and score columns (a wardscope rank output?)");
    auto number = [&](std::string_view text, double& out) {
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (ec != std::errc() || p != text.data() + text.size())
            throw InputError(ranksCsv.string() + " row " + std::to_string(row.line) + ": '" + std::string(text) + "' is not a number");
    };
    // A score withheld in shared outputs (empty) is replaced by the ward's
    // position in the ranking, 1 for the first to 0 for the last.
    std::vector<std::tuple<std::string, double, double>> wards;  // code, rank, score (NaN: withheld)
    const auto last = static_cast<std::size_t>(std::max({rank, code, score}));
    while (reader.next(row)) {
        if (row.fields.size() <= last) continue;
        double r = 0, s = std::numeric_limits<double>::quiet_NaN();
        number(row.fields[static_cast<std::size_t>(rank)], r);
        if (!row.fields[static_cast<std::size_t>(score)].empty()) number(row.fields[static_cast<std::size_t>(score)], s);
        wards.emplace_back(std::string(row.fields[static_cast<std::size_t>(code)]), r, s);
    }
    std::map<std::string, double> out;
    const double n = static_cast<double>(wards.size());
    for (const auto& [c, r, s] : wards) out[c] = std::isfinite(s) ? s : n > 1 ? 1 - (r - 1) / (n - 1) : 1.0;
    return out;
}

namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Each ward's values as the ranking reads them: exact (an analysis re-run from
/// its manifest) or as published, with what the published outputs withhold.
struct RankTable {
    std::vector<std::string> codes, names;
    std::vector<std::string> numericFields;  ///< in layer order
    std::map<std::string, std::vector<double>> numbers;  ///< NaN = no value
    std::map<int, int> monthsByYear;  ///< exposure of each cases_<year>; empty: 12 months each
    std::vector<std::set<std::string>> withheld;  ///< per ward: fields the published outputs withhold
    bool exact = false;
    bool shared = false;  ///< the published outputs are in shared mode
    [[nodiscard]] const std::vector<double>* field(const std::string& name) const {
        const auto it = numbers.find(name);
        return it == numbers.end() ? nullptr : &it->second;
    }
};

std::string textOf(const core::Value& v) {
    if (const auto* t = std::get_if<std::string>(&v)) return *t;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return {};
}

double numberOf(const core::Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return kNaN;
}

/// The exact ward values of the analysis in `folder`, re-run in memory from its
/// manifest.json (its inputs unchanged), and the cells its own disclosure policy
/// withholds. nullopt, with the reason in `warnings`, when that cannot be done.
std::optional<RankTable> exactValues(const fs::path& folder, bool scan, std::vector<std::string>& warnings,
                                     core::Progress& progress) {
    const fs::path manifest = folder / "manifest.json";
    std::error_code ec;
    if (!fs::is_regular_file(manifest, ec)) return std::nullopt;
    AnalyzeRequest analysis;
    try {
        analysis = requestFromManifest(manifest);
    } catch (const Error& e) {
        warnings.push_back(std::string("the analysis cannot be re-run for exact values (") + e.what() +
                           "): ranked on the published values, where withheld values are left out");
        return std::nullopt;
    }
    const core::DisclosurePolicy published = analysis.disclosure;
    analysis.writeOutputs = false;
    analysis.density = false;
    analysis.geomask.enabled = false;
    analysis.scan = analysis.scan && scan;
    analysis.disclosure.mode = core::DisclosureMode::Internal;  // in memory only
    const AnalyzeResult run = runAnalyze(analysis, progress);
    const core::Table& table = run.wards;
    RankTable t;
    t.exact = true;
    t.shared = published.mode == core::DisclosureMode::Shared;
    t.monthsByYear = run.caseMonthsByYear;
    const int code = table.columnIndex("ward_code"), full = table.columnIndex("ward_full_name"),
              name = table.columnIndex("ward_name");
    for (const auto& row : table.rows) {
        t.codes.push_back(code >= 0 ? textOf(row[static_cast<std::size_t>(code)]) : std::string());
        std::string label = full >= 0 ? textOf(row[static_cast<std::size_t>(full)]) : std::string();
        if (label.empty() && name >= 0) label = textOf(row[static_cast<std::size_t>(name)]);
        t.names.push_back(label);
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].type == core::ColumnType::Text) continue;
        std::vector<double> values;
        for (const auto& row : table.rows) values.push_back(numberOf(row[c]));
        t.numericFields.push_back(table.columns[c].name);
        t.numbers[table.columns[c].name] = std::move(values);
    }
    // What the published outputs withhold: the same policy on a copy.
    t.withheld.resize(table.rows.size());
    if (t.shared) {
        core::Table copy = table;
        core::applyDisclosure(copy, published, core::wardTableSuppressionSpec(copy));
        for (std::size_t i = 0; i < copy.rows.size(); ++i)
            for (std::size_t c = 0; c < copy.columns.size(); ++c)
                if (std::holds_alternative<core::Suppressed>(copy.rows[i][c])) t.withheld[i].insert(copy.columns[c].name);
    }
    return t;
}

/// The values as published in an analysis output or a ward layer.
RankTable publishedValues(const std::string& in) {
    const MapData data = loadMapData(in);
    RankTable t;
    const std::size_t n = data.wards();
    const int code = data.fieldIndex("ward_code") >= 0 ? data.fieldIndex("ward_code") : 0;
    const int disclosure = data.fieldIndex("disclosure");
    for (std::size_t i = 0; i < n; ++i) {
        t.codes.push_back(data.texts[static_cast<std::size_t>(code)][i]);
        t.names.push_back(data.wardLabel(i));
        t.shared = t.shared || (disclosure >= 0 && data.texts[static_cast<std::size_t>(disclosure)][i] == "shared");
    }
    t.withheld.resize(n);
    for (std::size_t f = 0; f < data.fields.size(); ++f) {
        if (!data.fields[f].numeric) continue;
        t.numericFields.push_back(data.fields[f].name);
        t.numbers[data.fields[f].name] = data.numbers[f];
        for (std::size_t i = 0; i < n; ++i)
            if (data.suppressed(i, data.fields[f].name)) t.withheld[i].insert(data.fields[f].name);
    }
    // The months each year's cases cover, from the analysis summary beside the layer.
    std::error_code ec;
    // (beside the layer, or in the analysis folder given)
    const fs::path summary = (fs::is_directory(in, ec) ? fs::path(in) : fs::path(parseLayerPath(in).path).parent_path()) /
                             "summary.json";
    if (fs::is_regular_file(summary, ec)) {
        try {
            std::ifstream file(summary);
            const auto json = nlohmann::json::parse(file);
            if (json.contains("case_period"))
                for (const auto& [year, months] : json["case_period"]["months_by_year"].items())
                    t.monthsByYear[std::stoi(year)] = months.get<int>();
        } catch (const std::exception& e) {
            throw InputError(summary.string() + ": " + e.what());
        }
    }
    return t;
}

}  // namespace

RankResult runRank(const RankRequest& request, core::Progress& progress) {
    request.validate();
    RankResult result;
    progress.update(0.0, "reading wards");
    bool wantsScan = false;
    for (const auto& [name, weight] : request.indicators) wantsScan = wantsScan || name == "scan_cluster";
    std::optional<RankTable> exact;
    {
        core::SubProgress sub(progress, 0.0, 0.3);
        std::error_code ec;
        if (fs::is_directory(request.in, ec)) exact = exactValues(request.in, wantsScan, result.warnings, sub);
    }
    const RankTable t = exact ? std::move(*exact) : publishedValues(request.in);
    const std::size_t n = t.codes.size();
    result.exactValues = t.exact;
    result.shared = t.shared;
    std::vector<core::Indicator> indicators;
    std::vector<std::vector<std::string>> sources;  // the fields each indicator is computed from
    std::size_t withheldLeftOut = 0;
    for (const auto& [name, weight] : request.indicators) {
        std::vector<double> values(n, kNaN);
        std::vector<std::string> from;
        if (name == "at_risk_share") {
            from = {"survey_children_working", "survey_children_5_17"};
            const auto* working = t.field(from[0]);
            const auto* children = t.field(from[1]);
            if (working && children)
                for (std::size_t i = 0; i < n; ++i)
                    values[i] = (*children)[i] > 0 ? (*working)[i] / (*children)[i] : kNaN;
            else
                from.clear();
        } else if (name == "children") {
            if (const auto* pop = t.field("population")) values = *pop, from = {"population"};
        } else if (name == "trend") {
            std::vector<std::pair<int, const std::vector<double>*>> years;
            for (const auto& f : t.numericFields)
                if (f.size() == 10 && f.rfind("cases_", 0) == 0 && std::all_of(f.begin() + 6, f.end(), ::isdigit)) {
                    years.emplace_back(std::stoi(f.substr(6)), t.field(f));
                    from.push_back(f);
                }
            std::sort(years.begin(), years.end());
            if (years.size() >= 2) {
                std::vector<double> months;
                for (const auto& [year, col] : years) {
                    const auto it = t.monthsByYear.find(year);
                    months.push_back(t.monthsByYear.empty() ? 12.0 : it == t.monthsByYear.end() ? 0.0 : it->second);
                }
                for (std::size_t i = 0; i < n; ++i) {
                    std::vector<double> series;
                    for (const auto& [year, col] : years) series.push_back((*col)[i]);
                    values[i] = core::trendSlope(series, months);
                }
            } else {
                from.clear();
            }
        } else if (const auto* col = t.field(name)) {
            values = *col, from = {name};
        }
        if (from.empty()) {
            result.warnings.push_back("indicator '" + name + "' is not available in " + request.in + " and was left out");
            continue;
        }
        std::size_t missing = 0, withheld = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const bool isWithheld =
                std::any_of(from.begin(), from.end(), [&](const std::string& f) { return t.withheld[i].count(f) > 0; });
            if (!t.exact && isWithheld) values[i] = kNaN;  // a published layer holds no value there
            missing += std::isfinite(values[i]) ? 0 : 1;
            withheld += isWithheld ? 1 : 0;
        }
        if (!t.exact) withheldLeftOut += withheld;
        if (missing > 0)
            result.warnings.push_back("indicator '" + name + "': " + std::to_string(missing) + " wards have no value (" +
                                      (t.exact ? "undefined" : "withheld or undefined") +
                                      "); their score is the weighted mean of their other indicators");
        indicators.push_back({name, std::move(values), weight});
        sources.push_back(std::move(from));
        result.indicators.push_back(name);
    }
    if (indicators.empty()) throw InputError(request.in + ": none of the indicators is available");
    if (!t.exact && withheldLeftOut > 0)
        result.warnings.push_back("ranked on the published values: " + std::to_string(withheldLeftOut) +
                                  " indicator values withheld by the disclosure policy were left out; rank the analysis "
                                  "folder (with its manifest.json and unchanged inputs) to rank on the exact values");
    if (std::count(result.indicators.begin(), result.indicators.end(), "trend") > 0) result.trendExposure = t.monthsByYear;
    progress.update(0.3, "ranking");
    const auto r = core::rankWards(indicators, request.options);
    std::map<std::string, std::size_t> withheldBy;  // indicator -> wards whose contribution is withheld
    for (std::size_t i = 0; i < n; ++i) {
        RankedWard w;
        w.code = t.codes[i];
        w.name = t.names[i];
        w.rank = r.rank[i];
        w.score = r.score[i];
        w.topKShare = r.topKShare[i];
        w.missing = r.missing[i];
        for (std::size_t j = 0; j < r.contribution.size(); ++j) {
            // In shared outputs, nothing computed from a withheld value: its
            // contribution, and the score (which would give it back). Ranked on
            // the published values, there is nothing withheld to give back.
            const bool withheld = t.shared && t.exact && std::any_of(sources[j].begin(), sources[j].end(), [&](const std::string& f) {
                                      return t.withheld[i].count(f) > 0;
                                  });
            w.contributions.push_back(withheld ? kNaN : r.contribution[j][i]);
            if (withheld) {
                w.score = kNaN;
                w.withheld.push_back(indicators[j].name);
                ++withheldBy[indicators[j].name];
            }
        }
        result.wards.push_back(std::move(w));
    }
    std::sort(result.wards.begin(), result.wards.end(), [](const RankedWard& a, const RankedWard& b) { return a.rank < b.rank; });
    if (!withheldBy.empty()) {
        std::size_t scores = 0;
        for (const auto& w : result.wards) scores += std::isfinite(w.score) ? 0 : 1;
        std::string by;
        for (const auto& [name, count] : withheldBy) by += (by.empty() ? "" : ", ") + name + " " + std::to_string(count);
        result.warnings.push_back(std::to_string(scores) + " wards' scores are withheld (shared outputs): an indicator of "
                                  "theirs is computed from a count the analysis withholds (wards per indicator: " + by +
                                  "; `withheld` in ranks.csv). Their rank is published; drop an indicator with "
                                  "--indicators to publish more scores");
    }
    // ranks.csv ("why this ward": every indicator's contribution) and a summary.
    std::string csv = "rank,ward_code,ward_name,score,top_" + std::to_string(request.options.topK) +
                      "_share,missing_indicators,withheld";
    for (const auto& name : result.indicators) csv += ",contribution_" + name;
    csv += "\n";
    char buf[64];
    for (const auto& w : result.wards) {
        csv += std::to_string(w.rank) + "," + core::csvTextCell(w.code) + "," + core::csvTextCell(w.name);
        auto number = [&](double v) {  // empty: withheld (shared outputs) or no value
            if (std::isfinite(v)) {
                std::snprintf(buf, sizeof buf, ",%.6f", v);
                csv += buf;
            } else {
                csv += ",";
            }
        };
        number(w.score);
        std::snprintf(buf, sizeof buf, ",%.3f,%zu,", w.topKShare, w.missing);
        csv += buf;
        std::string withheld;
        for (const auto& name : w.withheld) withheld += (withheld.empty() ? "" : ";") + name;
        csv += core::csvEscape(withheld);
        for (double c : w.contributions) number(c);
        csv += "\n";
    }
    nlohmann::ordered_json summary = {{"wardscope_version", WARDSCOPE_VERSION},
                                      {"input", request.in},
                                      {"values", result.exactValues ? "exact: the analysis re-run in memory from its manifest.json"
                                                                    : "as published (withheld values left out)"},
                                      {"disclosure", result.shared ? "shared" : "internal"},
                                      {"normalisation", request.options.normalisation == core::Normalisation::Rank ? "rank" : "minmax"},
                                      {"indicators", nlohmann::ordered_json::array()},
                                      {"top_k", request.options.topK},
                                      {"stability", {{"draws", request.options.draws}, {"weight_spread", request.options.spread},
                                                     {"seed", request.options.seed}}},
                                      {"top", nlohmann::ordered_json::array()},
                                      {"warnings", result.warnings}};
    for (std::size_t j = 0; j < indicators.size(); ++j)
        summary["indicators"].push_back({{"name", indicators[j].name}, {"weight", indicators[j].weight}});
    if (!result.trendExposure.empty() || std::count(result.indicators.begin(), result.indicators.end(), "trend") > 0) {
        nlohmann::ordered_json months;
        for (const auto& [year, m] : result.trendExposure) months[std::to_string(year)] = m;
        summary["trend"] = {{"unit", "cases per 12 months of exposure, change per year"},
                            {"months_by_year", result.trendExposure.empty() ? nlohmann::ordered_json("12 each (not recorded)")
                                                                            : months}};
    }
    for (std::size_t k = 0; k < std::min(request.options.topK, result.wards.size()); ++k) {
        const auto& w = result.wards[k];
        summary["top"].push_back({{"rank", w.rank}, {"ward_code", w.code}, {"ward_name", w.name},
                                  {"score", std::isfinite(w.score) ? nlohmann::ordered_json(w.score) : nlohmann::ordered_json()},
                                  {"top_k_share", w.topKShare}, {"withheld", w.withheld}});
    }
    prepareOutputFolder(request.outDir, &result.warnings);
    writeTextFileAtomically(request.outDir / "ranks.csv", csv);
    writeTextFileAtomically(request.outDir / "rank_summary.json", summary.dump(2) + "\n");
    result.outputs = {request.outDir / "ranks.csv", request.outDir / "rank_summary.json"};
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
