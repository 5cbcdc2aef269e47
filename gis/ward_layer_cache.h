#pragma once
// The prepared ward layer (valid rings, point-in-polygon index, areas, repair
// notes) kept on disk between runs, so that a command run again on the same
// boundaries starts from it instead of reading, repairing and indexing them
// again (20,000 wards: about 250 ms). As QGIS keeps a spatial index beside a
// layer, but in a cache directory of its own: inputs are never written to.
//
// An entry is used only when everything that made it is unchanged: the ward
// file and its sidecar files (size, modification time, inode; and the file's
// first bytes, which in a GeoPackage hold SQLite's change counter), the layer
// and field options, the GDAL, GEOS and PROJ versions, and the executable
// itself. Anything else, or an entry that cannot be read, is a miss: the layer
// is loaded from the file and the entry written again. The cache never changes
// a result (tests: outputs with and without it are identical).
#include <filesystem>
#include <optional>
#include <string>

#include "gis/ward_layer.h"

namespace wardscope::gis {

/// Where prepared layers are kept when the user says nothing: $WARDSCOPE_CACHE_DIR,
/// else $XDG_CACHE_HOME/wardscope, else $HOME/.cache/wardscope. Empty (no cache)
/// when WARDSCOPE_CACHE_DIR is "off" or no directory is known.
std::filesystem::path defaultLayerCacheDir();

/// An entry of the cache: its file and the description of what made it.
struct LayerCacheEntry {
    std::filesystem::path file;
    std::string key;
};

/// The entry for loading `options` with the cache in options.cacheDir, or none
/// (no cache directory, or the layer is not a local file).
std::optional<LayerCacheEntry> layerCacheEntry(const WardLayerOptions& options);

/// The layer kept for `entry`, or none (missing, made from something else, or damaged).
std::optional<WardLayer> readCachedLayer(const LayerCacheEntry& entry);

/// Keeps `layer` for `entry` (written atomically; the oldest entries beyond a
/// few are removed). Best effort: a cache that cannot be written is skipped.
void writeCachedLayer(const LayerCacheEntry& entry, const WardLayer& layer);

}  // namespace wardscope::gis
