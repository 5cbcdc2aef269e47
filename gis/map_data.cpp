#include "gis/map_data.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.h"
#include "gis/gdal_util.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

int MapData::fieldIndex(const std::string& name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) return static_cast<int>(i);
    return -1;
}

bool MapData::suppressed(std::size_t ward, const std::string& field) const {
    const int s = fieldIndex("suppressed");
    if (s < 0) return false;
    const std::string& list = texts[static_cast<std::size_t>(s)][ward];
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(',', start), list.size());
        if (list.compare(start, end - start, field) == 0) return true;
        start = end + 1;
    }
    return false;
}

std::string MapData::wardLabel(std::size_t ward) const {
    for (const char* name : {"ward_full_name", "ward_name", "full_name", "name"})
        if (const int f = fieldIndex(name); f >= 0 && !texts[static_cast<std::size_t>(f)][ward].empty())
            return texts[static_cast<std::size_t>(f)][ward];
    for (std::size_t f = 0; f < fields.size(); ++f)
        if (!fields[f].numeric && !texts[f][ward].empty()) return texts[f][ward];
    return std::to_string(ward + 1);
}

namespace {

core::Box emptyBox() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    return {inf, inf, -inf, -inf};
}

void grow(core::Box& b, const core::Box& o) {
    b = {std::min(b.minX, o.minX), std::min(b.minY, o.minY), std::max(b.maxX, o.maxX), std::max(b.maxY, o.maxY)};
}

core::Box boxOf(const core::Shape& s) {
    core::Box b = emptyBox();
    for (const auto& ring : s.rings)
        for (const auto& p : ring) grow(b, {p.x, p.y, p.x, p.y});
    return b;
}

/// Polygons of a layer in `to` (rings), with the layer's CRS.
std::vector<core::Shape> readPolygons(OGRLayer& layer, const Crs& to, std::vector<std::vector<std::string>>* texts,
                                      std::vector<std::vector<double>>* numbers, std::vector<MapField>* fields) {
    const Crs from = Crs::fromSpatialRef(layer.GetSpatialRef());
    Transform t(from, to);
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    if (fields) {
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const OGRFieldType type = defn->GetFieldDefn(i)->GetType();
            fields->push_back({defn->GetFieldDefn(i)->GetNameRef(), type == OFTInteger || type == OFTInteger64 || type == OFTReal});
        }
        texts->assign(fields->size(), {});
        numbers->assign(fields->size(), {});
    }
    std::vector<core::Shape> shapes;
    layer.ResetReading();
    for (auto& f : layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        core::Shape shape;
        if (g) {
            std::unique_ptr<OGRGeometry> copy(g->clone());
            if (!t.identity() && copy->transform(t.get()) != OGRERR_NONE) copy.reset();
            if (copy) appendRings(*copy, shape);
        }
        shapes.push_back(std::move(shape));
        if (fields) {
            for (std::size_t i = 0; i < fields->size(); ++i) {
                const int idx = static_cast<int>(i);
                const bool set = f->IsFieldSetAndNotNull(idx);
                (*texts)[i].push_back(set ? f->GetFieldAsString(idx) : "");
                (*numbers)[i].push_back(set && (*fields)[i].numeric ? f->GetFieldAsDouble(idx)
                                                                     : std::numeric_limits<double>::quiet_NaN());
            }
        }
    }
    return shapes;
}

}  // namespace

MapData loadMapData(const std::string& spec) {
    ensureGdal();
    MapData m;
    fs::path folder;
    std::string wardsSpec = spec;
    std::error_code ec;
    if (fs::is_directory(spec, ec)) {
        folder = spec;
        if (fs::exists(folder / "wards.gpkg")) {
            wardsSpec = (folder / "wards.gpkg").string();
        } else if (fs::exists(folder / "wards.geojson")) {
            wardsSpec = (folder / "wards.geojson").string();
        } else {
            throw InputError(spec + ": no wards.gpkg or wards.geojson (is this a wardscope analyze output folder?)");
        }
    }
    const LayerPath lp = parseLayerPath(wardsSpec);
    DatasetPtr ds = openVector(lp.path);
    OGRLayer* layer = nullptr;
    if (!lp.layer.empty()) {
        layer = &layerOf(*ds, lp.path, lp.layer);
    } else {
        for (int i = 0; i < ds->GetLayerCount() && !layer; ++i) {
            const auto type = wkbFlatten(ds->GetLayer(i)->GetGeomType());
            if (type == wkbPolygon || type == wkbMultiPolygon || type == wkbUnknown) layer = ds->GetLayer(i);
        }
        if (!layer) throw InputError(lp.path + ": has no polygon layer");
    }
    m.source = lp.path;
    m.layerName = layer->GetName();
    // The display CRS: the analysis's metric rule, from the layer's extent in lon/lat.
    const Crs layerCrs = Crs::fromSpatialRef(layer->GetSpatialRef());
    OGREnvelope env;
    if (layer->GetExtent(&env, TRUE) != OGRERR_NONE) throw InputError(lp.path + ": the layer has no extent (no geometry?)");
    core::Box lonLat{env.MinX, env.MinY, env.MaxX, env.MaxY};
    if (!layerCrs.empty() && !layerCrs.isGeographic()) {
        Transform toLonLat(layerCrs, Crs::fromUserInput("EPSG:4326"));
        core::Point a{env.MinX, env.MinY}, b{env.MaxX, env.MaxY};
        toLonLat.apply(a);
        toLonLat.apply(b);
        lonLat = {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    }
    std::string reason;
    m.displayCrs = chooseMetricCrs(layerCrs, lonLat, "", reason);
    m.shapes = readPolygons(*layer, m.displayCrs, &m.texts, &m.numbers, &m.fields);
    if (m.shapes.empty()) throw InputError(lp.path + ": the layer has no features");
    m.extent = emptyBox();
    for (const auto& s : m.shapes) {
        m.boxes.push_back(boxOf(s));
        if (!s.rings.empty()) grow(m.extent, m.boxes.back());
    }
    if (folder.empty()) return m;

    // Beside an analysis output: the density surface and the hotspot polygons.
    if (const fs::path tif = folder / "density.tif"; fs::exists(tif)) {
        DatasetPtr r(static_cast<GDALDataset*>(GDALOpenEx(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
        double gt[6];
        if (!r || r->GetGeoTransform(gt) != CE_None) {
            m.notes.push_back(tif.string() + ": cannot be read");
        } else if (!Crs::fromSpatialRef(r->GetSpatialRef()).sameAs(m.displayCrs)) {
            m.notes.push_back(tif.string() + ": not in the display CRS " + m.displayCrs.label() + "; not shown");
        } else {
            // The case density band (band 2 of a relative-risk file).
            int bandIndex = 1;
            for (int b = 1; b <= r->GetRasterCount(); ++b)
                if (std::string(r->GetRasterBand(b)->GetDescription()) == "case_density") bandIndex = b;
            GDALRasterBand* band = r->GetRasterBand(bandIndex);
            core::Raster raster;
            raster.originX = gt[0];
            raster.originY = gt[3];
            raster.cellSize = gt[1];
            raster.cols = static_cast<std::size_t>(r->GetRasterXSize());
            raster.rows = static_cast<std::size_t>(r->GetRasterYSize());
            raster.values.resize(raster.cols * raster.rows);
            std::vector<float> row(raster.cols);
            int hasNodata = 0;
            const double nodata = band->GetNoDataValue(&hasNodata);
            bool ok = true;
            for (std::size_t y = 0; y < raster.rows && ok; ++y) {
                ok = band->RasterIO(GF_Read, 0, static_cast<int>(y), static_cast<int>(raster.cols), 1, row.data(),
                                    static_cast<int>(raster.cols), 1, GDT_Float32, 0, 0) == CE_None;
                for (std::size_t x = 0; x < raster.cols; ++x)
                    raster.values[y * raster.cols + x] =
                        hasNodata && row[x] == static_cast<float>(nodata) ? std::numeric_limits<double>::quiet_NaN() : row[x];
            }
            if (ok) {
                const char* units = band->GetMetadataItem("UNITS");
                m.densityUnits = units ? units : "cases per km2";
                m.density = std::move(raster);
            } else {
                m.notes.push_back(tif.string() + ": cannot be read");
            }
        }
    }
    if (const fs::path hot = folder / "hotspots.geojson"; fs::exists(hot)) {
        DatasetPtr h = openVector(hot.string());
        OGRLayer* hl = h->GetLayer(0);
        std::vector<MapField> fields;
        std::vector<std::vector<std::string>> texts;
        std::vector<std::vector<double>> numbers;
        m.hotspots = readPolygons(*hl, m.displayCrs, &texts, &numbers, &fields);
        int share = -1;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i].name == "share_of_cases") share = static_cast<int>(i);
        for (std::size_t i = 0; i < m.hotspots.size(); ++i)
            m.hotspotLabels.push_back(share >= 0 ? std::to_string(static_cast<int>(std::lround(numbers[static_cast<std::size_t>(share)][i] * 100))) + " %"
                                                 : std::to_string(i + 1));
    }
    // Campaign sites and routes written by `wardscope campaign` / `route`.
    auto firstOf = [&](std::initializer_list<fs::path> candidates) -> fs::path {
        for (const auto& c : candidates)
            if (fs::exists(c)) return c;
        return {};
    };
    Transform toDisplay(Crs::fromUserInput("EPSG:4326"), m.displayCrs);
    auto display = [&](double x, double y) {
        core::Point p{x, y};
        toDisplay.apply(p);
        return p;
    };
    if (const auto f = firstOf({folder / "campaign_sites.geojson", folder / "campaign/campaign_sites.geojson"}); !f.empty()) {
        DatasetPtr siteDs = openVector(f.string());
        for (auto& feature : *siteDs->GetLayer(0)) {
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint) continue;
            const int rank = feature->GetFieldIndex("rank");
            m.sites.push_back({display(g->toPoint()->getX(), g->toPoint()->getY()), rank >= 0 ? feature->GetFieldAsString(rank) : ""});
        }
    }
    if (const auto f = firstOf({folder / "routes.geojson", folder / "routes/routes.geojson"}); !f.empty()) {
        DatasetPtr routeDs = openVector(f.string());
        std::map<int, MapData::Route> byRoute;
        std::map<int, std::map<int, core::Point>> stopsByOrder;
        for (auto& feature : *routeDs->GetLayer(0)) {
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g) continue;
            const int route = feature->GetFieldAsInteger("route");
            if (wkbFlatten(g->getGeometryType()) == wkbLineString) {
                for (const auto& p : *g->toLineString()) byRoute[route].line.push_back(display(p.getX(), p.getY()));
            } else if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
                stopsByOrder[route][feature->GetFieldAsInteger("order")] = display(g->toPoint()->getX(), g->toPoint()->getY());
            }
        }
        for (auto& [route, r] : byRoute) {
            for (const auto& [order, p] : stopsByOrder[route]) r.stops.push_back(p);
            m.routes.push_back(std::move(r));
        }
    }
    return m;
}

}  // namespace wardscope::gis
