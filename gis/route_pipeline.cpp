#include "gis/route_pipeline.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include "core/csv_reader.h"
#include "core/road_network.h"
#include "core/error.h"
#include "core/record_parser.h"
#include "core/unicode.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/contiguity.h"
#include "gis/point_layer.h"
#include "gis/ward_join.h"
#include "gis/ward_layer.h"

namespace wardscope::gis {

namespace fs = std::filesystem;

void RouteRequest::validate() const {
    if (stops.empty() == topWards.empty()) throw UsageError("give either --stops or --top-wards");
    if (!topWards.empty() && topCount < 1) throw UsageError("--top must be at least 1");
    if (depot.empty()) throw UsageError("--depot is required (LON,LAT or a stop id)");
    if (outDir.empty()) throw UsageError("--out is required");
    if (inspectors < 1) throw UsageError("--inspectors must be at least 1");
    if (maxKm < 0) throw UsageError("--max-km must be positive");
    if (detour != 0 && !(detour >= 1)) throw UsageError("--detour must be 1 or more");
    if (!(speedKmh > 0 && speedKmh <= 200)) throw UsageError("--speed-kmh must be above 0 and at most 200");
    if (!wards.path.empty() && !topWards.empty()) throw UsageError("--wards is for --stops (--top-wards names its own)");
    if (!wards.path.empty() && wards.idField.empty()) throw UsageError("--wards needs --ward-id");
}

namespace {

/// An island ward (đặc khu: Cát Hải, Bạch Long Vĩ).
bool isIslandWard(std::string_view name) { return core::foldedNameKey(name).rfind("dac khu", 0) == 0; }

/// Which places of an island ward are reached by boat: all but its land parts
/// that hold a road-linked point listed in road_linked_islands.csv beside the
/// boundary layer (ward_code, lon, lat: Cát Hải island, joined to the mainland
/// by the Tân Vũ - Lạch Huyện bridge). Without the file, every place of an
/// island ward is.
class IslandAccess {
public:
    IslandAccess(const WardLayer& wards, const fs::path& boundaryFile)
        : m_wards(wards), m_toLayer(Crs::fromUserInput("EPSG:4326"), wards.crs.empty() ? Crs::fromUserInput("EPSG:4326") : wards.crs) {
        std::error_code ec;
        const fs::path csv = boundaryFile.parent_path() / "road_linked_islands.csv";
        std::ifstream in(csv, std::ios::binary);
        if (!in) return;
        core::CsvReader reader(in);
        core::CsvRow row;
        if (!reader.next(row)) return;
        int code = -1, lon = -1, lat = -1;
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
            if (row.fields[i] == "ward_code") code = static_cast<int>(i);
            if (row.fields[i] == "lon") lon = static_cast<int>(i);
            if (row.fields[i] == "lat") lat = static_cast<int>(i);
        }
        if (code < 0 || lon < 0 || lat < 0) throw InputError(csv.string() + ": needs the columns ward_code, lon, lat");
        const auto last = static_cast<std::size_t>(std::max({code, lon, lat}));
        while (reader.next(row)) {
            if (row.fields.size() <= last) continue;
            core::Point p{std::strtod(std::string(row.fields[static_cast<std::size_t>(lon)]).c_str(), nullptr),
                          std::strtod(std::string(row.fields[static_cast<std::size_t>(lat)]).c_str(), nullptr)};
            if (m_toLayer.apply(p)) m_linked[std::string(row.fields[static_cast<std::size_t>(code)])].push_back(p);
        }
        m_file = csv.string();
    }

    /// True when `lonLat` (WGS 84), in ward `ward`, is reached by boat.
    [[nodiscard]] bool byBoat(std::size_t ward, core::Point lonLat) const {
        const auto& w = m_wards.wards[ward];
        if (!isIslandWard(w.fullName.empty() ? w.name : w.fullName)) return false;
        const auto linked = m_linked.find(w.code);
        if (linked == m_linked.end()) return true;
        core::Point p = lonLat;
        if (!m_toLayer.apply(p)) return true;
        // The land part the place is on (or nearest to: a quay off the coast line).
        const auto geometry = m_wards.geometry(ward);
        std::vector<const OGRGeometry*> parts;
        if (const auto* multi = dynamic_cast<const OGRGeometryCollection*>(geometry.get())) {
            for (int k = 0; k < multi->getNumGeometries(); ++k) parts.push_back(multi->getGeometryRef(k));
        } else {
            parts.push_back(geometry.get());
        }
        const OGRPoint at(p.x, p.y);
        const OGRGeometry* part = nullptr;
        double nearest = std::numeric_limits<double>::infinity();
        for (const auto* candidate : parts) {
            const double d = candidate->Distance(&at);
            if (d < nearest) nearest = d, part = candidate;
        }
        if (!part) return true;
        for (const auto& q : linked->second) {
            const OGRPoint link(q.x, q.y);
            if (part->Distance(&link) <= 0) return false;
        }
        return true;
    }
    [[nodiscard]] const std::string& file() const { return m_file; }

private:
    const WardLayer& m_wards;
    Transform m_toLayer;
    std::map<std::string, std::vector<core::Point>> m_linked;
    std::string m_file;
};

/// A number with a decimal comma, as Vietnamese writes it: 3,12.
std::string viNumber(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string out = buf;
    for (char& c : out)
        if (c == '.') c = ',';
    return out;
}

/// Why a ward is on the list, in Vietnamese: its Gi* class, or the field's value.
std::string wardReason(const std::string& field, double value, double giBin) {
    if (field == "gi_star_z" || std::isfinite(giBin)) {
        const int bin = std::isfinite(giBin) ? static_cast<int>(giBin) : 0;
        const char* level = std::abs(bin) >= 3 ? "99 %" : std::abs(bin) == 2 ? "95 %" : "90 %";
        std::string text = bin > 0 ? std::string("điểm nóng Gi* (độ tin cậy ") + level + ")"
                           : bin < 0 ? std::string("điểm lạnh Gi* (độ tin cậy ") + level + ")"
                                     : std::string("không phải điểm nóng có ý nghĩa thống kê");
        if (field == "gi_star_z") return text + ", z = " + viNumber(value, 2);
        return text + "; " + field + " = " + viNumber(value, 2);
    }
    return field + " = " + viNumber(value, 2);
}

struct AdminCentre {
    core::Point lonLat;
    std::string address;
};

/// The wards' administrative offices (admin_center, admin_lon, admin_lat, by
/// ward code) in the boundary layer that the analysis in `folder` read, as its
/// manifest.json names it. Empty when any of these is missing.
std::map<std::string, AdminCentre> adminCentres(const fs::path& folder, fs::path* boundaryFile = nullptr) {
    std::map<std::string, AdminCentre> out;
    std::error_code ec;
    const fs::path manifest = folder / "manifest.json";
    if (!fs::is_regular_file(manifest, ec)) return out;
    try {
        std::ifstream in(manifest, std::ios::binary);
        const auto j = nlohmann::json::parse(in);
        const auto& w = j.at("request").at("wards");
        const LayerPath lp = parseLayerPath(w.at("path").get<std::string>());
        if (!fs::is_regular_file(lp.path, ec)) return out;
        if (boundaryFile) *boundaryFile = lp.path;
        DatasetPtr ds = openVector(lp.path);
        OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
        OGRFeatureDefn* defn = layer.GetLayerDefn();
        const int id = defn->GetFieldIndex(w.at("id_field").get<std::string>().c_str());
        const int name = defn->GetFieldIndex("admin_center");
        const int lon = defn->GetFieldIndex("admin_lon");
        const int lat = defn->GetFieldIndex("admin_lat");
        if (id < 0 || lon < 0 || lat < 0) return out;
        for (auto& f : layer) {
            if (!f->IsFieldSetAndNotNull(lon) || !f->IsFieldSetAndNotNull(lat)) continue;
            const core::Point p{f->GetFieldAsDouble(lon), f->GetFieldAsDouble(lat)};
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::abs(p.x) > 180 || std::abs(p.y) > 90) continue;
            out[std::string(core::normalizeWardCode(f->GetFieldAsString(id)))] = {
                p, name >= 0 && f->IsFieldSetAndNotNull(name) ? f->GetFieldAsString(name) : ""};
        }
    } catch (const std::exception&) {
        return {};  // an unreadable manifest or layer: points inside the wards instead
    }
    return out;
}

/// The `count` wards with the highest `field` (ties by layer order), at their
/// administrative offices when known, else at their representative points
/// (GEOS PointOnSurface), in WGS 84, with the reason each is on the list.
std::vector<RouteStop> topWardStops(const std::string& spec, const std::string& field, std::size_t count,
                                    std::vector<std::string>& warnings) {
    std::string path = spec;
    if (fs::is_directory(spec)) path = (fs::path(spec) / (fs::exists(fs::path(spec) / "wards.gpkg") ? "wards.gpkg" : "wards.geojson")).string();
    WardLayerOptions o;
    o.path = path;
    o.idField = "ward_code";
    o.numericFields = {field};
    {
        const LayerPath lp = parseLayerPath(path);
        DatasetPtr ds = openVector(lp.path);
        if (layerOf(*ds, lp.path, lp.layer).GetLayerDefn()->GetFieldIndex("gi_star_bin") >= 0 && field != "gi_star_bin")
            o.numericFields.push_back("gi_star_bin");
    }
    const WardLayer wards = loadWardLayer(o);
    const auto& values = wards.numeric.at(field);
    const auto bins = wards.numeric.find("gi_star_bin");
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::isfinite(values[i])) order.push_back(i);
    if (order.empty()) throw InputError(path + ": no ward has a value of " + field);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
    order.resize(std::min(order.size(), count));
    fs::path boundaryFile = path;
    const auto centres = adminCentres(fs::is_directory(spec) ? fs::path(spec) : fs::path(path).parent_path(), &boundaryFile);
    const IslandAccess islands(wards, boundaryFile);
    if (centres.empty())
        warnings.push_back("the wards' administrative offices are not known (no admin_lon/admin_lat in the boundary "
                           "layer the analysis names): each ward is visited at a point inside it");
    const auto reps = representativePoints(wards);
    Transform toWgs(wards.metricCrs, Crs::fromUserInput("EPSG:4326"));
    std::vector<RouteStop> out;
    for (std::size_t i : order) {
        const auto& w = wards.wards[i];
        RouteStop stop;
        stop.id = w.code;
        stop.name = w.fullName.empty() ? w.name : w.fullName;
        if (const auto c = centres.find(w.code); c != centres.end()) {
            stop.lonLat = c->second.lonLat;
            stop.address = c->second.address.empty() ? "Trụ sở UBND" : c->second.address;
        } else {
            stop.lonLat = reps[i];
            toWgs.apply(stop.lonLat);
        }
        stop.reason = wardReason(field, values[i], bins != wards.numeric.end() ? bins->second[i] : std::nan(""));
        stop.island = islands.byBoat(i, stop.lonLat);
        stop.ward = stop.name;
        out.push_back(std::move(stop));
    }
    return out;
}

/// The lines of a layer, in the metric CRS, as a road network.
std::unique_ptr<core::RoadNetwork> readRoads(const std::string& spec, const Crs& metric) {
    const LayerPath lp = parseLayerPath(spec);
    DatasetPtr ds = openVector(lp.path);
    OGRLayer& layer = layerOf(*ds, lp.path, lp.layer);
    Transform toMetric(Crs::fromSpatialRef(layer.GetSpatialRef()), metric);
    std::vector<std::vector<core::Point>> lines;
    auto addLine = [&](const OGRLineString& ls) {
        std::vector<core::Point> line;
        for (int i = 0; i < ls.getNumPoints(); ++i) {
            core::Point p{ls.getX(i), ls.getY(i)};
            if (toMetric.apply(p)) line.push_back(p);
        }
        if (line.size() >= 2) lines.push_back(std::move(line));
    };
    for (auto& f : layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g) continue;
        const auto type = wkbFlatten(g->getGeometryType());
        if (type == wkbLineString) {
            addLine(*g->toLineString());
        } else if (type == wkbMultiLineString) {
            for (const auto* part : *g->toMultiLineString()) addLine(*part);
        }
    }
    if (lines.empty()) throw InputError(spec + ": no lines (a road network is a line layer)");
    return std::make_unique<core::RoadNetwork>(lines);
}

/// Text for XML and HTML (GPX, the itinerary page): the five special
/// characters as entities, and control characters, which XML 1.0 does not
/// allow, as spaces.
std::string xmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' ? ' ' : c;
        }
    }
    return out;
}

/// "1 giờ 5 phút", "12 phút".
std::string viDuration(double minutes) {
    const long m = std::lround(minutes);
    if (m < 60) return std::to_string(m) + " phút";
    return std::to_string(m / 60) + " giờ" + (m % 60 ? " " + std::to_string(m % 60) + " phút" : "");
}

/// A map link a phone opens in its map app (RFC 5870 geo: URI, with the
/// label Android's maps read).
std::string geoLink(const RouteStop& s) {
    char ll[64];
    std::snprintf(ll, sizeof ll, "%.6f,%.6f", s.lonLat.y, s.lonLat.x);
    std::string label;
    for (const unsigned char c : s.name.empty() ? s.id : s.name) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
            label += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            label += hex;
        }
    }
    return std::string("geo:") + ll + "?q=" + ll + "(" + label + ")";
}

/// itinerary.html: one page an inspector reads on a phone, in Vietnamese: a
/// card per stop with its name, address, the reason it is on the list, the
/// leg's distance and estimated time, and a link that opens the phone's map.
class Itinerary {
public:
    Itinerary(const RouteRequest& request, const RouteResult& result, double detour, bool onRoads)
        : m_speedKmh(request.speedKmh), m_detour(detour) {
        m_html << "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>Lộ trình kiểm tra</title>\n<style>"
                  "body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:0 auto;padding:12px;font-size:16px;"
                  "line-height:1.4;color:#222;max-width:40em}h1{font-size:1.35em;margin:.2em 0}"
                  "h2{font-size:1.1em;background:#1f4e79;color:#fff;padding:8px 10px;border-radius:6px;margin:1.2em 0 .4em}"
                  "ol{list-style:none;padding:0;margin:0}li{border:1px solid #ccc;border-radius:8px;padding:10px;"
                  "margin:0 0 8px}.n{display:inline-block;min-width:1.7em;height:1.7em;line-height:1.7em;border-radius:50%;"
                  "background:#c0392b;color:#fff;text-align:center;font-weight:bold;margin-right:6px}"
                  "li.depot{background:#f3f3f3}li.depot .n{background:#555}.addr{color:#444;font-size:.92em}"
                  ".why{font-size:.92em;color:#7a2e00}.leg{font-size:.92em;color:#333;margin-top:2px}"
                  "a.map{display:inline-block;margin-top:6px;padding:6px 14px;background:#1f6f3f;color:#fff;"
                  "border-radius:6px;text-decoration:none}.boat{color:#a00;font-weight:bold}"
                  ".note{font-size:.85em;color:#555}</style></head><body>\n"
                  "<h1>Lộ trình kiểm tra</h1>\n<p>"
               << result.vrp.routes.size() << " tuyến · " << result.stops.size() - 1 << " điểm · khoảng "
               << viNumber(result.estimatedTravelM / 1000, 1) << " km di chuyển</p>\n";
        m_footer = std::string("<p class=note>Khoảng cách tính theo ") +
                   (onRoads ? "mạng đường" : "đường thẳng, nhân hệ số đường vòng " + viNumber(detour, 1)) +
                   "; thời gian ước tính với tốc độ trung bình " + viNumber(request.speedKmh, 0) +
                   " km/h, chưa gồm thời gian làm việc tại mỗi điểm; chặng đi tàu/phà (đặc khu) không tính thời gian. "
                   "Trang này có vị trí các điểm kiểm tra: chỉ dùng trong đoàn kiểm tra.</p>\n";
    }

    void beginRoute(std::size_t r, std::size_t inspector, std::size_t day, std::size_t stops, double lengthM) {
        m_html << "<h2>Tuyến " << r + 1 << " — Thanh tra viên " << inspector << " · Ngày " << day << "</h2>\n"
               << "<p class=note>" << stops << " điểm · khoảng " << viNumber(lengthM * m_detour / 1000, 1) << " km";
        m_routeMinutes = 0;
        m_routeBoat = false;
        m_body.str("");
    }

    void stop(std::size_t k, const RouteStop& s, bool back, double legM, double cumulativeM, bool boat) {
        const bool depot = k == 0 || back;
        m_body << "<li" << (depot ? " class=depot" : "") << "><span class=n>" << (back ? "↩" : std::to_string(k))
               << "</span><b>" << xmlEscape(back ? "Về điểm xuất phát" : s.name.empty() ? s.id : s.name) << "</b>";
        if (!back && !depot && !s.name.empty()) m_body << " <span class=addr>(" << xmlEscape(s.id) << ")</span>";
        if (!back && !s.address.empty()) m_body << "<div class=addr>" << xmlEscape(s.address) << "</div>";
        if (!depot && !s.reason.empty()) m_body << "<div class=why>Lý do: " << xmlEscape(s.reason) << "</div>";
        if (k > 0) {
            const double km = legM * m_detour / 1000;
            m_body << "<div class=leg>Chặng " << viNumber(km, 1) << " km · ";
            if (boat) {
                m_body << "<span class=boat>đi tàu/phà: theo lịch tàu</span>";
                m_routeBoat = true;
            } else {
                const double minutes = km / m_speedKmh * 60;
                m_routeMinutes += minutes;
                m_body << "khoảng " << viDuration(minutes);
            }
            m_body << " · cộng dồn " << viNumber(cumulativeM * m_detour / 1000, 1) << " km</div>";
        }
        m_body << "<div><a class=map href=\"" << xmlEscape(geoLink(s)) << "\">Mở bản đồ</a></div></li>\n";
    }

    void endRoute() {
        m_html << " · khoảng " << viDuration(m_routeMinutes) << " di chuyển" << (m_routeBoat ? " (chưa gồm đi tàu/phà)" : "")
               << "</p>\n<ol>\n" << m_body.str() << "</ol>\n";
    }

    std::string finish() {
        m_html << m_footer << "</body></html>\n";
        return m_html.str();
    }

private:
    double m_speedKmh;
    double m_detour;
    std::ostringstream m_html, m_body;
    std::string m_footer;
    double m_routeMinutes = 0;
    bool m_routeBoat = false;
};

}  // namespace

RouteResult runRoute(const RouteRequest& request, core::Progress& progress) {
    request.validate();
    progress.update(0.0, "reading stops");
    RouteResult result;
    std::vector<RouteStop> stops;
    if (!request.topWards.empty()) {
        stops = topWardStops(request.topWards, request.topBy, request.topCount, result.warnings);
    } else {
        for (auto& p : readNamedPoints(request.stops, request.crs)) {
            RouteStop stop;
            stop.id = p.id;
            stop.name = p.name;
            stop.lonLat = p.lonLat;
            stop.address = p.address;
            stops.push_back(std::move(stop));
        }
    }
    const Crs wgs84 = Crs::fromUserInput("EPSG:4326");
    // Depot: a stop id, or coordinates in the stops' CRS.
    RouteStop depot;
    std::size_t depotStop = SIZE_MAX;
    for (std::size_t i = 0; i < stops.size(); ++i)
        if (stops[i].id == request.depot) depotStop = i;
    if (depotStop != SIZE_MAX) {
        depot = stops[depotStop];
        stops.erase(stops.begin() + static_cast<std::ptrdiff_t>(depotStop));
    } else {
        double x = 0, y = 0;
        char comma = 0;
        std::istringstream in(request.depot);
        if (!(in >> x >> comma >> y) || comma != ',' || !(in >> std::ws).eof())
            throw UsageError("--depot '" + request.depot + "' is neither a stop id nor LON,LAT");
        const Crs depotCrs = Crs::fromUserInput(request.crs);
        const bool inRange = std::abs(x) <= 180 && std::abs(y) <= 90;
        depot.id = "depot";
        depot.name = "Điểm xuất phát";
        depot.lonLat = {x, y};
        // LAT,LON given for LON,LAT puts the office thousands of km away (or out
        // of range); the swapped point among the stops gives it away.
        if (depotCrs.isGeographic() && !stops.empty()) {
            core::Box box{1e300, 1e300, -1e300, -1e300};
            for (const auto& st : stops)
                box = {std::min(box.minX, st.lonLat.x), std::min(box.minY, st.lonLat.y), std::max(box.maxX, st.lonLat.x),
                       std::max(box.maxY, st.lonLat.y)};
            const double margin = 1.0;  // degrees, about 100 km
            auto near = [&](double lon, double lat) {
                return lon >= box.minX - margin && lon <= box.maxX + margin && lat >= box.minY - margin && lat <= box.maxY + margin;
            };
            if (!near(x, y) && near(y, x)) {
                char swapped[64];
                std::snprintf(swapped, sizeof swapped, "%.6g,%.6g", y, x);
                throw UsageError("--depot '" + request.depot + "' looks like LAT,LON (it lies far from every stop, and " +
                                 swapped + " among them): give LON,LAT, e.g. --depot " + swapped);
            }
        }
        if (depotCrs.isGeographic() && !inRange)
            throw UsageError("--depot '" + request.depot + "': a longitude is within ±180 and a latitude within ±90 (LON,LAT)");
        Transform toWgs(depotCrs, wgs84);
        if (!toWgs.apply(depot.lonLat)) throw UsageError("--depot cannot be transformed to WGS 84");
    }
    stops.insert(stops.begin(), depot);
    if (!request.wards.path.empty()) {
        // Each stop's ward (a stop up to 200 m off the boundary, as on a quay,
        // joins the nearest), for the boat legs to island wards.
        const WardLayer wards = loadWardLayer(request.wards);
        if (wards.planar()) throw UsageError("--wards: the layer has no CRS; declare it with --wards-crs");
        WardJoiner joiner(wards, wgs84, JoinOptions{200});
        const IslandAccess islands(wards, parseLayerPath(request.wards.path).path);
        std::size_t outside = 0;
        for (auto& s : stops) {
            core::RecordLocation at;
            at.hasPoint = true;
            at.x = s.lonLat.x;
            at.y = s.lonLat.y;
            const auto joined = joiner.join(at);
            if (joined.ward < 0) {
                ++outside;
                continue;
            }
            const auto& w = wards.wards[static_cast<std::size_t>(joined.ward)];
            s.ward = w.fullName.empty() ? w.name : w.fullName;
            s.island = islands.byBoat(static_cast<std::size_t>(joined.ward), s.lonLat);
        }
        if (outside > 0)
            result.warnings.push_back(std::to_string(outside) + " stop(s) lie in no ward of " + request.wards.path +
                                      " (nor within 200 m): their legs are taken as by road");
    }
    core::Box box{1e300, 1e300, -1e300, -1e300};
    for (const auto& s : stops)
        box = {std::min(box.minX, s.lonLat.x), std::min(box.minY, s.lonLat.y), std::max(box.maxX, s.lonLat.x),
               std::max(box.maxY, s.lonLat.y)};
    std::string reason;
    const Crs metric = chooseMetricCrs(wgs84, box, request.metricCrs, reason);
    result.metricCrs = metric.label();
    Transform toMetric(wgs84, metric);
    std::vector<core::Point> pts;
    for (auto& s : stops) {
        s.metric = s.lonLat;
        toMetric.apply(s.metric);
        pts.push_back(s.metric);
    }
    progress.update(0.2, "routing");
    // Distances: along the road network when one is given, else straight lines in
    // the metric CRS. The detour factor scales the estimated travel (and the km
    // limit is on estimated travel).
    std::unique_ptr<core::RoadNetwork> network;
    if (!request.roads.empty()) network = readRoads(request.roads, metric);
    result.onRoads = network != nullptr;
    const double detour = request.detour > 0 ? request.detour : network ? 1.0 : 1.3;
    result.detour = detour;
    core::DistanceMatrix d = network ? network->distances(pts) : core::DistanceMatrix::euclidean(pts);
    if (network) {
        // Stops the network cannot reach from the depot are left out, said plainly.
        std::vector<std::size_t> keep = {0};
        for (std::size_t i = 1; i < stops.size(); ++i) {
            if (std::isfinite(d(0, i))) {
                keep.push_back(i);
            } else {
                result.warnings.push_back("stop " + stops[i].id + " cannot be reached from the depot on the road network: not routed");
            }
        }
        if (keep.size() < stops.size()) {
            std::vector<RouteStop> kept;
            std::vector<core::Point> keptPts;
            core::DistanceMatrix sub(keep.size());
            for (std::size_t a = 0; a < keep.size(); ++a) {
                kept.push_back(stops[keep[a]]);
                keptPts.push_back(pts[keep[a]]);
                for (std::size_t b = a + 1; b < keep.size(); ++b) sub.set(a, b, d(keep[a], keep[b]));
            }
            stops = std::move(kept);
            pts = std::move(keptPts);
            d = std::move(sub);
        }
    }
    core::VrpOptions o;
    o.vehicles = request.inspectors;
    o.objective = request.objective;
    o.maxStops = request.maxStops;
    o.maxLength = request.maxKm > 0 ? request.maxKm * 1000 / detour : 0;
    o.tsp.seed = request.seed;
    result.vrp = core::solveVrp(d, 0, o, &pts);
    result.lengthM = result.vrp.totalLength;
    result.estimatedTravelM = result.lengthM * detour;
    for (auto u : result.vrp.unreachable)
        result.warnings.push_back("stop " + stops[u].id + " is farther than half of --max-km from the depot: not routed");
    if (request.maxStops == 0 && request.maxKm == 0 && result.vrp.routes.size() < request.inspectors) {
        const std::size_t idle = request.inspectors - result.vrp.routes.size();
        result.warnings.push_back(
            stops.size() - 1 < request.inspectors
                ? "fewer stops than inspectors: " + std::to_string(result.vrp.routes.size()) + " route(s)"
                : std::to_string(result.vrp.routes.size()) + " route(s) for " + std::to_string(request.inspectors) +
                      " inspectors: the shortest total distance leaves " + std::to_string(idle) +
                      " inspector(s) without a route (--objective longest shares the stops out)");
    }
    if ((request.maxStops > 0 || request.maxKm > 0) && result.vrp.routes.size() > request.inspectors)
        result.warnings.push_back(std::to_string(result.vrp.routes.size()) + " routes are needed within the limits for " +
                                  std::to_string(request.inspectors) + " inspector(s): plan them over several days");
    result.stops = stops;

    progress.update(0.8, "writing");
    prepareOutputFolder(request.outDir, &result.warnings);
    // GeoJSON (RFC 7946): a LineString per route and the stops with their order.
    nlohmann::ordered_json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::ordered_json::array()}};
    auto coord = [](const RouteStop& s) {
        return nlohmann::ordered_json::array({std::round(s.lonLat.x * 1e7) / 1e7, std::round(s.lonLat.y * 1e7) / 1e7});
    };
    nlohmann::ordered_json summaryRoutes = nlohmann::ordered_json::array();
    std::string csv = "route,inspector,day,order,stop_id,name,address,reason,lon,lat,leg_m,cumulative_m,"
                      "estimated_travel_m,travel_min,boat\n";
    std::ostringstream gpx;
    gpx << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"wardscope " WARDSCOPE_VERSION
           "\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
    Itinerary itinerary(request, result, detour, network != nullptr);
    for (std::size_t r = 0; r < result.vrp.routes.size(); ++r) {
        const auto& route = result.vrp.routes[r];
        const std::size_t inspector = r % request.inspectors + 1, day = r / request.inspectors + 1;
        std::vector<std::size_t> seq = {0};
        seq.insert(seq.end(), route.stops.begin(), route.stops.end());
        seq.push_back(0);
        nlohmann::ordered_json line = nlohmann::ordered_json::array();
        if (network) {
            // Along the roads: each leg's shortest path, back to WGS 84.
            Transform back(metric, wgs84);
            for (std::size_t k = 0; k + 1 < seq.size(); ++k) {
                auto leg = network->path(stops[seq[k]].metric, stops[seq[k + 1]].metric);
                for (std::size_t v = k == 0 ? 0 : 1; v < leg.size(); ++v) {
                    core::Point p = leg[v];
                    back.apply(p);
                    line.push_back({std::round(p.x * 1e7) / 1e7, std::round(p.y * 1e7) / 1e7});
                }
            }
        } else {
            for (auto i : seq) line.push_back(coord(stops[i]));
        }
        fc["features"].push_back({{"type", "Feature"},
                                  {"properties", {{"route", r + 1}, {"inspector", inspector}, {"day", day},
                                                  {"stops", route.stops.size()}, {"length_m", route.length},
                                                  {"estimated_travel_m", route.length * detour}}},
                                  {"geometry", {{"type", "LineString"}, {"coordinates", line}}}});
        gpx << "  <rte>\n    <name>" << xmlEscape("Tuyến " + std::to_string(r + 1) + " — thanh tra viên " +
                                                   std::to_string(inspector) + ", ngày " + std::to_string(day))
            << "</name>\n";
        itinerary.beginRoute(r, inspector, day, route.stops.size(), route.length);
        double cumulative = 0;
        nlohmann::ordered_json stopIds = nlohmann::ordered_json::array();
        for (std::size_t k = 0; k < seq.size(); ++k) {
            const auto& s = stops[seq[k]];
            const double leg = k == 0 ? 0 : d(seq[k - 1], seq[k]);
            // A leg to or from an island ward is by boat: no road time.
            const bool boat = k > 0 && (s.island || stops[seq[k - 1]].island);
            cumulative += leg;
            const bool isDepot = seq[k] == 0;
            if (!isDepot) {
                stopIds.push_back(s.id);
                fc["features"].push_back({{"type", "Feature"},
                                          {"properties", {{"route", r + 1}, {"order", k}, {"stop_id", s.id}, {"name", s.name},
                                                          {"address", s.address}, {"reason", s.reason}}},
                                          {"geometry", {{"type", "Point"}, {"coordinates", coord(s)}}}});
            }
            char lonlat[64];
            std::snprintf(lonlat, sizeof lonlat, "%.7f,%.7f", s.lonLat.x, s.lonLat.y);
            const long minutes = boat ? -1 : std::lround(leg * detour / 1000 / request.speedKmh * 60);
            csv += std::to_string(r + 1) + "," + std::to_string(inspector) + "," + std::to_string(day) + "," +
                   std::to_string(k) + "," + core::csvTextCell(s.id) + "," + core::csvTextCell(s.name) + "," +
                   core::csvTextCell(s.address) + "," + core::csvTextCell(s.reason) + "," + lonlat + "," +
                   std::to_string(std::lround(leg)) + "," + std::to_string(std::lround(cumulative)) + "," +
                   std::to_string(std::lround(cumulative * detour)) + "," + (boat ? "" : std::to_string(minutes)) + "," +
                   (boat ? "yes" : "no") + "\n";
            char ll[96];
            std::snprintf(ll, sizeof ll, "lat=\"%.7f\" lon=\"%.7f\"", s.lonLat.y, s.lonLat.x);
            gpx << "    <rtept " << ll << "><name>" << xmlEscape(s.name.empty() ? s.id : s.name) << "</name>"
                << "<desc>" << xmlEscape(s.id + (s.address.empty() ? "" : " — " + s.address)) << "</desc></rtept>\n";
            itinerary.stop(k, s, isDepot && k > 0, leg, cumulative, boat);
        }
        gpx << "  </rte>\n";
        itinerary.endRoute();
        summaryRoutes.push_back({{"route", r + 1}, {"inspector", inspector}, {"day", day}, {"stops", stopIds},
                                 {"length_m", route.length}, {"estimated_travel_m", route.length * detour}});
    }
    if (request.days > 0 && result.vrp.routes.size() > request.days * request.inspectors)
        result.warnings.push_back(std::to_string(result.vrp.routes.size()) + " routes do not fit in " +
                                  std::to_string(request.days) + " day(s) for " + std::to_string(request.inspectors) +
                                  " inspector(s)");
    gpx << "</gpx>\n";
    const std::string html = itinerary.finish();
    nlohmann::ordered_json summary = {{"wardscope_version", WARDSCOPE_VERSION},
                                      {"metric_crs", result.metricCrs},
                                      {"distance", network ? "along the road network" : "straight line in the metric CRS"},
                                      {"roads", request.roads.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(request.roads)},
                                      {"detour_factor", detour},
                                      {"speed_kmh", request.speedKmh},
                                      {"days", request.days},
                                      {"inspectors", request.inspectors},
                                      {"objective", request.objective == core::VrpObjective::Longest ? "longest" : "total"},
                                      {"max_stops", request.maxStops},
                                      {"max_km", request.maxKm},
                                      {"seed", request.seed},
                                      {"stops", stops.size() - 1},
                                      {"length_m", result.lengthM},
                                      {"estimated_travel_m", result.estimatedTravelM},
                                      {"routes", summaryRoutes},
                                      {"warnings", result.warnings}};
    const auto out = request.outDir;
    writeTextFileAtomically(out / "routes.geojson", fc.dump(1) + "\n");
    writeTextFileAtomically(out / "routes.gpx", gpx.str());
    writeTextFileAtomically(out / "itinerary.csv", csv);
    writeTextFileAtomically(out / "itinerary.html", html);
    writeTextFileAtomically(out / "route_summary.json", summary.dump(2) + "\n");
    for (const char* f : {"routes.geojson", "routes.gpx", "itinerary.csv", "itinerary.html", "route_summary.json"})
        result.outputs.push_back(out / f);
    progress.update(1.0, "done");
    return result;
}

}  // namespace wardscope::gis
