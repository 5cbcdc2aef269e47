#include "gis/rank_pipeline.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

#include "core/csv_reader.h"
#include "core/error.h"
#include "gis/map_data.h"
#include "gis/output.h"

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
    int code = -1, score = -1;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        if (row.fields[i] == "ward_code") code = static_cast<int>(i);
        if (row.fields[i] == "score") score = static_cast<int>(i);
    }
    if (code < 0 || score < 0) throw InputError(ranksCsv.string() + ": no ward_code and score columns (a wardscope rank output?)");
    std::map<std::string, double> out;
    while (reader.next(row)) {
        if (row.fields.size() <= static_cast<std::size_t>(std::max(code, score))) continue;
        out[std::string(row.fields[static_cast<std::size_t>(code)])] = std::stod(std::string(row.fields[static_cast<std::size_t>(score)]));
    }
    return out;
}

RankResult runRank(const RankRequest& request, core::Progress& progress) {
    request.validate();
    progress.update(0.0, "reading wards");
    const MapData data = loadMapData(request.in);
    const std::size_t n = data.wards();
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    auto field = [&](const std::string& name) -> const std::vector<double>* {
        const int f = data.fieldIndex(name);
        return f >= 0 && data.fields[static_cast<std::size_t>(f)].numeric ? &data.numbers[static_cast<std::size_t>(f)] : nullptr;
    };
    RankResult result;
    std::vector<core::Indicator> indicators;
    for (const auto& [name, weight] : request.indicators) {
        std::vector<double> values(n, kNaN);
        bool found = true;
        if (name == "at_risk_share") {
            const auto* working = field("survey_children_working");
            const auto* children = field("survey_children_5_17");
            found = working && children;
            if (found)
                for (std::size_t i = 0; i < n; ++i)
                    values[i] = (*children)[i] > 0 ? (*working)[i] / (*children)[i] : kNaN;
        } else if (name == "children") {
            const auto* pop = field("population");
            found = pop != nullptr;
            if (found) values = *pop;
        } else if (name == "trend") {
            std::vector<std::pair<int, const std::vector<double>*>> years;
            for (const auto& f : data.fields)
                if (f.numeric && f.name.size() == 10 && f.name.rfind("cases_", 0) == 0 &&
                    std::all_of(f.name.begin() + 6, f.name.end(), ::isdigit))
                    years.emplace_back(std::stoi(f.name.substr(6)), field(f.name));
            std::sort(years.begin(), years.end());
            found = years.size() >= 2;
            if (found)
                for (std::size_t i = 0; i < n; ++i) {
                    std::vector<double> series;
                    for (const auto& [year, col] : years) series.push_back((*col)[i]);
                    values[i] = core::trendSlope(series);
                }
        } else {
            const auto* col = field(name);
            found = col != nullptr;
            if (found) values = *col;
        }
        if (!found) {
            result.warnings.push_back("indicator '" + name + "' is not available in " + request.in + " and was left out");
            continue;
        }
        std::size_t missing = 0;
        for (double v : values) missing += std::isfinite(v) ? 0 : 1;
        if (missing > 0)
            result.warnings.push_back("indicator '" + name + "': " + std::to_string(missing) +
                                      " wards have no value (suppressed or undefined) and score 0 on it");
        indicators.push_back({name, std::move(values), weight});
        result.indicators.push_back(name);
    }
    if (indicators.empty()) throw InputError(request.in + ": none of the indicators is available");
    progress.update(0.3, "ranking");
    const auto r = core::rankWards(indicators, request.options);
    const int code = data.fieldIndex("ward_code") >= 0 ? data.fieldIndex("ward_code") : 0;
    for (std::size_t i = 0; i < n; ++i) {
        RankedWard w;
        w.code = data.texts[static_cast<std::size_t>(code)][i];
        w.name = data.wardLabel(i);
        w.rank = r.rank[i];
        w.score = r.score[i];
        w.topKShare = r.topKShare[i];
        w.missing = r.missing[i];
        for (const auto& c : r.contribution) w.contributions.push_back(c[i]);
        result.wards.push_back(std::move(w));
    }
    std::sort(result.wards.begin(), result.wards.end(), [](const RankedWard& a, const RankedWard& b) { return a.rank < b.rank; });
    // ranks.csv ("why this ward": every indicator's contribution) and a summary.
    std::string csv = "rank,ward_code,ward_name,score,top_" + std::to_string(request.options.topK) + "_share,missing_indicators";
    for (const auto& name : result.indicators) csv += ",contribution_" + name;
    csv += "\n";
    char buf[64];
    for (const auto& w : result.wards) {
        csv += std::to_string(w.rank) + "," + core::csvEscape(w.code) + "," + core::csvEscape(w.name);
        std::snprintf(buf, sizeof buf, ",%.6f,%.3f,%zu", w.score, w.topKShare, w.missing);
        csv += buf;
        for (double c : w.contributions) {
            std::snprintf(buf, sizeof buf, ",%.6f", c);
            csv += buf;
        }
        csv += "\n";
    }
    nlohmann::ordered_json summary = {{"wardscope_version", WARDSCOPE_VERSION},
                                      {"input", request.in},
                                      {"normalisation", request.options.normalisation == core::Normalisation::Rank ? "rank" : "minmax"},
                                      {"indicators", nlohmann::ordered_json::array()},
                                      {"top_k", request.options.topK},
                                      {"stability", {{"draws", request.options.draws}, {"weight_spread", request.options.spread},
                                                     {"seed", request.options.seed}}},
                                      {"top", nlohmann::ordered_json::array()},
                                      {"warnings", result.warnings}};
    for (std::size_t j = 0; j < indicators.size(); ++j)
        summary["indicators"].push_back({{"name", indicators[j].name}, {"weight", indicators[j].weight}});
    for (std::size_t k = 0; k < std::min(request.options.topK, result.wards.size()); ++k) {
        const auto& w = result.wards[k];
        summary["top"].push_back({{"rank", w.rank}, {"ward_code", w.code}, {"ward_name", w.name}, {"score", w.score},
                                  {"top_k_share", w.topKShare}});
    }
    prepareOutputFolder(request.outDir, &result.warnings);
    writeTextFileAtomically(request.outDir / "ranks.csv", csv);
    writeTextFileAtomically(request.outDir / "rank_summary.json", summary.dump(2) + "\n");
    result.outputs = {request.outDir / "ranks.csv", request.outDir / "rank_summary.json"};
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
