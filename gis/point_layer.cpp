#include "gis/point_layer.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/records.h"
#include "core/unicode.h"
#include "gis/crs.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

namespace {

/// The fields of `layer` whose header, folded as record headers are
/// (core::headerKey: no case, diacritics, spaces, '_', '-', '.', '/'), is one of
/// `names`, in the order of `names`: "Mã", "MA" and "ma" are the same header.
std::vector<int> fieldsNamed(OGRLayer& layer, std::initializer_list<std::string_view> names) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    std::vector<int> out;
    for (const auto name : names) {
        const std::string key = core::headerKey(name);
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (core::headerKey(defn->GetFieldDefn(i)->GetNameRef()) == key && std::find(out.begin(), out.end(), i) == out.end())
                out.push_back(i);
    }
    return out;
}

/// The first of `fields` that holds a value in `f`.
std::string firstValue(OGRFeature& f, const std::vector<int>& fields) {
    for (const int i : fields)
        if (f.IsFieldSetAndNotNull(i)) {
            std::string v(core::trim(f.GetFieldAsString(i)));
            if (!v.empty()) return v;
        }
    return {};
}

std::vector<NamedPoint> readRaw(const std::string& spec, Crs& crs, const std::string& csvCrs) {
    ensureGdal();
    const LayerPath lp = parseLayerPath(spec);
    const char* options[] = {"X_POSSIBLE_NAMES=lon,longitude,x,kinh_do,kinh độ,lng",
                             "Y_POSSIBLE_NAMES=lat,latitude,y,vi_do,vĩ độ", "KEEP_GEOM_COLUMNS=NO", nullptr};
    if (!fs::exists(lp.path)) throw InputError(lp.path + ": no such file");
    DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(lp.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr)));
    if (!ds) throw InputError(lp.path + ": cannot be read (" + takeLastGdalError() + ")");
    OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
    const Crs declared = Crs::fromSpatialRef(layer.GetSpatialRef());
    crs = declared.empty() ? Crs::fromUserInput(csvCrs) : declared;
    std::vector<NamedPoint> stops;
    const std::vector<int> idFields =
        fieldsNamed(layer, {"stop_id", "id", "mã", "mã điểm", "mã cơ sở", "mã đơn vị", "code", "ward_code", "site_id"});
    const std::vector<int> nameFields =
        fieldsNamed(layer, {"name", "tên", "tên cơ sở", "tên điểm", "tên đơn vị", "cơ sở", "ward_full_name", "ward_name",
                            "full_name", "tên phường xã"});
    const std::vector<int> addressFields = fieldsNamed(layer, {"address", "địa chỉ", "admin_center", "trụ sở"});
    long row = 1;
    for (auto& f : layer) {
        ++row;
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint)
            throw InputError(lp.path + ": row " + std::to_string(row) + ": no point (lon/lat or x/y columns, or a point geometry)");
        const OGRPoint* p = g->toPoint();
        NamedPoint s;
        s.id = firstValue(*f, idFields);
        if (s.id.empty()) s.id = std::to_string(stops.size() + 1);
        s.name = firstValue(*f, nameFields);
        s.address = firstValue(*f, addressFields);
        if (s.name.empty()) s.name = s.address;
        s.lonLat = {p->getX(), p->getY()};
        if (!std::isfinite(s.lonLat.x) || !std::isfinite(s.lonLat.y))
            throw InputError(lp.path + ": row " + std::to_string(row) + ": coordinates are not finite numbers");
        stops.push_back(std::move(s));
    }
    if (stops.empty()) throw InputError(lp.path + ": no stops");
    return stops;
}

}  // namespace

std::vector<NamedPoint> readNamedPoints(const std::string& path, const std::string& csvCrs) {
    Crs crs;
    auto points = readRaw(path, crs, csvCrs);
    Transform toWgs(crs, Crs::fromUserInput("EPSG:4326"));
    for (auto& p : points)
        if (!toWgs.apply(p.lonLat)) throw InputError(path + ": point " + p.id + " cannot be transformed to WGS 84");
    return points;
}

}  // namespace wardscope::gis
