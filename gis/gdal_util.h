#pragma once
// GDAL/OGR adapters: registration, error capture and dataset opening.
// GDAL's nullptr + CPLError results become wardscope exceptions right at the
// call, naming the path and the layer.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

namespace wardscope::gis {

/// Registers the GDAL drivers once and routes CPL errors to our handler.
void ensureGdal();

struct GdalDatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

/// "file.gpkg:layer" -> {"file.gpkg", "layer"}; a path that exists as written
/// is never split (so "C:\\data.gpkg" and names with ':' keep working).
struct LayerPath {
    std::string path;
    std::string layer;  ///< empty = the first layer
};
LayerPath parseLayerPath(const std::string& spec);

/// Opens a vector dataset read-only; throws InputError naming the path.
DatasetPtr openVector(const std::string& path, const std::vector<std::string>& openOptions = {});

/// The named layer, or the first one; throws InputError listing the layers.
OGRLayer& layerOf(GDALDataset& ds, const std::string& path, const std::string& layerName);

/// The last CPL error message (empty if none), cleared afterwards.
std::string takeLastGdalError();

/// "GDAL 3.6.2", "GEOS 3.11.1", "PROJ 9.1.1".
std::string gdalVersion();
std::string geosVersion();
std::string projVersion();

}  // namespace wardscope::gis
