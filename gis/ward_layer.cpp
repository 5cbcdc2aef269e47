#include "gis/ward_layer.h"

#include <cmath>
#include <limits>
#include <map>

#include "core/error.h"
#include "core/record_parser.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

namespace {

void appendRing(const OGRLinearRing& ring, core::Shape& shape) {
    core::Ring r;
    r.reserve(static_cast<std::size_t>(ring.getNumPoints()));
    for (int i = 0; i < ring.getNumPoints(); ++i) r.push_back({ring.getX(i), ring.getY(i)});
    shape.rings.push_back(std::move(r));
}

void appendPolygon(const OGRPolygon& poly, core::Shape& shape) {
    if (const OGRLinearRing* ext = poly.getExteriorRing()) appendRing(*ext, shape);
    for (int i = 0; i < poly.getNumInteriorRings(); ++i) appendRing(*poly.getInteriorRing(i), shape);
}

/// Keeps only the polygonal parts (MakeValid may return a collection with lines).
std::unique_ptr<OGRGeometry> polygonalPart(std::unique_ptr<OGRGeometry> g) {
    if (!g) return nullptr;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon || type == wkbMultiPolygon) return g;
    if (type == wkbGeometryCollection) {
        auto multi = std::make_unique<OGRMultiPolygon>();
        const auto* gc = g->toGeometryCollection();
        for (int i = 0; i < gc->getNumGeometries(); ++i) {
            const OGRGeometry* part = gc->getGeometryRef(i);
            const auto pt = wkbFlatten(part->getGeometryType());
            if (pt == wkbPolygon) {
                multi->addGeometry(part);
            } else if (pt == wkbMultiPolygon) {
                for (const auto* p : *part->toMultiPolygon()) multi->addGeometry(p);
            }
        }
        if (multi->getNumGeometries() > 0) return multi;
    }
    return nullptr;
}

}  // namespace

void appendRings(const OGRGeometry& geometry, core::Shape& shape) {
    const auto type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPolygon) {
        appendPolygon(*geometry.toPolygon(), shape);
    } else if (type == wkbMultiPolygon) {
        for (const auto* p : *geometry.toMultiPolygon()) appendPolygon(*p, shape);
    }
}

WardLayer loadWardLayer(const WardLayerOptions& options) {
    const LayerPath lp = parseLayerPath(options.path);
    DatasetPtr ds = openVector(lp.path);
    OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
    WardLayer out;
    out.path = lp.path;
    out.layerName = layer.GetName();
    out.crs = Crs::fromSpatialRef(layer.GetSpatialRef());
    const std::string where = lp.path + ":" + out.layerName;

    OGRFeatureDefn* defn = layer.GetLayerDefn();
    auto fieldIndex = [&](const std::string& name, bool required, const char* what) -> int {
        if (name.empty()) return -1;
        const int idx = defn->GetFieldIndex(name.c_str());
        if (idx < 0 && required) {
            std::string names;
            for (int i = 0; i < defn->GetFieldCount(); ++i)
                names += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
            throw InputError(where + ": no " + what + " field '" + name + "' (fields: " + names + ")");
        }
        return idx;
    };
    if (options.idField.empty()) throw UsageError("the ward id field is required (--ward-id)");
    const int idIdx = fieldIndex(options.idField, true, "ward id");
    const int nameIdx = options.nameField.empty() ? defn->GetFieldIndex("name") : fieldIndex(options.nameField, true, "ward name");
    const int fullIdx = options.fullNameField.empty() ? defn->GetFieldIndex("full_name")
                                                      : fieldIndex(options.fullNameField, true, "ward full name");
    const int popIdx = fieldIndex(options.populationField, true, "population");

    constexpr double inf = std::numeric_limits<double>::infinity();
    core::Box extent{inf, inf, -inf, -inf};
    std::map<std::string, long> seenCodes;
    std::vector<std::string> duplicates;
    layer.ResetReading();
    for (auto& feature : layer) {
        ++out.featuresRead;
        const long fid = static_cast<long>(feature->GetFID());
        const std::string code = core::normalizeWardCode(feature->GetFieldAsString(idIdx));
        if (code.empty()) {
            out.warnings.push_back(where + " feature " + std::to_string(fid) + ": empty ward id, skipped");
            continue;
        }
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            out.warnings.push_back(where + " feature " + std::to_string(fid) + " (" + code + "): no geometry, skipped");
            continue;
        }
        const auto type = wkbFlatten(g->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            out.warnings.push_back(where + " feature " + std::to_string(fid) + " (" + code + "): geometry is " +
                                   OGRGeometryTypeToName(type) + ", not a polygon; skipped");
            continue;
        }
        std::unique_ptr<OGRGeometry> geom(g->clone());
        if (!geom->IsValid()) {
            auto repaired = polygonalPart(std::unique_ptr<OGRGeometry>(geom->MakeValid()));
            if (!repaired) {
                out.warnings.push_back(where + " feature " + std::to_string(fid) + " (" + code +
                                       "): invalid polygon that MakeValid could not repair; skipped");
                continue;
            }
            out.warnings.push_back(where + " feature " + std::to_string(fid) + " (" + code +
                                   "): invalid polygon repaired with GEOS MakeValid");
            geom = std::move(repaired);
        }
        if (auto [it, inserted] = seenCodes.emplace(code, fid); !inserted) {
            duplicates.push_back(code + " (features " + std::to_string(it->second) + " and " + std::to_string(fid) + ")");
            continue;
        }
        core::WardInfo info;
        info.code = code;
        if (nameIdx >= 0) info.name = feature->GetFieldAsString(nameIdx);
        if (fullIdx >= 0) info.fullName = feature->GetFieldAsString(fullIdx);
        if (popIdx >= 0 && feature->IsFieldSetAndNotNull(popIdx)) {
            const double pop = feature->GetFieldAsDouble(popIdx);
            if (std::isfinite(pop) && pop >= 0) info.populationField = pop;
        }
        core::Shape shape;
        appendRings(*geom, shape);
        OGREnvelope env;
        geom->getEnvelope(&env);
        extent = {std::min(extent.minX, env.MinX), std::min(extent.minY, env.MinY), std::max(extent.maxX, env.MaxX),
                  std::max(extent.maxY, env.MaxY)};
        out.wards.push_back(std::move(info));
        out.shapes.push_back(std::move(shape));
        out.geometries.push_back(std::move(geom));
    }
    if (!duplicates.empty()) {
        std::string list;
        for (const auto& d : duplicates) list += (list.empty() ? "" : "; ") + d;
        throw InputError(where + ": duplicate ward codes in '" + options.idField + "': " + list);
    }
    if (out.wards.empty()) throw InputError(where + ": no polygon features");

    // Extent in lon/lat, to choose a metric CRS for the data's location.
    out.extentLonLat = extent;
    if (out.crs.isProjected()) {
        Transform toLonLat(out.crs, Crs::fromUserInput("EPSG:4326"));
        core::Point a{extent.minX, extent.minY}, b{extent.maxX, extent.maxY};
        toLonLat.apply(a);
        toLonLat.apply(b);
        out.extentLonLat = {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    }
    out.metricCrs = chooseMetricCrs(out.crs, out.extentLonLat, options.metricCrs, out.metricCrsReason);

    // Areas in the metric CRS.
    Transform toMetric(out.crs, out.metricCrs);
    for (std::size_t i = 0; i < out.geometries.size(); ++i) {
        std::unique_ptr<OGRGeometry> metric(out.geometries[i]->clone());
        if (!toMetric.identity() && metric->transform(toMetric.get()) != OGRERR_NONE)
            throw InputError(where + ": ward " + out.wards[i].code + " cannot be transformed to " + out.metricCrs.label());
        double area = 0;
        if (const auto type = wkbFlatten(metric->getGeometryType()); type == wkbPolygon) {
            area = metric->toPolygon()->get_Area();
        } else if (type == wkbMultiPolygon) {
            area = metric->toMultiPolygon()->get_Area();
        }
        out.wards[i].areaKm2 = area / 1e6;
    }
    return out;
}

}  // namespace wardscope::gis
