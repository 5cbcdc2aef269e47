#include "core/ward_directory.h"

#include <algorithm>
#include <array>
#include <mutex>

#include "core/record_parser.h"
#include "core/unicode.h"

namespace wardscope::core {

namespace {
void addUnique(std::vector<std::int32_t>& list, std::int32_t ward) {
    if (std::find(list.begin(), list.end(), ward) == list.end()) list.push_back(ward);
}
}  // namespace

namespace {
/// "Phường Nam Sơn (quận An Dương)" -> "phuong nam son".
std::string formerKey(std::string_view name) {
    if (const auto paren = name.find('('); paren != std::string_view::npos) name = name.substr(0, paren);
    return foldedNameKey(trim(name));
}
}  // namespace

struct WardDirectory::NameIndex {
    std::vector<std::string> names, fullNames, formedFrom;
    std::once_flag once;
    std::unordered_map<std::string, std::vector<std::int32_t>> byExact, byExactStripped, byFolded;
    std::unordered_map<std::string, std::vector<std::int32_t>> formerFull, formerStripped;

    void build() {
        for (std::size_t i = 0; i < formedFrom.size(); ++i) {
            std::string_view list = formedFrom[i];
            int depth = 0;
            std::size_t start = 0;
            for (std::size_t k = 0; k <= list.size(); ++k) {
                const char c = k < list.size() ? list[k] : ',';
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (c != ',' || depth > 0) continue;
                const std::string full = formerKey(list.substr(start, k - start));
                start = k + 1;
                if (full.empty()) continue;
                addUnique(formerFull[full], static_cast<std::int32_t>(i));
                addUnique(formerStripped[std::string(stripUnitTypePrefix(full))], static_cast<std::int32_t>(i));
            }
        }
        for (std::size_t i = 0; i < names.size() || i < fullNames.size(); ++i) {
            const auto ward = static_cast<std::int32_t>(i);
            if (i < fullNames.size() && !fullNames[i].empty()) addUnique(byExact[exactNameKey(fullNames[i])], ward);
            if (i >= names.size() || names[i].empty()) continue;
            const std::string exact = exactNameKey(names[i]);
            addUnique(byExact[exact], ward);
            addUnique(byExactStripped[std::string(stripUnitTypePrefix(exact))], ward);
            addUnique(byFolded[std::string(stripUnitTypePrefix(foldedNameKey(names[i])))], ward);
        }
    }
};

void WardDirectory::build(const std::vector<std::string>& codes, const std::vector<std::string>& names,
                          const std::vector<std::string>& fullNames, const std::vector<std::string>& formedFrom) {
    m_byCode.clear();
    m_duplicates.clear();
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto ward = static_cast<std::int32_t>(i);
        const std::string code(normalizeWardCode(codes[i]));
        if (!code.empty() && !m_byCode.emplace(code, ward).second) m_duplicates.push_back(code);
    }
    m_names = std::make_shared<NameIndex>();
    m_names->names.assign(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), codes.size())));
    m_names->fullNames.assign(fullNames.begin(),
                              fullNames.begin() + static_cast<std::ptrdiff_t>(std::min(fullNames.size(), codes.size())));
    m_names->formedFrom.assign(formedFrom.begin(),
                               formedFrom.begin() + static_cast<std::ptrdiff_t>(std::min(formedFrom.size(), codes.size())));
}

std::vector<std::int32_t> WardDirectory::formerUnit(std::string_view name) const {
    if (!m_names) return {};
    NameIndex& names = *m_names;
    std::call_once(names.once, [&names] { names.build(); });
    const std::string full = formerKey(name);
    const std::string_view stripped = stripUnitTypePrefix(full);
    const auto& map = stripped.size() == full.size() ? names.formerStripped : names.formerFull;
    const auto it = map.find(std::string(stripped.size() == full.size() ? stripped : std::string_view(full)));
    return it == map.end() ? std::vector<std::int32_t>{} : it->second;
}

std::int32_t WardDirectory::findCode(std::string_view code) const {
    const auto it = m_byCode.find(std::string(normalizeWardCode(code)));
    return it == m_byCode.end() ? -1 : it->second;
}

WardNameMatch WardDirectory::findName(std::string_view name) const {
    WardNameMatch match;
    const std::string exact = exactNameKey(name);
    const std::string exactStripped(stripUnitTypePrefix(exact));
    const std::string folded(stripUnitTypePrefix(foldedNameKey(name)));
    if (!m_names) return match;
    NameIndex& names = *m_names;
    std::call_once(names.once, [&names] { names.build(); });
    const std::array<std::pair<const std::unordered_map<std::string, std::vector<std::int32_t>>*, const std::string*>, 3>
        steps = {{{&names.byExact, &exact}, {&names.byExactStripped, &exactStripped}, {&names.byFolded, &folded}}};
    for (const auto& [map, key] : steps) {
        const auto it = map->find(*key);
        if (it == map->end() || it->second.empty()) continue;
        if (it->second.size() == 1) {
            match.kind = WardNameMatch::Kind::Found;
            match.ward = it->second.front();
        } else {
            match.kind = WardNameMatch::Kind::Ambiguous;
            match.candidates = it->second;
        }
        return match;
    }
    return match;
}

}  // namespace wardscope::core
