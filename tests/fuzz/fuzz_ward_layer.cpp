// libFuzzer target: reading ward layers through GDAL (GeoJSON or GeoPackage,
// chosen by the first byte), then building the join index and contiguity.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "core/error.h"
#include "core/polygon_index.h"
#include "gis/gdal_util.h"
#include "gis/ward_layer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static const std::string base = "/tmp/wardscope-fuzz-" + std::to_string(::getpid());
    const std::string path = base + ((data[0] & 1) ? ".gpkg" : ".geojson");
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    try {
        wardscope::gis::WardLayerOptions options;
        options.path = path;
        options.idField = "code";
        const auto layer = wardscope::gis::loadWardLayer(options);
        wardscope::core::PolygonIndex index;
        index.build(layer.shapes());
        (void)index.locate({layer.extentLonLat.minX, layer.extentLonLat.minY});
    } catch (const wardscope::Error&) {
    }
    ::unlink(path.c_str());
    return 0;
}
