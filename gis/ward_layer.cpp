#include "gis/ward_layer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.h"
#include "core/parallel.h"
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

template <typename F>
void forEachPolygon(const OGRGeometry& geometry, F&& f) {
    const auto type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPolygon) {
        f(*geometry.toPolygon());
    } else if (type == wkbMultiPolygon) {
        for (const auto* p : *geometry.toMultiPolygon()) f(*p);
    }
}

/// The signed area (shoelace formula) of a closed or open ring given as arrays.
double shoelace(const double* x, const double* y, std::size_t n) {
    if (n < 3) return 0;
    double sum = 0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) sum += (x[j] - x[i]) * (y[j] + y[i]);
    return sum / 2;
}

}  // namespace

void appendRings(const OGRGeometry& geometry, core::Shape& shape) {
    forEachPolygon(geometry, [&](const OGRPolygon& p) { appendPolygon(p, shape); });
}

WardLayer loadWardLayer(const WardLayerOptions& options) {
    const LayerPath lp = parseLayerPath(options.path);
    DatasetPtr ds = openVector(lp.path);
    OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
    WardLayer out;
    out.path = lp.path;
    out.layerName = layer.GetName();
    out.idField = options.idField;
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
    std::vector<int> numericIdx;
    for (const auto& f : options.numericFields) {
        numericIdx.push_back(fieldIndex(f, true, "numeric"));
        out.numeric[f];
    }

    constexpr double inf = std::numeric_limits<double>::infinity();
    core::Box extent{inf, inf, -inf, -inf};
    std::map<std::string, long> seenCodes;
    std::vector<long> fids;
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
        for (std::size_t k = 0; k < numericIdx.size(); ++k) {
            double v = std::numeric_limits<double>::quiet_NaN();
            if (feature->IsFieldSetAndNotNull(numericIdx[k])) {
                const OGRFieldType fieldType = defn->GetFieldDefn(numericIdx[k])->GetType();
                if (fieldType == OFTInteger || fieldType == OFTInteger64 || fieldType == OFTReal) {
                    v = feature->GetFieldAsDouble(numericIdx[k]);
                } else {
                    const std::string text = feature->GetFieldAsString(numericIdx[k]);
                    char* end = nullptr;
                    const double parsed = std::strtod(text.c_str(), &end);
                    if (end && *end == '\0' && !text.empty()) v = parsed;
                }
            }
            out.numeric[options.numericFields[k]].push_back(v);
        }
        OGREnvelope env;
        g->getEnvelope(&env);  // MakeValid never grows the envelope
        extent = {std::min(extent.minX, env.MinX), std::min(extent.minY, env.MinY), std::max(extent.maxX, env.MaxX),
                  std::max(extent.maxY, env.MaxY)};
        out.wards.push_back(std::move(info));
        out.geometries.emplace_back(g->clone());
        fids.push_back(fid);
    }
    if (!duplicates.empty()) {
        std::string list;
        for (const auto& d : duplicates) list += (list.empty() ? "" : "; ") + d;
        throw InputError(where + ": duplicate ward codes in '" + options.idField + "': " + list);
    }
    if (out.wards.empty()) throw InputError(where + ": no polygon features");

    if (!std::isfinite(extent.minX) || !std::isfinite(extent.minY) || !std::isfinite(extent.maxX) || !std::isfinite(extent.maxY))
        throw InputError(where + ": the ward geometries have coordinates that are not finite numbers");
    if (out.crs.isGeographic() && (extent.minX < -180 || extent.maxX > 180 || extent.minY < -90 || extent.maxY > 90))
        throw InputError(where + ": coordinates outside the longitude/latitude range of the layer's CRS (" +
                         out.crs.label() + ")");
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

    // Per ward, in parallel (static ranges, so the result does not depend on
    // timing): validity and GEOS MakeValid repair, rings, area in the metric CRS.
    const std::size_t n = out.geometries.size();
    out.shapes.assign(n, {});
    std::vector<std::string> notes(n);
    std::vector<char> keep(n, 1);
    const Transform metricTransform(out.crs, out.metricCrs);
    auto work = [&](std::size_t begin, std::size_t end) {
        const Transform toMetric(metricTransform);  // one per thread
        std::vector<double> xs, ys;
        std::vector<int> ok;
        for (std::size_t i = begin; i < end; ++i) {
            auto& geom = out.geometries[i];
            const std::string label = where + " feature " + std::to_string(fids[i]) + " (" + out.wards[i].code + ")";
            if (!geom->IsValid()) {
                auto repaired = polygonalPart(std::unique_ptr<OGRGeometry>(geom->MakeValid()));
                if (!repaired) {
                    notes[i] = label + ": invalid polygon that MakeValid could not repair; skipped";
                    keep[i] = 0;
                    continue;
                }
                notes[i] = label + ": invalid polygon repaired with GEOS MakeValid";
                geom = std::move(repaired);
            }
            appendRings(*geom, out.shapes[i]);
            // Area in the metric CRS: the rings' vertices through PROJ in one
            // batch, then the shoelace formula (exterior minus holes, per polygon).
            const core::Shape& shape = out.shapes[i];
            xs.clear();
            ys.clear();
            for (const core::Ring& ring : shape.rings)
                for (const core::Point& pt : ring) {
                    xs.push_back(pt.x);
                    ys.push_back(pt.y);
                }
            toMetric.apply(xs, ys, ok);
            if (std::find(ok.begin(), ok.end(), 0) != ok.end()) {
                notes[i] = label + ": cannot be transformed to " + out.metricCrs.label() + "; skipped";
                keep[i] = 0;
                continue;
            }
            double area = 0;
            std::size_t vertex = 0, ringIndex = 0;
            forEachPolygon(*geom, [&](const OGRPolygon& polygon) {
                const std::size_t rings =
                    polygon.getExteriorRing() ? 1 + static_cast<std::size_t>(polygon.getNumInteriorRings()) : 0;
                for (std::size_t r = 0; r < rings; ++r, ++ringIndex) {
                    const std::size_t n = shape.rings[ringIndex].size();
                    const double a = std::abs(shoelace(xs.data() + vertex, ys.data() + vertex, n));
                    area += r == 0 ? a : -a;
                    vertex += n;
                }
            });
            out.wards[i].areaKm2 = area / 1e6;
        }
    };
    core::parallelRanges(n, n < 64 ? 1 : 0, work);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!notes[i].empty()) out.warnings.push_back(notes[i]);
        if (!keep[i]) continue;
        if (kept != i) {
            out.wards[kept] = std::move(out.wards[i]);
            out.geometries[kept] = std::move(out.geometries[i]);
            out.shapes[kept] = std::move(out.shapes[i]);
        }
        ++kept;
    }
    for (auto& [name, values] : out.numeric) {
        std::size_t w = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (keep[i]) values[w++] = values[i];
        values.resize(kept);
    }
    out.wards.resize(kept);
    out.geometries.resize(kept);
    out.shapes.resize(kept);
    if (out.wards.empty()) throw InputError(where + ": no polygon features");
    return out;
}

}  // namespace wardscope::gis
