#pragma once
// GeoDa's weights files: GAL (neighbour lists) and GWT (weighted links).
// Ids in the files are matched to the ward ids given; unknown ids are an error.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/weights.h"

namespace wardscope::gis {

/// Reads a GAL file. Header: "n" or GeoDa's "0 n layer id_field"; then per ward a
/// line "id k" followed by a line with its k neighbour ids.
std::vector<std::vector<std::int32_t>> readGal(const std::filesystem::path& path, const std::vector<std::string>& ids);

/// Writes a GAL file (GeoDa header "0 n layer id_field"), atomically.
void writeGal(const std::filesystem::path& path, const core::Weights& w, const std::vector<std::string>& ids,
              const std::string& layer, const std::string& idField);

/// Writes a GWT file ("0 n layer id_field" then "id_i id_j weight"), atomically.
void writeGwt(const std::filesystem::path& path, const core::Weights& w, const std::vector<std::string>& ids,
              const std::string& layer, const std::string& idField);

/// Reads a GWT file into a weights object (weights as given).
core::Weights readGwt(const std::filesystem::path& path, const std::vector<std::string>& ids);

}  // namespace wardscope::gis
