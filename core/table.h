#pragma once
// A small typed attribute table: what the writers in gis turn into GeoJSON,
// GeoPackage and CSV, and what front ends print.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace wardscope::core {

enum class ColumnType { Integer, Real, Text };

struct Column {
    std::string name;
    ColumnType type;
};

/// A value withheld by the disclosure policy (docs/privacy.md): its own class,
/// distinct from "no data" (std::monostate) and from zero.
struct Suppressed {
    bool operator==(const Suppressed&) const = default;
};

/// A missing value (std::monostate) is written as null / empty.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Suppressed>;

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;

    [[nodiscard]] int columnIndex(const std::string& name) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].name == name) return static_cast<int>(i);
        return -1;
    }
};

}  // namespace wardscope::core
