#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/error.h"
#include "gis/gdal_util.h"
#include "gis/record_source.h"
#include "test_support.h"

using namespace wardscope;

namespace {

/// Writes a small table through a GDAL driver (XLSX, GPKG, ...), optional points.
void writeWithGdal(const std::string& driverName, const std::filesystem::path& path,
                   const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   bool points) {
    gis::ensureGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName.c_str());
    ASSERT_NE(driver, nullptr);
    gis::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    OGRLayer* layer = ds->CreateLayer("records", points ? &srs : nullptr, points ? wkbPoint : wkbNone, nullptr);
    ASSERT_NE(layer, nullptr);
    for (const auto& h : header) {
        OGRFieldDefn def(h.c_str(), OFTString);
        layer->CreateField(&def);
    }
    for (const auto& r : rows) {
        OGRFeature f(layer->GetLayerDefn());
        for (std::size_t i = 0; i < header.size(); ++i) f.SetField(static_cast<int>(i), r[i].c_str());
        if (points) {
            OGRPoint p(106.684, 20.843);
            f.SetGeometry(&p);
        }
        EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
    }
}

}  // namespace

TEST(RecordSource, CsvWithBomAndSemicolons) {
    test::TempDir dir;
    test::writeFile(dir / "c.csv", "\xEF\xBB\xBFmã xã;kinh độ;vĩ độ\r\n11383;106,68;20,84\r\n");
    auto src = gis::openRecordSource((dir / "c.csv").string());
    EXPECT_EQ(src->header(), (std::vector<std::string>{"mã xã", "kinh độ", "vĩ độ"}));
    EXPECT_EQ(src->format(), "CSV (semicolon, UTF-8 with BOM)");
    gis::SourceRow row;
    ASSERT_TRUE(src->next(row));
    EXPECT_EQ(row.line, 2u);
    EXPECT_EQ(row.fields[1], "106,68");
    EXPECT_FALSE(src->next(row));
}

TEST(RecordSource, XlsxSheetRowsKeepVietnameseHeaders) {
    test::TempDir dir;
    writeWithGdal("XLSX", dir / "cases.xlsx", {"Mã hồ sơ", "Ngày phát hiện", "Tuổi", "Mã xã"},
                  {{"X1", "2024-03-01", "12", "11383"}, {"X2", "2024-03-02", "15", "11413"}}, false);
    auto src = gis::openRecordSource((dir / "cases.xlsx").string());
    EXPECT_EQ(src->format(), "XLSX");
    EXPECT_EQ(src->header()[0], "Mã hồ sơ");
    gis::SourceRow row;
    ASSERT_TRUE(src->next(row));
    EXPECT_EQ(row.line, 2u);  // sheet row 2: the first row under the header
    EXPECT_EQ(row.fields[3], "11383");
    ASSERT_TRUE(src->next(row));
    EXPECT_EQ(row.line, 3u);
    EXPECT_FALSE(src->next(row));
}

TEST(RecordSource, GeoPackagePointsBecomeLonLatColumns) {
    test::TempDir dir;
    writeWithGdal("GPKG", dir / "cases.gpkg", {"case_id"}, {{"P1"}}, true);
    auto src = gis::openRecordSource((dir / "cases.gpkg").string() + ":records");
    EXPECT_EQ(src->header(), (std::vector<std::string>{"case_id", "lon", "lat"}));
    ASSERT_TRUE(src->declaredCrs().has_value());
    EXPECT_TRUE(src->declaredCrs()->isGeographic());
    gis::SourceRow row;
    ASSERT_TRUE(src->next(row));
    EXPECT_EQ(row.fields[1], "106.684");
    EXPECT_EQ(row.fields[2], "20.843");
}

TEST(RecordSource, ClearErrorsForFilesThatCannotBeRead) {
    test::TempDir dir;
    EXPECT_THROW(gis::openRecordSource(dir.path().string()), InputError);           // a directory
    EXPECT_THROW(gis::openRecordSource((dir / "missing.csv").string()), InputError);  // no file
    test::writeFile(dir / "empty.csv", "");
    EXPECT_THROW(gis::openRecordSource((dir / "empty.csv").string()), InputError);
    test::writeFile(dir / "latin.csv", "m\xE3 x\xE3,lon\n1,2\n");  // Windows-1258 header
    EXPECT_THROW(gis::openRecordSource((dir / "latin.csv").string()), InputError);
    test::writeFile(dir / "junk.xlsx", "not a spreadsheet");
    EXPECT_THROW(gis::openRecordSource((dir / "junk.xlsx").string()), InputError);
}
