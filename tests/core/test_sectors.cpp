// Sectors: the job texts ward offices write, mapped to the kinds of work of
// Circular 09/2020/TT-BLĐTBXH and the common sectors, and a user's dictionary
// tried before the built-in one.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/sectors.h"

using namespace wardscope::core;
using wardscope::InputError;

TEST(Sectors, OfficeTextsFallUnderTheWorkTheCircularNames) {
    EXPECT_EQ(classifySector("Phụ hồ công trình"), Sector::Construction);
    EXPECT_EQ(classifySector("khai thác đá"), Sector::Mining);
    EXPECT_EQ(classifySector("Khai thác mỏ than"), Sector::Mining);
    EXPECT_EQ(classifySector("bán hàng rong"), Sector::StreetVending);
    EXPECT_EQ(classifySector("Bán vé số dạo"), Sector::StreetVending);
    EXPECT_EQ(classifySector("phục vụ quán karaoke"), Sector::Entertainment);
    EXPECT_EQ(classifySector("Quán bar"), Sector::Entertainment);
    EXPECT_EQ(classifySector("thợ hàn - cơ khí"), Sector::Mechanical);
    EXPECT_EQ(classifySector("sửa xe máy"), Sector::Mechanical);
    EXPECT_EQ(classifySector("Rửa xe máy, ô tô"), Sector::CarWash);
    EXPECT_EQ(classifySector("phụ bếp nhà hàng"), Sector::Restaurant);
    EXPECT_EQ(classifySector("dịch vụ - quán ăn"), Sector::Restaurant);  // the narrower kind of work wins
    EXPECT_EQ(classifySector("làm hàng thủ công mỹ nghệ"), Sector::Craft);
    EXPECT_EQ(classifySector("nhặt ve chai"), Sector::Scrap);
    EXPECT_EQ(classifySector("giúp việc gia đình"), Sector::Domestic);
    EXPECT_EQ(classifySector("cảng - bốc xếp (dịch vụ)"), Sector::Services);
    EXPECT_EQ(classifySector("buôn bán - chợ"), Sector::Services);
    EXPECT_EQ(classifySector("fishing boat"), Sector::Fishing);
    // Whole words: "bar" is not "barber", "cho" is not "chou", "mine" not "mineral".
    EXPECT_EQ(classifySector("barber"), Sector::Other);
    EXPECT_EQ(classifySector("mineral water"), Sector::Other);
    EXPECT_EQ(classifySector("bán nước mía"), Sector::Other);
}

TEST(Sectors, KeysAndVietnameseLabelsNameEachSector) {
    for (std::size_t i = 0; i < kSectorCount; ++i) {
        const auto s = static_cast<Sector>(i);
        EXPECT_EQ(sectorFromName(sectorKey(s)), s) << sectorKey(s);
        EXPECT_EQ(sectorFromName(sectorLabelVi(s)), s) << sectorLabelVi(s);
    }
    EXPECT_EQ(sectorFromName("rua xe"), Sector::CarWash);  // without diacritics
    EXPECT_EQ(sectorKey(Sector::StreetVending), "street_vending");
    EXPECT_FALSE(sectorFromName("karaoke").has_value());  // a keyword, not a sector's name
}

TEST(Sectors, AUsersDictionaryComesFirstAndNamesItsErrors) {
    const auto d = SectorDictionary::withUserRules(
        "từ khóa,ngành nghề\nnước mía,nhà hàng và quán ăn\nchợ,street_vending\nlò gạch*,mining\n\n", "my_sectors.csv");
    EXPECT_EQ(d.userRules(), 3u);
    EXPECT_EQ(d.classify("bán nước mía"), Sector::Restaurant);
    EXPECT_EQ(d.classify("buôn bán - chợ"), Sector::StreetVending);  // before the built-in "buôn bán"
    EXPECT_EQ(d.classify("lò gạch thủ công"), Sector::Mining);
    EXPECT_EQ(d.classify("khai thác đá"), Sector::Mining);  // the built-in rules still apply
    try {
        SectorDictionary::withUserRules("keyword,sector\nnước mía,restaurant\nxe ôm,transport\n", "my_sectors.csv");
        FAIL() << "an unknown sector was accepted";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("my_sectors.csv line 3"), std::string::npos) << m;
        EXPECT_NE(m.find("'transport' is not a sector"), std::string::npos) << m;
        EXPECT_NE(m.find("street_vending"), std::string::npos) << m;
    }
    EXPECT_THROW(SectorDictionary::withUserRules("word,kind\na,b\n", "x.csv"), InputError);
    EXPECT_THROW(SectorDictionary::withUserRules("keyword,sector\n ,mining\n", "x.csv"), InputError);
}
