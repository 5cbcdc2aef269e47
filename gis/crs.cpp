#include "gis/crs.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/parallel.h"
#include "gis/gdal_util.h"

namespace wardscope::gis {

Crs Crs::fromUserInput(const std::string& text) {
    ensureGdal();
    auto srs = std::make_shared<OGRSpatialReference>();
    if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE)
        throw UsageError("unknown coordinate reference system '" + text + "'");
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Crs crs;
    crs.m_srs = std::move(srs);
    return crs;
}

Crs Crs::fromSpatialRef(const OGRSpatialReference* srs) {
    Crs crs;
    if (srs) {
        crs.m_srs = std::shared_ptr<OGRSpatialReference>(srs->Clone(), [](OGRSpatialReference* s) { s->Release(); });
        crs.m_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    return crs;
}

std::string Crs::label() const {
    if (!m_srs) return "none (planar)";
    const char* auth = m_srs->GetAuthorityName(nullptr);
    const char* code = m_srs->GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    const char* name = m_srs->GetName();
    return name ? name : "unnamed CRS";
}

bool Crs::sameAs(const Crs& other) const {
    if (empty() || other.empty()) return empty() == other.empty();
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return m_srs->IsSame(other.m_srs.get(), options) != 0;
}

Transform::Transform(const Crs& from, const Crs& to) {
    if (from.empty() || to.empty() || from.sameAs(to)) return;
    m_ct.reset(OGRCreateCoordinateTransformation(from.get(), to.get()));
    if (!m_ct) throw UsageError("cannot transform from " + from.label() + " to " + to.label() + ": " + takeLastGdalError());
}

Transform::Transform(const Transform& other) {
    if (!other.m_ct) return;
    m_ct.reset(other.m_ct->Clone());
    if (!m_ct) throw UsageError("cannot copy a coordinate transformation: " + takeLastGdalError());
}

bool Transform::apply(core::Point& p) const {
    if (!m_ct) return true;
    double x = p.x, y = p.y;
    int ok = 0;
    if (!m_ct->Transform(1, &x, &y, nullptr, &ok) || !ok || !std::isfinite(x) || !std::isfinite(y)) return false;
    p = {x, y};
    return true;
}

void Transform::apply(std::vector<double>& x, std::vector<double>& y, std::vector<int>& ok) const {
    ok.assign(x.size(), 1);
    if (!m_ct || x.empty()) return;
    // Large batches in parallel, one clone of the transformation per thread
    // (a transformation object is not safe to share between threads).
    constexpr std::size_t kPerThread = 50000;
    const unsigned threads = x.size() < 2 * kPerThread ? 1 : core::threadCount(0, x.size() / kPerThread);
    core::parallelRanges(x.size(), threads, [&](std::size_t begin, std::size_t end) {
        std::unique_ptr<OGRCoordinateTransformation, Deleter> own(begin == 0 ? nullptr : m_ct->Clone());
        OGRCoordinateTransformation* ct = begin == 0 ? m_ct.get() : own.get();
        if (!ct) {
            std::fill(ok.begin() + static_cast<std::ptrdiff_t>(begin), ok.begin() + static_cast<std::ptrdiff_t>(end), 0);
            return;
        }
        ct->Transform(end - begin, x.data() + begin, y.data() + begin, nullptr, ok.data() + begin);
    });
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) ok[i] = 0;
}

Crs chooseMetricCrs(const Crs& wardCrs, const core::Box& extentLonLat, const std::string& userChoice,
                    std::string& reason) {
    if (!userChoice.empty()) {
        Crs crs = Crs::fromUserInput(userChoice);
        if (!crs.isProjected()) throw UsageError("--metric-crs " + userChoice + " is not a projected CRS");
        reason = "chosen by the user";
        return crs;
    }
    if (wardCrs.empty()) {
        reason = "the ward layer has no CRS: coordinates are taken as planar metres";
        return wardCrs;
    }
    if (wardCrs.isProjected()) {
        reason = "the ward layer's own projected CRS";
        return wardCrs;
    }
    const double lon = (extentLonLat.minX + extentLonLat.maxX) / 2;
    const double lat = (extentLonLat.minY + extentLonLat.maxY) / 2;
    if (lon >= 102 && lon <= 110 && lat >= 8 && lat <= 24) {
        reason = "VN-2000 / UTM zone for the data's location";
        return Crs::fromUserInput(lon < 108 ? "EPSG:3405" : "EPSG:3406");
    }
    if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
        throw InputError("the ward layer's extent is not valid longitude/latitude; declare a metric CRS (--metric-crs)");
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180) / 6)) + 1, 1, 60);
    reason = "WGS 84 / UTM zone for the data's location";
    return Crs::fromUserInput("EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone));
}

}  // namespace wardscope::gis
