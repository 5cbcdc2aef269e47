#include "gis/point_layer.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "gis/crs.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

namespace {

std::string fieldOr(OGRFeature& f, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        const int i = f.GetFieldIndex(n);
        if (i >= 0 && f.IsFieldSetAndNotNull(i)) return f.GetFieldAsString(i);
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
    long row = 1;
    for (auto& f : layer) {
        ++row;
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint)
            throw InputError(lp.path + ": row " + std::to_string(row) + ": no point (lon/lat or x/y columns, or a point geometry)");
        const OGRPoint* p = g->toPoint();
        NamedPoint s;
        s.id = fieldOr(*f, {"stop_id", "id", "ma", "code", "ward_code"});
        if (s.id.empty()) s.id = std::to_string(stops.size() + 1);
        s.name = fieldOr(*f, {"name", "ten", "tên", "ward_full_name", "ward_name", "address", "dia_chi"});
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
