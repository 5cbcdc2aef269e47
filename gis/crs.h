#pragma once
// Coordinate reference systems through PROJ (via OGRSpatialReference), always in
// traditional GIS axis order: lon/lat, x/y.
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"

namespace wardscope::gis {

class Crs {
public:
    Crs() = default;
    /// "EPSG:4326", "EPSG:3405", a PROJ string or WKT; throws UsageError if unknown.
    static Crs fromUserInput(const std::string& text);
    /// True when `text` names a CRS that fromUserInput() reads as geographic,
    /// known from the name alone (EPSG:4326, the records' default, and
    /// OGC:CRS84, in any case); false for any other text, which only PROJ can
    /// tell. Lets records be parsed while PROJ sets up (tens of ms).
    static bool isGeographicName(std::string_view text);
    /// The layer's CRS, or an empty Crs when the layer has none.
    static Crs fromSpatialRef(const OGRSpatialReference* srs);
    /// True for a CRS that ties coordinates to no place on the Earth: an
    /// engineering (local) CRS, as GeoPackage's "Undefined Cartesian SRS"
    /// (srs_id -1), or GeoPackage's "Undefined geographic SRS" (srs_id 0),
    /// whose datum is unknown. A layer with one is read as a layer without CRS.
    static bool isUndefined(const OGRSpatialReference& srs);
    /// WKT2 (2019) of the CRS, with its identifiers; "" for an empty Crs.
    [[nodiscard]] std::string wkt() const;
    /// The CRS of wkt() (an empty Crs for ""); throws UsageError if it does not parse.
    static Crs fromWkt(const std::string& wkt);

    [[nodiscard]] bool empty() const { return !m_srs; }
    [[nodiscard]] bool isGeographic() const { return m_srs && m_srs->IsGeographic(); }
    [[nodiscard]] bool isProjected() const { return m_srs && m_srs->IsProjected(); }
    /// "EPSG:3405" when known, else the CRS name.
    [[nodiscard]] std::string label() const;
    [[nodiscard]] bool sameAs(const Crs& other) const;
    [[nodiscard]] const OGRSpatialReference* get() const { return m_srs.get(); }

private:
    std::shared_ptr<OGRSpatialReference> m_srs;
};

/// Transforms points between two CRSs; identity when both are the same or empty.
class Transform {
public:
    Transform(const Crs& from, const Crs& to);
    /// A copy for another thread (PROJ's clone: much cheaper than creating the
    /// transformation again, which searches PROJ's database).
    Transform(const Transform& other);
    Transform& operator=(const Transform&) = delete;
    [[nodiscard]] bool identity() const { return !m_ct; }
    /// In place; returns false for points PROJ cannot transform (left unchanged).
    bool apply(core::Point& p) const;
    /// In place for many points; ok[i] tells which succeeded.
    void apply(std::vector<double>& x, std::vector<double>& y, std::vector<int>& ok) const;
    /// Bilinear (4 nodes, as GDAL's approximate transformer does for warping)
    /// errs by the transformation's second derivatives times the step^2;
    /// bicubic (Lagrange cubics through 4 x 4 nodes) by its fourth derivatives
    /// times the step^4: far below a micrometre with nodes a kilometre apart.
    enum class Interpolation { Bilinear, Bicubic };
    /// In place for many points, through a lattice: PROJ transforms the lattice
    /// nodes exactly and each point is interpolated from the nodes around its
    /// lattice cell. The lattice is refined until the interpolation error,
    /// measured against PROJ at the centre of every lattice cell that holds
    /// points, is at most 0.8 × maxError (target CRS units); when that would
    /// need too many nodes, or a node fails, every point is transformed exactly
    /// instead. Returns the bound that holds (0 = exact).
    double applyInterpolated(std::vector<double>& x, std::vector<double>& y, std::vector<int>& ok, double maxError,
                             Interpolation kind = Interpolation::Bilinear) const;
    [[nodiscard]] OGRCoordinateTransformation* get() const { return m_ct.get(); }

private:
    struct Deleter {
        void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
    };
    std::unique_ptr<OGRCoordinateTransformation, Deleter> m_ct;
};

/// The CRS that distances and areas are computed in: the user's choice, else the
/// ward layer's own CRS when projected, else one for the data's location: VN-2000
/// / UTM zone 48N (EPSG:3405) or 49N (EPSG:3406) inside Vietnam, else the WGS 84
/// UTM zone of the extent's centre. `reason` says which rule chose it.
Crs chooseMetricCrs(const Crs& wardCrs, const core::Box& extentLonLat, const std::string& userChoice,
                    std::string& reason);

}  // namespace wardscope::gis
