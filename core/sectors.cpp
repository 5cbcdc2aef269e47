#include "core/sectors.h"

#include <array>
#include <cctype>

#include "core/csv_reader.h"
#include "core/error.h"
#include "core/unicode.h"

namespace wardscope::core {

namespace {

struct SectorName {
    std::string_view key, vi;
};
constexpr std::array<SectorName, kSectorCount> kNames = {{
    {"agriculture", "nông nghiệp"},
    {"fishing", "thủy sản"},
    {"craft", "thủ công và làng nghề"},
    {"manufacturing", "sản xuất và chế biến"},
    {"construction", "xây dựng"},
    {"mining", "khai thác mỏ và đá"},
    {"mechanical", "cơ khí và sửa chữa xe"},
    {"car_wash", "rửa xe"},
    {"restaurant", "nhà hàng và quán ăn"},
    {"entertainment", "karaoke và cơ sở giải trí"},
    {"street_vending", "bán hàng rong"},
    {"scrap", "thu gom phế liệu và rác"},
    {"services", "dịch vụ và buôn bán"},
    {"domestic", "giúp việc gia đình"},
    {"other", "khác"},
}};

/// Built-in keywords, English and Vietnamese (folded: no case, no diacritics);
/// the first hit wins, so the narrower kinds of work come before the broad
/// sectors that would also match ("rửa xe" before "dịch vụ", "bán hàng rong"
/// before "bán hàng").
struct BuiltInRule {
    std::string_view keyword;
    Sector sector;
};
constexpr BuiltInRule kBuiltIn[] = {
    {"rua xe", Sector::CarWash}, {"car wash*", Sector::CarWash}, {"carwash*", Sector::CarWash},
    {"ban hang rong", Sector::StreetVending}, {"hang rong", Sector::StreetVending}, {"ban rong", Sector::StreetVending},
    {"ban ve so", Sector::StreetVending}, {"street vend*", Sector::StreetVending}, {"hawker*", Sector::StreetVending},
    {"peddl*", Sector::StreetVending},
    {"karaoke", Sector::Entertainment}, {"quan bar", Sector::Entertainment}, {"bar", Sector::Entertainment},
    {"vu truong", Sector::Entertainment}, {"massage", Sector::Entertainment}, {"mat xa", Sector::Entertainment},
    {"giai tri", Sector::Entertainment}, {"entertain*", Sector::Entertainment}, {"nightclub*", Sector::Entertainment},
    {"casino", Sector::Entertainment}, {"song bac", Sector::Entertainment},
    {"nha hang", Sector::Restaurant}, {"quan an", Sector::Restaurant}, {"quan com", Sector::Restaurant},
    {"quan pho", Sector::Restaurant}, {"quan nhau", Sector::Restaurant}, {"phuc vu ban", Sector::Restaurant},
    {"chay ban", Sector::Restaurant}, {"rua bat", Sector::Restaurant}, {"phu bep", Sector::Restaurant},
    {"ca phe", Sector::Restaurant}, {"cafe", Sector::Restaurant}, {"restaurant*", Sector::Restaurant}, {"eatery", Sector::Restaurant}, {"food stall*", Sector::Restaurant},
    {"khai thac mo", Sector::Mining}, {"khai thac da", Sector::Mining}, {"khai thac cat", Sector::Mining},
    {"khai khoang", Sector::Mining}, {"mo da", Sector::Mining}, {"mo than", Sector::Mining}, {"nghien da", Sector::Mining},
    {"dap da", Sector::Mining}, {"quarr*", Sector::Mining}, {"mining", Sector::Mining}, {"mine", Sector::Mining},
    {"co khi", Sector::Mechanical}, {"tho han", Sector::Mechanical}, {"han xi", Sector::Mechanical},
    {"han dien", Sector::Mechanical}, {"sua chua xe", Sector::Mechanical}, {"sua xe", Sector::Mechanical},
    {"sua chua o to", Sector::Mechanical}, {"sua chua may", Sector::Mechanical}, {"mechanic*", Sector::Mechanical},
    {"garage", Sector::Mechanical}, {"weld*", Sector::Mechanical}, {"workshop*", Sector::Mechanical},
    {"phe lieu", Sector::Scrap}, {"ve chai", Sector::Scrap}, {"dong nat", Sector::Scrap}, {"nhat rac", Sector::Scrap},
    {"thu gom rac", Sector::Scrap}, {"rac thai", Sector::Scrap}, {"tai che", Sector::Scrap}, {"scrap*", Sector::Scrap},
    {"waste", Sector::Scrap}, {"recycl*", Sector::Scrap},
    {"xay dung", Sector::Construction}, {"cong trinh", Sector::Construction}, {"phu ho", Sector::Construction},
    {"phu xay", Sector::Construction}, {"tho xay", Sector::Construction}, {"construct*", Sector::Construction},
    {"building site*", Sector::Construction},
    {"thuy san", Sector::Fishing}, {"danh bat", Sector::Fishing}, {"ngu nghiep", Sector::Fishing},
    {"danh ca", Sector::Fishing}, {"nuoi ca", Sector::Fishing}, {"fish*", Sector::Fishing},
    {"nong nghiep", Sector::Agriculture}, {"trong trot", Sector::Agriculture}, {"chan nuoi", Sector::Agriculture},
    {"lam ruong", Sector::Agriculture}, {"lam vuon", Sector::Agriculture}, {"farm*", Sector::Agriculture},
    {"agricultur*", Sector::Agriculture},
    {"lang nghe", Sector::Craft}, {"thu cong", Sector::Craft}, {"my nghe", Sector::Craft}, {"lam gom", Sector::Craft},
    {"gom su", Sector::Craft}, {"dan lat", Sector::Craft}, {"theu", Sector::Craft}, {"son mai", Sector::Craft},
    {"craft*", Sector::Craft}, {"handicraft*", Sector::Craft},
    {"san xuat", Sector::Manufacturing}, {"che bien", Sector::Manufacturing}, {"may mac", Sector::Manufacturing},
    {"det may", Sector::Manufacturing}, {"da giay", Sector::Manufacturing}, {"nha may", Sector::Manufacturing},
    {"xuong may", Sector::Manufacturing}, {"cong nghiep", Sector::Manufacturing}, {"manufactur*", Sector::Manufacturing},
    {"factor*", Sector::Manufacturing}, {"garment*", Sector::Manufacturing},
    {"giup viec", Sector::Domestic}, {"domestic", Sector::Domestic}, {"osin", Sector::Domestic},
    {"housemaid*", Sector::Domestic},
    {"dich vu", Sector::Services}, {"service*", Sector::Services}, {"buon ban", Sector::Services},
    {"ban hang", Sector::Services}, {"trade", Sector::Services}, {"market*", Sector::Services}, {"cho", Sector::Services},
    {"cang", Sector::Services}, {"port", Sector::Services}, {"boc xep", Sector::Services}, {"giao hang", Sector::Services},
    {"van chuyen", Sector::Services}, {"khach san", Sector::Services}, {"nha nghi", Sector::Services},
};

/// `keyword` in `key` starting at a word, and ending at one unless `prefix`.
bool matches(std::string_view key, std::string_view keyword, bool prefix) {
    for (std::size_t at = key.find(keyword); at != std::string_view::npos; at = key.find(keyword, at + 1)) {
        const std::size_t end = at + keyword.size();
        if ((at == 0 || key[at - 1] == ' ') && (prefix || end == key.size() || key[end] == ' ')) return true;
    }
    return false;
}

/// foldedNameKey with punctuation turned into spaces ("buôn bán - chợ" ->
/// "buon ban cho"), so that words are whole.
std::string wordsKey(std::string_view text) {
    std::string key = foldedNameKey(text);
    for (char& c : key)
        if (static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c))) c = ' ';
    std::string out;
    for (char c : key)
        if (c != ' ' || (!out.empty() && out.back() != ' ')) out += c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

std::string_view sectorKey(Sector sector) {
    const auto i = static_cast<std::size_t>(sector);
    return i < kSectorCount ? kNames[i].key : "other";
}

std::string_view sectorLabelVi(Sector sector) {
    const auto i = static_cast<std::size_t>(sector);
    return i < kSectorCount ? kNames[i].vi : "khác";
}

std::optional<Sector> sectorFromName(std::string_view name) {
    const std::string key = wordsKey(name);
    for (std::size_t i = 0; i < kSectorCount; ++i)
        if (key == wordsKey(kNames[i].key) || key == wordsKey(kNames[i].vi)) return static_cast<Sector>(i);
    return std::nullopt;
}

void SectorDictionary::add(std::string_view keyword, Sector sector) {
    Rule rule;
    rule.prefix = !keyword.empty() && keyword.back() == '*';
    if (rule.prefix) keyword.remove_suffix(1);
    rule.keyword = wordsKey(keyword);
    rule.sector = sector;
    m_rules.push_back(std::move(rule));
}

const SectorDictionary& SectorDictionary::builtIn() {
    static const SectorDictionary dictionary = [] {
        SectorDictionary d;
        for (const auto& rule : kBuiltIn) d.add(rule.keyword, rule.sector);
        return d;
    }();
    return dictionary;
}

SectorDictionary SectorDictionary::withUserRules(std::string_view csv, const std::string& file) {
    SectorDictionary d;
    CsvReader reader(csv);
    CsvRow row;
    if (!reader.next(row)) throw InputError(file + ": empty (a header 'keyword,sector' and one rule a line)");
    int keyword = -1, sector = -1;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        const std::string h = wordsKey(row.fields[i]);
        if (h == "keyword" || h == "tu khoa") keyword = static_cast<int>(i);
        if (h == "sector" || h == "nganh nghe" || h == "nganh") sector = static_cast<int>(i);
    }
    if (keyword < 0 || sector < 0)
        throw InputError(file + " line 1: the header needs the columns 'keyword' and 'sector' (or 'từ khóa', 'ngành nghề')");
    std::string known;
    for (const auto& n : kNames) known += (known.empty() ? "" : ", ") + std::string(n.key);
    while (reader.next(row)) {
        if (row.raw.find_first_not_of(" \t,;") == std::string_view::npos) continue;  // a blank line
        const auto at = [&](int c) {
            return static_cast<std::size_t>(c) < row.fields.size() ? trim(row.fields[static_cast<std::size_t>(c)])
                                                                   : std::string_view();
        };
        const std::string where = file + " line " + std::to_string(row.line) + ": ";
        if (wordsKey(at(keyword)).empty()) throw InputError(where + "the keyword is empty");
        const auto s = sectorFromName(at(sector));
        if (!s) throw InputError(where + "'" + std::string(at(sector)) + "' is not a sector (one of: " + known + ")");
        d.add(at(keyword), *s);
    }
    d.m_userRules = d.m_rules.size();
    const auto& builtIn = SectorDictionary::builtIn().m_rules;
    d.m_rules.insert(d.m_rules.end(), builtIn.begin(), builtIn.end());
    return d;
}

Sector SectorDictionary::classify(std::string_view text) const {
    const std::string key = wordsKey(text);
    if (key.empty()) return Sector::Other;
    for (const auto& rule : m_rules)
        if (matches(key, rule.keyword, rule.prefix)) return rule.sector;
    return Sector::Other;
}

Sector classifySector(std::string_view text) { return SectorDictionary::builtIn().classify(text); }

}  // namespace wardscope::core
