#include "gis/weights_io.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/error.h"
#include "gis/output.h"

namespace wardscope::gis {

namespace {

std::unordered_map<std::string, std::int32_t> indexOf(const std::vector<std::string>& ids) {
    std::unordered_map<std::string, std::int32_t> map;
    for (std::size_t i = 0; i < ids.size(); ++i) map.emplace(ids[i], static_cast<std::int32_t>(i));
    return map;
}

std::vector<std::string> tokens(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string t; in >> t;) out.push_back(t);
    return out;
}

[[noreturn]] void bad(const std::filesystem::path& path, std::size_t line, const std::string& why) {
    throw InputError(path.string() + ": line " + std::to_string(line) + ": " + why);
}

std::size_t parseCount(const std::filesystem::path& path, std::size_t line, const std::string& text) {
    std::size_t v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size()) bad(path, line, "'" + text + "' is not a count");
    return v;
}

/// Opens a GAL or GWT file and checks its header's ward count against the layer.
std::ifstream openWeightsFile(const std::filesystem::path& path, const std::vector<std::string>& ids) {
    std::ifstream in(path);
    if (!in) throw InputError(path.string() + ": cannot be read");
    std::string line;
    if (!std::getline(in, line)) bad(path, 1, "empty file");
    const auto header = tokens(line);
    if (header.empty()) bad(path, 1, "empty header");
    const std::size_t n = parseCount(path, 1, header.size() >= 2 ? header[1] : header.at(0));
    if (n != ids.size()) bad(path, 1, "declares " + std::to_string(n) + " wards, the layer has " + std::to_string(ids.size()));
    return in;
}

}  // namespace

std::vector<std::vector<std::int32_t>> readGal(const std::filesystem::path& path, const std::vector<std::string>& ids) {
    std::ifstream in = openWeightsFile(path, ids);
    const auto index = indexOf(ids);
    std::string line;
    std::size_t lineNo = 1;
    std::vector<std::vector<std::int32_t>> out(ids.size());
    auto lookup = [&](const std::string& id, std::size_t at) {
        const auto it = index.find(id);
        if (it == index.end()) bad(path, at, "unknown ward id '" + id + "'");
        return it->second;
    };
    while (std::getline(in, line)) {
        ++lineNo;
        const auto head = tokens(line);
        if (head.empty()) continue;
        if (head.size() != 2) bad(path, lineNo, "expected 'id count'");
        const std::int32_t i = lookup(head[0], lineNo);
        const std::size_t k = parseCount(path, lineNo, head[1]);
        std::string list;
        if (k > 0) {
            if (!std::getline(in, list)) bad(path, lineNo + 1, "missing neighbour list");
            ++lineNo;
        }
        const auto nbs = tokens(list);
        if (nbs.size() != k) bad(path, lineNo, "expected " + std::to_string(k) + " neighbours, found " + std::to_string(nbs.size()));
        for (const auto& id : nbs) out[static_cast<std::size_t>(i)].push_back(lookup(id, lineNo));
    }
    return out;
}

void writeGal(const std::filesystem::path& path, const core::Weights& w, const std::vector<std::string>& ids,
              const std::string& layer, const std::string& idField) {
    std::ostringstream out;
    out << "0 " << w.size() << ' ' << layer << ' ' << idField << '\n';
    for (std::size_t i = 0; i < w.size(); ++i) {
        out << ids[i] << ' ' << w.degree(i) << '\n';
        for (std::size_t k = 0; k < w.degree(i); ++k)
            out << (k ? " " : "") << ids[static_cast<std::size_t>(w.neighboursBegin(i)[k])];
        out << '\n';
    }
    writeTextFileAtomically(path, out.str());
}

void writeGwt(const std::filesystem::path& path, const core::Weights& w, const std::vector<std::string>& ids,
              const std::string& layer, const std::string& idField) {
    std::ostringstream out;
    out.precision(17);
    out << "0 " << w.size() << ' ' << layer << ' ' << idField << '\n';
    for (std::size_t i = 0; i < w.size(); ++i)
        for (std::size_t k = 0; k < w.degree(i); ++k)
            out << ids[i] << ' ' << ids[static_cast<std::size_t>(w.neighboursBegin(i)[k])] << ' ' << w.weightsBegin(i)[k]
                << '\n';
    writeTextFileAtomically(path, out.str());
}

core::Weights readGwt(const std::filesystem::path& path, const std::vector<std::string>& ids) {
    std::ifstream in = openWeightsFile(path, ids);
    const auto index = indexOf(ids);
    std::string line;
    std::size_t lineNo = 1;
    std::vector<std::vector<std::int32_t>> nbs(ids.size());
    std::vector<std::vector<double>> values(ids.size());
    while (std::getline(in, line)) {
        ++lineNo;
        const auto t = tokens(line);
        if (t.empty()) continue;
        if (t.size() != 3) bad(path, lineNo, "expected 'id_i id_j weight'");
        const auto a = index.find(t[0]);
        const auto b = index.find(t[1]);
        if (a == index.end() || b == index.end()) bad(path, lineNo, "unknown ward id");
        double v = 0;
        const auto [p, ec] = std::from_chars(t[2].data(), t[2].data() + t[2].size(), v);
        if (ec != std::errc()) bad(path, lineNo, "'" + t[2] + "' is not a weight");
        nbs[static_cast<std::size_t>(a->second)].push_back(b->second);
        values[static_cast<std::size_t>(a->second)].push_back(v);
    }
    return core::Weights::fromNeighbours(nbs, values);
}

}  // namespace wardscope::gis
