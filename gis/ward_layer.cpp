#include "gis/ward_layer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

#include "core/error.h"
#include "core/parallel.h"
#include "core/record_parser.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/ward_layer_cache.h"

namespace wardscope::gis {

namespace {

/// A ward of one ring of up to this many vertices gets the exact simple-ring
/// test before GEOS, and keeps no GDAL geometry (its ring is its polygon).
constexpr std::size_t kSmallRing = 64;

/// How far an interpolated metric vertex may be from PROJ's (metric CRS units).
constexpr double kMetricVertexError = 1e-6;

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


/// The wards' vertices in the metric CRS, each distinct vertex once.
struct MetricVertices {
    std::vector<double> x, y;              ///< distinct vertices, in the metric CRS
    std::vector<int> ok;                   ///< per distinct vertex: transformed
    std::vector<std::uint32_t> index;      ///< every ring vertex of the wards taken -> distinct vertex
    std::vector<std::size_t> firstVertex;  ///< per ward: its first entry in `index`
};

/// Every distinct vertex of the wards with take[i] through `toMetric` once
/// (neighbouring wards share their boundary vertices, so this is about half of
/// them). Many vertices (100,000 or more) are interpolated bicubically in a
/// lattice PROJ transforms, within a micrometre of PROJ point by point (tests:
/// 8 nm over Hai Phong; areas within 1 part in 10^11 of PROJ's), and 262,000
/// vertices cost 20 ms instead of 250 ms of PROJ on two threads.
MetricVertices metricVertices(const std::vector<core::Shape>& shapes, const std::vector<char>& take,
                              const Transform& toMetric) {
    const std::size_t n = shapes.size();
    MetricVertices mv;
    std::size_t total = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (take[i])
            for (const auto& ring : shapes[i].rings) total += ring.size();
    // Distinct vertices by their exact bits (open addressing).
    std::size_t tableSize = 1024;
    while (2 * tableSize < 3 * total) tableSize *= 2;  // at most 2/3 full (shared vertices: about half)
    constexpr auto kEmpty = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> table(tableSize, kEmpty);
    auto& ux = mv.x;
    auto& uy = mv.y;
    ux.reserve(total);  // reserved, not touched: no copies as they grow
    uy.reserve(total);
    mv.index.reserve(total);
    auto bits = [](double v) {
        std::uint64_t b = 0;
        std::memcpy(&b, &v, sizeof b);
        return b;
    };
    mv.firstVertex.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        mv.firstVertex[i] = mv.index.size();
        if (!take[i]) continue;
        for (const auto& ring : shapes[i].rings)
            for (const core::Point& p : ring) {
                const std::uint64_t bx = bits(p.x), by = bits(p.y);
                std::uint64_t h = bx * 0x9E3779B97F4A7C15ULL ^ (by + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
                h ^= h >> 29;
                std::size_t slot = h & (tableSize - 1);
                for (;; slot = (slot + 1) & (tableSize - 1)) {
                    const std::uint32_t u = table[slot];
                    if (u == kEmpty) {
                        table[slot] = static_cast<std::uint32_t>(ux.size());
                        mv.index.push_back(static_cast<std::uint32_t>(ux.size()));
                        ux.push_back(p.x);
                        uy.push_back(p.y);
                        break;
                    }
                    if (bits(ux[u]) == bx && bits(uy[u]) == by) {
                        mv.index.push_back(u);
                        break;
                    }
                }
            }
    }
    toMetric.applyInterpolated(ux, uy, mv.ok, kMetricVertexError, Transform::Interpolation::Bicubic);
    return mv;
}

/// Each kept ward's area in the metric CRS: the shoelace formula over its
/// transformed vertices, exterior minus holes. A ward that cannot be
/// transformed is dropped, with a note. The rings themselves are not kept
/// (WardLayer::metricRings makes them again when a step needs them).
void computeAreas(WardLayer& out, const std::vector<core::Shape>& shapes, std::vector<char>& keep,
                  std::vector<std::string>& notes, const std::string& where, const std::vector<long>& fids) {
    const std::size_t n = shapes.size();
    auto toMetric = std::make_shared<const Transform>(out.crs, out.metricCrs);
    std::promise<std::shared_ptr<const Transform>> made;
    made.set_value(toMetric);
    out.toMetric = made.get_future().share();
    const MetricVertices mv = metricVertices(shapes, keep, *toMetric);
    core::parallelRanges(n, n < 64 ? 1 : 0, [&](std::size_t begin, std::size_t end) {
        std::vector<double> ringAreas;
        for (std::size_t i = begin; i < end; ++i) {
            if (!keep[i]) continue;
            const std::uint32_t* idx = mv.index.data() + mv.firstVertex[i];
            bool transformed = true;
            ringAreas.clear();
            for (const auto& ring : shapes[i].rings) {
                const std::size_t m = ring.size();
                for (std::size_t k = 0; k < m; ++k) transformed = transformed && mv.ok[idx[k]];
                ringAreas.push_back(
                    core::signedArea(m, [&](std::size_t k) { return core::Point{mv.x[idx[k]], mv.y[idx[k]]}; }));
                idx += m;
            }
            if (!transformed) {
                notes[i] = where + " feature " + std::to_string(fids[i]) + " (" + out.wards[i].code +
                           "): cannot be transformed to " + out.metricCrs.label() + "; skipped";
                keep[i] = 0;
                continue;
            }
            // Rings come polygon by polygon: the exterior, then its holes.
            double area = 0;
            std::size_t r = 0;
            if (!out.geometries[i]) {
                area = std::abs(ringAreas[0]);  // one ring, its polygon
            } else {
                forEachPolygon(*out.geometries[i], [&](const OGRPolygon& polygon) {
                    if (!polygon.getExteriorRing()) return;
                    area += std::abs(ringAreas[r++]);
                    for (int h = 0; h < polygon.getNumInteriorRings(); ++h) area -= std::abs(ringAreas[r++]);
                });
            }
            // Without a metric CRS the layer's units have no known size.
            out.wards[i].areaKm2 = out.planar() ? std::numeric_limits<double>::quiet_NaN() : area / 1e6;
        }
    });
}

std::shared_ptr<const core::WardDirectory> wardDirectory(const std::vector<core::WardInfo>& wards) {
    std::vector<std::string> codes, names, fullNames, formedFrom;
    codes.reserve(wards.size());
    names.reserve(wards.size());
    fullNames.reserve(wards.size());
    formedFrom.reserve(wards.size());
    for (const auto& w : wards) {
        codes.push_back(w.code);
        names.push_back(w.name);
        fullNames.push_back(w.fullName);
        formedFrom.push_back(w.formedFrom);
    }
    auto directory = std::make_shared<core::WardDirectory>();
    directory->build(codes, names, fullNames, formedFrom);
    return directory;
}

}  // namespace

struct WardLayer::Shapes {
    std::once_flag made;
    std::function<std::vector<core::Shape>()> make;
    std::function<std::span<const core::Point>(std::size_t)> firstRing;
    std::vector<core::Shape> rings;
};

const std::vector<core::Shape>& WardLayer::shapes() const {
    static const std::vector<core::Shape> none;
    if (!m_shapes) return none;
    std::call_once(m_shapes->made, [this] {
        if (m_shapes->make) m_shapes->rings = std::exchange(m_shapes->make, nullptr)();
    });
    return m_shapes->rings;
}

void WardLayer::setShapes(std::vector<core::Shape> rings) {
    m_shapes = std::make_shared<Shapes>();
    m_shapes->rings = std::move(rings);
}

void WardLayer::setShapes(std::function<std::vector<core::Shape>()> make,
                          std::function<std::span<const core::Point>(std::size_t)> firstRing) {
    m_shapes = std::make_shared<Shapes>();
    m_shapes->make = std::move(make);
    m_shapes->firstRing = std::move(firstRing);
}

std::unique_ptr<OGRGeometry> WardLayer::geometry(std::size_t i) const {
    if (geometries[i]) return std::unique_ptr<OGRGeometry>(geometries[i]->clone());
    if (m_shapes && m_shapes->firstRing) return polygonOfRing(m_shapes->firstRing(i));
    return polygonOfRing(shapes()[i].rings.at(0));
}

std::shared_ptr<const core::PolygonIndex> WardLayer::pointIndex() const {
    return index ? index : core::PolygonIndex::of(shapes());
}

std::shared_ptr<const core::WardDirectory> WardLayer::codeDirectory() const {
    return directory ? directory : wardDirectory(wards);
}

std::vector<core::Shape> WardLayer::metricRings() const {
    const std::vector<core::Shape>& shapes = this->shapes();
    const std::unique_ptr<Transform> toMetricCrs = metricTransform();
    const MetricVertices mv = metricVertices(shapes, std::vector<char>(shapes.size(), 1), *toMetricCrs);
    std::vector<core::Shape> metric(shapes.size());
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const std::uint32_t* idx = mv.index.data() + mv.firstVertex[i];
        for (const auto& ring : shapes[i].rings) {
            core::Ring& m = metric[i].rings.emplace_back();
            m.reserve(ring.size());
            for (std::size_t k = 0; k < ring.size(); ++k, ++idx)
                m.push_back(mv.ok[*idx] ? core::Point{mv.x[*idx], mv.y[*idx]}
                                        : core::Point{std::numeric_limits<double>::quiet_NaN(),
                                                      std::numeric_limits<double>::quiet_NaN()});
        }
    }
    return metric;
}

std::unique_ptr<Transform> WardLayer::metricTransform() const {
    if (toMetric.valid())
        if (const auto& made = toMetric.get()) return std::make_unique<Transform>(*made);
    return std::make_unique<Transform>(crs, metricCrs);
}

std::unique_ptr<OGRPolygon> polygonOfRing(std::span<const core::Point> r) {
    auto ring = std::make_unique<OGRLinearRing>();
    ring->setNumPoints(static_cast<int>(r.size()), FALSE);
    for (std::size_t k = 0; k < r.size(); ++k) ring->setPoint(static_cast<int>(k), r[k].x, r[k].y);
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return polygon;
}

void appendRings(const OGRGeometry& geometry, core::Shape& shape) {
    forEachPolygon(geometry, [&](const OGRPolygon& p) { appendPolygon(p, shape); });
}

namespace {

WardLayer loadWardLayerFromFile(const WardLayerOptions& options) {
    const LayerPath lp = parseLayerPath(options.path);
    DatasetPtr ds = openVector(lp.path);
    OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
    WardLayer out;
    out.path = lp.path;
    out.layerName = layer.GetName();
    out.idField = options.idField;
    const std::string where = lp.path + ":" + out.layerName;
    const OGRSpatialReference* declared = layer.GetSpatialRef();
    const bool undefined = declared && Crs::isUndefined(*declared);
    if (!options.layerCrs.empty()) {
        out.crs = Crs::fromUserInput(options.layerCrs);
        if (declared && !undefined && !out.crs.sameAs(Crs::fromSpatialRef(declared)))
            out.warnings.push_back(where + ": the layer declares " + Crs::fromSpatialRef(declared).label() + "; " +
                                   out.crs.label() + " (--wards-crs) is used instead");
    } else if (!undefined) {
        out.crs = Crs::fromSpatialRef(declared);
    }

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
    // Names by default from a boundary layer's "name"/"full_name", or from
    // wardscope's own outputs' "ward_name"/"ward_full_name".
    auto firstField = [&](std::initializer_list<const char*> names) {
        for (const char* name : names)
            if (const int idx = defn->GetFieldIndex(name); idx >= 0) return idx;
        return -1;
    };
    const int nameIdx = options.nameField.empty() ? firstField({"name", "ward_name"}) : fieldIndex(options.nameField, true, "ward name");
    const int fullIdx = options.fullNameField.empty() ? firstField({"full_name", "ward_full_name"})
                                                      : fieldIndex(options.fullNameField, true, "ward full name");
    const int popIdx = fieldIndex(options.populationField, true, "population");
    const int formedIdx = defn->GetFieldIndex("formed_from");
    std::vector<int> numericIdx;
    std::vector<std::string> numericNames;  // each field once, however often it is asked for
    for (const auto& f : options.numericFields) {
        if (std::find(numericNames.begin(), numericNames.end(), f) != numericNames.end()) continue;
        numericNames.push_back(f);
        numericIdx.push_back(fieldIndex(f, true, "numeric"));
        out.numeric[f];
    }

    constexpr double inf = std::numeric_limits<double>::infinity();
    core::Box extent{inf, inf, -inf, -inf};
    std::map<std::string, long> seenCodes;
    std::vector<long> fids;
    std::vector<std::string> duplicates;
    std::vector<core::Shape> shapes;
    layer.ResetReading();
    for (auto& feature : layer) {
        ++out.featuresRead;
        const long fid = static_cast<long>(feature->GetFID());
        const std::string code(core::normalizeWardCode(feature->GetFieldAsString(idIdx)));
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
        if (formedIdx >= 0) info.formedFrom = feature->GetFieldAsString(formedIdx);
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
            out.numeric[numericNames[k]].push_back(v);
        }
        OGREnvelope env;
        g->getEnvelope(&env);  // MakeValid never grows the envelope
        extent = {std::min(extent.minX, env.MinX), std::min(extent.minY, env.MinY), std::max(extent.maxX, env.MaxX),
                  std::max(extent.maxY, env.MaxY)};
        out.wards.push_back(std::move(info));
        // The rings are copied here. A ward of one small ring keeps no GDAL
        // geometry (its polygon is that ring: WardLayer::geometry), so the
        // next feature reuses the memory; any other keeps it, without a copy.
        core::Shape& shape = shapes.emplace_back();
        appendRings(*g, shape);
        const bool oneSmallRing =
            shape.rings.size() == 1 && shape.rings[0].size() <= kSmallRing && !g->Is3D() && !g->IsMeasured();
        out.geometries.emplace_back(oneSmallRing ? nullptr : feature->StealGeometry());
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
    if (out.planar()) {
        const char* srsName = undefined ? declared->GetName() : nullptr;
        out.warnings.push_back(where + (srsName ? ": the layer's CRS is \"" + std::string(srsName) + "\", which places it nowhere"
                                                : ": the layer has no CRS") +
                               ": contiguity uses planar geometry in the layer's units; areas, densities per km² and "
                               "distances in metres are not computed (declare the layer's CRS with --wards-crs)");
    }

    // Per ward, in parallel (static ranges, so the result does not depend on
    // timing): validity and GEOS MakeValid repair.
    const std::size_t n = out.geometries.size();
    std::vector<std::string> notes(n);
    std::vector<char> keep(n, 1);
    core::parallelRanges(n, n < 64 ? 1 : 0, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            auto& geom = out.geometries[i];
            // Small single-ring polygons (most wards of a fine layer; a polygon or a
            // multipolygon of one part without holes) are shown valid by exact
            // predicates in core; everything else asks GEOS (a ward read without
            // its GDAL geometry is one small ring: its polygon is made from it).
            const auto& rings = shapes[i].rings;
            if (rings.size() == 1 && rings[0].size() <= kSmallRing && core::isSimpleRing(rings[0])) continue;
            if (!geom) geom = polygonOfRing(rings[0]);
            if (!geom->IsValid()) {
                const std::string label = where + " feature " + std::to_string(fids[i]) + " (" + out.wards[i].code + ")";
                auto repaired = polygonalPart(std::unique_ptr<OGRGeometry>(geom->MakeValid()));
                if (!repaired) {
                    notes[i] = label + ": invalid polygon that MakeValid could not repair; skipped";
                    keep[i] = 0;
                    continue;
                }
                notes[i] = label + ": invalid polygon repaired with GEOS MakeValid";
                geom = std::move(repaired);
                shapes[i].rings.clear();
                appendRings(*geom, shapes[i]);
            }
        }
    });
    // The point-in-polygon index needs only the rings, the directory only the
    // codes and names: both are made while the areas are computed.
    std::future<void> indexing = std::async(std::launch::async, [&out, &shapes] {
        out.directory = wardDirectory(out.wards);
        out.index = core::PolygonIndex::of(shapes);
    });
    try {
        computeAreas(out, shapes, keep, notes, where, fids);
    } catch (...) {
        indexing.wait();
        throw;
    }
    indexing.get();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!notes[i].empty()) out.warnings.push_back(notes[i]);
        if (!keep[i]) continue;
        if (kept != i) {
            out.wards[kept] = std::move(out.wards[i]);
            out.geometries[kept] = std::move(out.geometries[i]);
            shapes[kept] = std::move(shapes[i]);
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
    shapes.resize(kept);
    if (out.wards.empty()) throw InputError(where + ": no polygon features");
    if (kept != n) {  // a ward could not be transformed: index the rest
        out.index = core::PolygonIndex::of(shapes);
        out.directory = wardDirectory(out.wards);
    }
    out.setShapes(std::move(shapes));
    return out;
}

}  // namespace

WardLayer loadWardLayer(const WardLayerOptions& options) {
    protectInput(parseLayerPath(options.path).path);
    const std::optional<LayerCacheEntry> entry = layerCacheEntry(options);
    if (entry)
        if (std::optional<WardLayer> cached = readCachedLayer(*entry)) return std::move(*cached);
    WardLayer layer = loadWardLayerFromFile(options);
    if (entry) writeCachedLayer(*entry, layer);
    return layer;
}

}  // namespace wardscope::gis
