#pragma once
// Record schemas (docs/formats.md), column mapping and reject reasons.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/sectors.h"
#include "core/geometry.h"

namespace wardscope::core {

enum class RecordKind { Case, Survey };
std::string_view recordKindName(RecordKind kind);  // "cases" / "survey"

/// Every field either schema knows. A kind uses a subset (fieldsOf).
enum class Field : std::uint8_t {
    Id,
    Date,
    Sex,
    Age,
    Sector,
    Hazardous,
    Status,
    WardCode,
    WardName,
    Lon,
    Lat,
    X,
    Y,
    Children,
    Working,
    OutOfSchool,
    Poor,
    Migrant,
    Count_
};
constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::Count_);

/// Canonical column name of a field for a kind: Id -> "case_id" or "survey_id".
std::string_view canonicalName(RecordKind kind, Field field);
/// Fields of a kind's schema, in the documented column order.
const std::vector<Field>& fieldsOf(RecordKind kind);

/// Column index of each field in the input; -1 = not present.
using FieldColumns = std::array<int, kFieldCount>;

/// Resolves the header row into FieldColumns. `overrides` maps canonical names to
/// the header text the file uses (from the project file); otherwise a header is
/// recognised by its canonical name or a built-in alias, ignoring case, diacritics,
/// spaces, '_' and '-' (so "Mã xã", "ma_xa" and "MA XA" all find ward_code).
/// A file without an id column (a ward office's list numbers its rows, STT,
/// which is no id) is read: each record is known by its file and row, and
/// repeated records cannot be found (`idsFromRows`).
struct HeaderResolution {
    FieldColumns columns{};
    std::vector<std::string> problems;  ///< unknown override targets, missing required columns
    bool idsFromRows = false;           ///< no id column
    [[nodiscard]] std::size_t recognised() const;  ///< columns found
};
HeaderResolution resolveHeader(RecordKind kind, const std::vector<std::string>& header,
                               const std::map<std::string, std::string>& overrides);

/// Key used to compare header names: folded, without separators.
std::string headerKey(std::string_view header);

// ---- parsed records --------------------------------------------------------

enum class Sex : std::uint8_t { Unknown, Male, Female };

enum class AgeGroup : std::uint8_t { Age5to11, Age12to14, Age15to17 };
/// 5-11, 12-14 or 15-17 (ages outside 5-17 are rejected before); without a
/// branch, as it is asked for every case.
constexpr AgeGroup ageGroupOf(int age) { return static_cast<AgeGroup>((age > 11 ? 1 : 0) + (age > 14 ? 1 : 0)); }

struct CaseFields {
    Date detectedOn;
    Sex sex = Sex::Unknown;
    int age = 0;
    Sector sector = Sector::Other;
    std::optional<bool> hazardous;
};

struct SurveyFields {
    Date surveyedOn;
    int children = 0;
    int working = 0;
    int outOfSchool = 0;
    std::optional<bool> poor;
    std::optional<bool> migrant;
};

/// An accepted record's point after the join: where (ward layer CRS), in which
/// ward, and its weight (1 per case, children_5_17 per survey household, or a
/// weight column's value).
struct JoinedPoint {
    Point point;
    std::int32_t ward = -1;
    double weight = 1;
};

/// Where a record says it is: a point in the record CRS, and/or a ward code or name.
struct RecordLocation {
    bool hasPoint = false;
    double x = 0;  ///< lon or easting, traditional GIS order
    double y = 0;  ///< lat or northing
    std::string wardCode;
    std::string wardName;
};

// ---- reject reasons ---------------------------------------------------------

enum class RejectReason : std::uint8_t {
    EmptyRow,
    FieldCount,
    WrongDelimiter,
    InvalidUtf8,
    UnterminatedQuote,
    FieldTooLong,
    MissingId,
    DuplicateId,
    MissingDate,
    InvalidDate,
    ImpossibleDate,
    FutureDate,
    DateOutOfRange,
    MissingAge,
    InvalidAge,
    AgeOutOfRange,
    InvalidSex,
    InvalidBoolean,
    InvalidCount,
    InconsistentCounts,
    MissingLocation,
    IncompleteCoordinates,
    InvalidCoordinate,
    CoordinateOutOfRange,
    SwappedLatLon,
    OutsideStudyArea,
    UnknownWardCode,
    UnknownWardName,
    AmbiguousWardName,
    TransformFailed,
    InvalidWeight,  ///< the --weight field is empty, not a number, negative or infinite
    FormerWardName, ///< the name of a unit from before the July 2025 reform (not a 2025 ward)
    Count_
};
constexpr std::size_t kRejectReasonCount = static_cast<std::size_t>(RejectReason::Count_);
/// Stable snake_case code written to reject files and summary.json.
std::string_view rejectCode(RejectReason reason);
/// A description of the reason that quotes no value from the row (for reject
/// files in the shared disclosure mode).
std::string_view rejectDescription(RejectReason reason);

/// Flags on accepted records, counted in the summary.
enum class RecordFlag : std::uint8_t {
    SnappedToNearestWard,  ///< outside every ward but within the tolerance
    WardCodeMismatch,      ///< coordinates and ward code disagree; coordinates won
    JoinedByCode,          ///< no coordinates; joined by ward code
    JoinedByName,          ///< no coordinates; joined by ward name
    ReusedWardName,        ///< joined by a name that was another unit's before 1 July 2025, and dated before then
    Count_
};
constexpr std::size_t kRecordFlagCount = static_cast<std::size_t>(RecordFlag::Count_);
std::string_view flagCode(RecordFlag flag);

}  // namespace wardscope::core
