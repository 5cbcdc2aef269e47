#include "gis/gdal_util.h"

#include <geos_c.h>
#include <proj.h>

#include <filesystem>
#include <mutex>

#include "core/error.h"
#include "gis/output.h"

namespace wardscope::gis {

namespace {
thread_local std::string t_lastError;

void CPL_STDCALL errorHandler(CPLErr level, CPLErrorNum, const char* message) {
    if (level >= CE_Failure) t_lastError = message ? message : "";
}
}  // namespace

void ensureGdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(errorHandler);
        // Never read or write sidecar files nobody asked for.
        CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
        // Record spreadsheets always start with a header row (docs/formats.md).
        CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
        CPLSetConfigOption("OGR_ODS_HEADERS", "FORCE");
        // GeoPackages record a "last change" time; fix it so that re-running an
        // analysis gives byte-identical files (docs/privacy.md, provenance).
        CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    });
}

std::string takeLastGdalError() {
    std::string e;
    std::swap(e, t_lastError);
    return e;
}

LayerPath parseLayerPath(const std::string& spec) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(spec, ec)) return {spec, {}};
    const auto colon = spec.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) return {spec, {}};
    return {spec.substr(0, colon), spec.substr(colon + 1)};
}

DatasetPtr openVector(const std::string& path, const std::vector<std::string>& openOptions) {
    ensureGdal();
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + ": no such file");
    if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory, not a file");
    protectInput(path);
    std::vector<const char*> options;
    for (const auto& o : openOptions) options.push_back(o.c_str());
    options.push_back(nullptr);
    DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.data(), nullptr)));
    if (!ds) {
        std::string why = takeLastGdalError();
        throw InputError(path + ": cannot be read as a vector dataset" + (why.empty() ? "" : " (" + why + ")"));
    }
    return ds;
}

OGRLayer& layerOf(GDALDataset& ds, const std::string& path, const std::string& layerName) {
    if (ds.GetLayerCount() == 0) throw InputError(path + ": has no layers");
    OGRLayer* layer = layerName.empty() ? ds.GetLayer(0) : ds.GetLayerByName(layerName.c_str());
    if (!layer) {
        std::string names;
        for (int i = 0; i < ds.GetLayerCount(); ++i) names += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
        throw InputError(path + ": no layer '" + layerName + "' (layers: " + names + ")");
    }
    return *layer;
}

std::string gdalVersion() { return std::string("GDAL ") + GDALVersionInfo("RELEASE_NAME"); }
std::string geosVersion() { return std::string("GEOS ") + GEOSversion(); }
std::string projVersion() { return std::string("PROJ ") + proj_info().version; }

}  // namespace wardscope::gis
