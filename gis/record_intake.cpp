#include "gis/record_intake.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <utility>

#include "core/csv_reader.h"
#include "core/error.h"
#include "core/id_set.h"
#include "core/parallel.h"
#include "core/record_parser.h"
#include "core/unicode.h"
#include "gis/encoding.h"
#include "gis/gdal_util.h"
#include "gis/output.h"
#include "gis/record_source.h"
#include "gis/sha256.h"
#include "gis/ward_join.h"

namespace wardscope::gis {

namespace {

/// What one row became, before the in-order merge (duplicate ids, counts, rejects).
struct RowOutcome {
    std::size_t line = 0;
    std::uint32_t rawOffset = 0;  ///< into the block text (parallel path) or unused
    std::uint32_t rawLength = 0;
    bool accepted = false;             ///< false while the row waits for the ward join
    bool repeatedId = false;           ///< an earlier accepted row had its id (Merger::findRepeatedIds)
    core::RejectReason reason{};
    std::string message;
    core::IdSet::Hash idHash{};  ///< of the id (the text is read again from the row for a duplicate's message)
    std::int32_t ward = -1;
    std::array<bool, core::kRecordFlagCount> flags{};
    std::variant<core::CaseFields, core::SurveyFields> fields;
    std::optional<core::Point> point;  ///< ward layer CRS
    double weight = 1;
    std::string_view encodingGuess;    ///< for invalid_utf8 rows
};

/// Rows of a block that are parsed and wait for the ward join: their places in
/// the block and their locations, side by side (the join reads only these).
struct PendingJoins {
    std::vector<std::uint32_t> rows;
    std::vector<core::RecordLocation> locations;
    void clear() {
        rows.clear();
        locations.clear();
    }
};

/// The id keys of a block's accepted rows, with their places in the block, for
/// the merge's duplicate check (compact: the merge need not read every row twice).
struct AcceptedIds {
    std::vector<core::IdSet::Hash> keys;
    std::vector<std::uint32_t> rows;
    void clear() {
        keys.clear();
        rows.clear();
    }
};

/// Dated before 1 July 2025, when the wards of today came into force.
bool beforeReform(const std::variant<core::CaseFields, core::SurveyFields>& fields) {
    constexpr core::Date kReform{2025, 7, 1};
    if (const auto* c = std::get_if<core::CaseFields>(&fields)) return c->detectedOn < kReform;
    return std::get<core::SurveyFields>(fields).surveyedOn < kReform;
}

/// Adds an accepted row to per-ward totals.
void addTo(core::Aggregator& totals, const RowOutcome& o) {
    if (const auto* c = std::get_if<core::CaseFields>(&o.fields)) {
        totals.addCase(o.ward, *c);
    } else {
        totals.addSurvey(o.ward, std::get<core::SurveyFields>(o.fields));
    }
}

/// Per-thread row logic: the same for every source and thread count.
class RowProcessor {
public:
    /// `joiner` gives this thread's joiner when the first join needs it (the
    /// shared index may still be building while the first rows are parsed).
    RowProcessor(core::RecordKind kind, const core::FieldColumns& columns, std::size_t headerFields,
                 const core::RecordRules& rules, std::function<std::unique_ptr<WardJoiner>()> joiner, int weightColumn)
        : m_parser(kind, columns, headerFields, rules), m_headerFields(headerFields),
          m_makeJoiner(std::move(joiner)), m_weightColumn(weightColumn) {}

    /// Parses one row into `out`, the block's outcome number `row`; a row that
    /// parses is left for joinPending (in `pending`). `validUtf8`: the row is
    /// known to be valid UTF-8 (its block was checked as a whole).
    void process(std::string_view raw, std::span<const std::string_view> fields, bool unterminatedQuote,
                 RowOutcome& out, std::uint32_t row, PendingJoins& pending, bool validUtf8 = false) {
        out.accepted = false;
        out.repeatedId = false;
        out.message.clear();
        out.flags = {};
        out.point.reset();
        out.encodingGuess = {};
        if (core::trim(raw).empty()) return reject(out, core::RejectReason::EmptyRow, "empty row");
        if (unterminatedQuote)
            return reject(out, core::RejectReason::UnterminatedQuote,
                          "a quoted field is not closed before the end of the file");
        if (auto bad = validUtf8 ? std::nullopt : core::findInvalidUtf8(raw)) {
            const std::string_view guess = guessLegacyEncoding(raw);
            out.encodingGuess = guess;
            return reject(out, core::RejectReason::InvalidUtf8,
                          "not valid UTF-8 at byte " + std::to_string(*bad + 1) + " of the row" +
                              (guess.empty() ? std::string(" (a legacy encoding?)")
                                             : " (looks like " + std::string(guess) + "; save the file as UTF-8)"));
        }
        if (fields.size() == 1 && m_headerFields > 1 && raw.find_first_of(";,\t") != std::string_view::npos)
            return reject(out, core::RejectReason::WrongDelimiter,
                          "row uses another delimiter than the header; expected " + std::to_string(m_headerFields) +
                              " fields");
        if (!m_parser.parse(fields, m_record, m_reject)) return reject(out, m_reject.reason, m_reject.message);
        out.weight = 1;
        if (const auto* survey = std::get_if<core::SurveyFields>(&m_record.fields)) out.weight = survey->children;
        if (m_weightColumn >= 0) {
            const std::string_view text = core::trim(fields[static_cast<std::size_t>(m_weightColumn)]);
            double w = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), w);
            if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(w) || w < 0)
                return reject(out, core::RejectReason::InvalidWeight,
                              text.empty() ? "the weight is empty"
                                           : "the weight '" + std::string(text) + "' is not a finite number of 0 or more");
            out.weight = w;
        }
        // Parsed: the ward join follows for the whole block (joinPending).
        pending.rows.push_back(row);
        pending.locations.push_back(std::move(m_record.location));
        out.idHash = core::IdSet::hash(m_record.id);
        out.fields = m_record.fields;
    }

    /// Joins the pending rows of `outcomes` to their wards, in one batch, lists
    /// the accepted ones in `accepted` and adds them to this thread's totals.
    void joinPending(std::span<RowOutcome> outcomes, PendingJoins& pending, AcceptedIds& accepted) {
        if (!m_joiner) {
            m_joiner = m_makeJoiner();
            m_totals.ensureWards(m_joiner->wardCount());
        }
        m_joiner->joinAll(pending.locations, m_joins);
        const std::size_t firstAccepted = accepted.rows.size();
        for (std::size_t k = 0; k < pending.rows.size(); ++k) {
            RowOutcome& out = outcomes[pending.rows[k]];
            const JoinOutcome& joined = m_joins[k];
            if (joined.reject) {
                reject(out, *joined.reject, joined.message);
                continue;
            }
            out.accepted = true;
            accepted.keys.push_back(out.idHash);
            accepted.rows.push_back(pending.rows[k]);
            out.ward = joined.ward;
            out.point = joined.layerPoint;
            out.flags[static_cast<std::size_t>(core::RecordFlag::SnappedToNearestWard)] = joined.snapped;
            out.flags[static_cast<std::size_t>(core::RecordFlag::WardCodeMismatch)] = joined.codeMismatch;
            out.flags[static_cast<std::size_t>(core::RecordFlag::JoinedByCode)] = joined.byCode;
            out.flags[static_cast<std::size_t>(core::RecordFlag::JoinedByName)] = joined.byName;
            out.flags[static_cast<std::size_t>(core::RecordFlag::ReusedWardName)] = joined.nameReused && beforeReform(out.fields);
        }
        pending.clear();
        // The totals here, in the worker threads, rather than in the merge: each
        // row is a random place in a table of some MB (20,000 wards), which the
        // merge thread, sharing two cores with the workers, found in no cache
        // (10^6 rows: 70 ms of its time). A repeated id, found by the merge, is
        // taken away again there (Merger::removed). (In the join's grid order,
        // neighbours mostly of one ward, the outcomes are the random places
        // instead: slower.)
        constexpr std::size_t kAhead = 8;
        const auto rows = std::span<const std::uint32_t>(accepted.rows).subspan(firstAccepted);
        for (std::size_t k = 0; k < rows.size(); ++k) {
            if (k + kAhead < rows.size()) m_totals.prefetch(outcomes[rows[k + kAhead]].ward);
            addTo(m_totals, outcomes[rows[k]]);
        }
    }

    /// The totals of the rows this processor accepted.
    [[nodiscard]] const core::Aggregator& totals() const { return m_totals; }

private:
    static void reject(RowOutcome& out, core::RejectReason reason, std::string message) {
        out.accepted = false;
        out.reason = reason;
        out.message = std::move(message);
    }

    core::RecordParser m_parser;
    std::size_t m_headerFields;
    std::function<std::unique_ptr<WardJoiner>()> m_makeJoiner;
    std::unique_ptr<WardJoiner> m_joiner;
    int m_weightColumn = -1;
    core::ParsedRecord m_record;
    core::RowReject m_reject{};
    std::vector<JoinOutcome> m_joins;
    core::Aggregator m_totals;
};

/// Whether a reject's message shows only values that identify no child (a
/// date, an age, a sex, a yes/no, a survey count, a ward's code or name, the
/// shape of the row), so that a shared reject file can show it and an officer
/// can fix the row without the original. Ids and coordinates (a home) never.
bool messageNamesNoChild(core::RejectReason reason) {
    using R = core::RejectReason;
    switch (reason) {
        case R::EmptyRow: case R::FieldCount: case R::WrongDelimiter: case R::InvalidUtf8:
        case R::UnterminatedQuote: case R::FieldTooLong: case R::MissingDate: case R::InvalidDate:
        case R::ImpossibleDate: case R::FutureDate: case R::DateOutOfRange: case R::MissingAge:
        case R::InvalidAge: case R::AgeOutOfRange: case R::InvalidSex: case R::InvalidBoolean:
        case R::InvalidCount: case R::InconsistentCounts: case R::MissingLocation: case R::UnknownWardCode:
        case R::UnknownWardName: case R::AmbiguousWardName: case R::InvalidWeight: case R::FormerWardName:
            return true;
        default:
            return false;  // ids, and anything that holds coordinates
    }
}

/// Applies outcomes in file order: duplicate ids, counts, reject entries. (The
/// totals are added by the RowProcessors; a row found here to repeat an id is
/// added to `removed()`, to be taken away from them.)
class Merger {
public:
    Merger(core::RecordKind kind, InputReport& report, RejectWriter* rejects, std::string file, bool redact)
        : m_kind(kind), m_report(report), m_rejects(rejects), m_file(std::move(file)), m_redact(redact) {}

    /// How to read a row's id from its raw text again: the text's delimiter
    /// (a spreadsheet or layer row's text is written with commas) and the column.
    void readIdsFrom(char delimiter, int idColumn) {
        m_rawDelimiter = delimiter;
        m_idColumn = idColumn;
    }

    /// Marks the accepted rows whose id an earlier accepted row had (this
    /// block's or an earlier one's). Call before applying the block's rows.
    void findRepeatedIds(const AcceptedIds& accepted, std::span<RowOutcome> rows) {
        if (m_idColumn < 0) return;  // no id column: records are known by their rows
        m_ids.insertAll(accepted.keys, m_isNew);
        for (std::size_t k = 0; k < accepted.rows.size(); ++k)
            if (m_isNew[k] == 0) rows[accepted.rows[k]].repeatedId = true;
    }

    void apply(RowOutcome& o, std::string_view raw) {
        ++m_report.rowsRead;
        if (o.accepted && o.repeatedId) {
            m_removed.ensureWards(static_cast<std::size_t>(o.ward) + 1);
            addTo(m_removed, o);
            o.accepted = false;
            o.reason = core::RejectReason::DuplicateId;
            o.message = std::string(core::canonicalName(m_kind, core::Field::Id)) + " '" + idOf(raw) + "' appeared earlier";
        }
        if (!o.accepted) {
            if (!o.encodingGuess.empty()) ++m_encodings[std::string(o.encodingGuess)];
            ++m_report.rejected;
            ++m_reasons[static_cast<std::size_t>(o.reason)];
            if (m_rejects) {
                if (m_redact) {
                    m_rejects->add(m_file, o.line, core::rejectCode(o.reason),
                                   messageNamesNoChild(o.reason) ? o.message : std::string(core::rejectDescription(o.reason)), {});
                } else {
                    m_rejects->add(m_file, o.line, core::rejectCode(o.reason), o.message, raw);
                }
            }
            return;
        }
        ++m_report.accepted;
        if (o.flags[static_cast<std::size_t>(core::RecordFlag::ReusedWardName)] && m_reusedLines.size() < 20)
            m_reusedLines.push_back(o.line);
        if (m_points && o.point) m_points->push_back({*o.point, o.ward, o.weight});
        for (std::size_t f = 0; f < core::kRecordFlagCount; ++f) m_flags[f] += o.flags[f] ? 1 : 0;
    }

    [[nodiscard]] const std::map<std::string, std::int64_t>& encodings() const { return m_encodings; }
    /// The first lines of accepted rows flagged reused_ward_name.
    [[nodiscard]] const std::vector<std::size_t>& reusedNameLines() const { return m_reusedLines; }

    /// The totals of the rows that were counted by a RowProcessor and then
    /// found to repeat an id.
    [[nodiscard]] const core::Aggregator& removed() const { return m_removed; }

    /// Room for the ids of about `rows` rows (estimated from the first block).
    void expectRows(std::size_t rows) { m_ids.reserve(rows); }

    void finish() {
        for (std::size_t i = 0; i < core::kRejectReasonCount; ++i)
            if (m_reasons[i]) m_report.rejectReasons[std::string(core::rejectCode(static_cast<core::RejectReason>(i)))] = m_reasons[i];
        for (std::size_t i = 0; i < core::kRecordFlagCount; ++i)
            if (m_flags[i]) m_report.flags[std::string(core::flagCode(static_cast<core::RecordFlag>(i)))] = m_flags[i];
    }

private:
    core::RecordKind m_kind;
    InputReport& m_report;
    core::Aggregator m_removed;
    RejectWriter* m_rejects;
    std::string m_file;
    bool m_redact;
    std::string idOf(std::string_view raw) const {
        core::CsvReader reader(raw, m_rawDelimiter);
        core::CsvRow row;
        if (m_idColumn < 0 || !reader.next(row) || static_cast<std::size_t>(m_idColumn) >= row.fields.size()) return {};
        return std::string(core::trim(row.fields[static_cast<std::size_t>(m_idColumn)]));
    }

    core::IdSet m_ids;
    std::vector<char> m_isNew;
    char m_rawDelimiter = ',';
    int m_idColumn = -1;

public:
    std::vector<core::JoinedPoint>* m_points = nullptr;

private:
    std::array<std::int64_t, core::kRejectReasonCount> m_reasons{};
    std::array<std::int64_t, core::kRecordFlagCount> m_flags{};
    std::map<std::string, std::int64_t> m_encodings;
    std::vector<std::size_t> m_reusedLines;
};

/// A block of rows and what they became. Blocks are reused once merged, so
/// their buffers (text, outcomes and the outcomes' strings) keep their memory.
struct Block {
    std::string text;
    std::size_t firstLine = 0;
    std::size_t lines = 0;  ///< physical lines in `text`
    std::vector<RowOutcome> outcomes;
    std::size_t rows = 0;  ///< outcomes in use
    PendingJoins pending;
    AcceptedIds accepted;
};

/// Splits a CSV byte stream into blocks that end at row boundaries (a newline
/// outside quotes), counting physical lines so rows keep their line numbers.
class BlockSplitter {
public:
    /// `remainingBytes`: what the stream holds (0: unknown). Towards its end the
    /// blocks get smaller (down to 1/`taper` of what remains), so that the
    /// threads finish together instead of one parsing a last large block alone.
    BlockSplitter(std::istream& in, std::size_t firstLine, std::size_t blockBytes, std::uintmax_t remainingBytes = 0,
                  unsigned taper = 1)
        : m_in(in), m_line(firstLine), m_blockBytes(blockBytes), m_remaining(remainingBytes), m_taper(taper) {}

    bool next(Block& block) {
        block.text.assign(m_carry);
        m_carry.clear();
        const std::size_t have = block.text.size();
        std::size_t want = m_blockBytes;
        if (m_remaining > 0) {
            constexpr std::size_t kSmallest = std::size_t{64} << 10;
            want = std::clamp(static_cast<std::size_t>(m_remaining / std::max(1u, m_taper)), std::min(kSmallest, m_blockBytes),
                              m_blockBytes);
        }
        want = std::max(want, have);  // a row longer than a block: double what is held
        block.text.resize(have + want);
        m_in.read(block.text.data() + have, static_cast<std::streamsize>(want));
        m_remaining -= std::min<std::uintmax_t>(m_remaining, static_cast<std::uintmax_t>(m_in.gcount()));
        block.text.resize(have + static_cast<std::size_t>(m_in.gcount()));
        if (block.text.empty()) return false;
        // Scan for quote state and newlines; cut after the last newline outside
        // quotes. Without any quote (the usual case) every newline ends a row.
        std::size_t cut = std::string::npos, newlines = 0, newlinesAtCut = 0;
        const char* p = block.text.data();
        const std::size_t n = block.text.size();
        if (std::memchr(p, '"', n) == nullptr) {
            newlines = static_cast<std::size_t>(std::count(p, p + n, '\n'));
            if (const void* last = memrchr(p, '\n', n)) {
                cut = static_cast<std::size_t>(static_cast<const char*>(last) - p) + 1;
                newlinesAtCut = newlines;
            }
        } else {
            bool quoted = false;
            for (std::size_t i = 0; i < n; ++i) {
                const char c = p[i];
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n') {
                    ++newlines;
                    if (!quoted) {
                        cut = i + 1;
                        newlinesAtCut = newlines;
                    }
                }
            }
        }
        const bool atEnd = m_in.gcount() == 0 || m_in.eof();
        if (!atEnd && cut != std::string::npos && cut < n) {
            m_carry.assign(block.text, cut, std::string::npos);
            block.text.resize(cut);
            newlines = newlinesAtCut;
        } else if (!atEnd && cut == std::string::npos) {
            // One row longer than a block: keep reading until it ends.
            m_carry = block.text;
            return next(block);
        }
        block.firstLine = m_line;
        block.lines = newlines;
        m_line += newlines;
        return true;
    }

private:
    std::istream& m_in;
    std::size_t m_line;
    const std::size_t m_blockBytes;
    std::uintmax_t m_remaining;
    unsigned m_taper;
    std::string m_carry;
};

bool isCsvPath(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".csv" || ext == ".txt" || ext == ".tsv";
}

}  // namespace

InputReport readRecords(const RecordInput& input, const PendingWardLayer& wards, const IntakeOptions& options,
                        core::Aggregator& aggregator, std::vector<std::string>& warnings, core::Progress& progress) {
    const core::RecordKind kind = options.kind;
    InputReport report;
    report.kind = std::string(core::recordKindName(kind));
    report.path = input.path;
    protectInput(parseLayerPath(input.path).path);
    auto source = openRecordSource(input.path, [&](const std::vector<std::string>& row) {
        return core::resolveHeader(kind, row, input.columns).recognised();
    });
    report.format = source->format();

    const auto resolution = core::resolveHeader(kind, source->header(), input.columns);
    if (!resolution.problems.empty()) {
        std::string msg;
        for (const auto& p : resolution.problems) msg += (msg.empty() ? "" : "; ") + p;
        std::string header;
        for (const auto& h : source->header()) header += (header.empty() ? "" : ", ") + h;
        if (header.size() > 300) header = header.substr(0, 300) + " ...";
        throw InputError(input.path + ": line " + std::to_string(source->headerLine()) + ": " + msg +
                         " (header: " + header + ")");
    }
    const auto& columns = resolution.columns;
    if (!isCsvPath(input.path) && source->headerLine() > 1)
        warnings.push_back(input.path + ": the header is sheet row " + std::to_string(source->headerLine()) + "; rows 1-" +
                           std::to_string(source->headerLine() - 1) + " above it (a title block) are not records");
    if (resolution.idsFromRows)
        warnings.push_back(input.path + ": no " + std::string(core::canonicalName(kind, core::Field::Id)) +
                           " column (a row number such as STT is not an id): each record is known by its row, and a "
                           "record entered twice cannot be found; map an id column with --columns " +
                           std::string(core::canonicalName(kind, core::Field::Id)) + "=COLUMN if the file has one");
    int weightColumn = -1;
    if (!options.weightField.empty()) {
        const std::string key = core::headerKey(options.weightField);
        for (std::size_t i = 0; i < source->header().size(); ++i)
            if (core::headerKey(source->header()[i]) == key) weightColumn = static_cast<int>(i);
        if (weightColumn < 0) {
            std::string header;
            for (const auto& h : source->header()) header += (header.empty() ? "" : ", ") + h;
            throw InputError(input.path + ": no column '" + options.weightField + "' to weight by (header: " + header + ")");
        }
    }
    const bool hasLonLat = columns[static_cast<std::size_t>(core::Field::Lon)] >= 0;
    const bool hasXY = columns[static_cast<std::size_t>(core::Field::X)] >= 0;
    // The records' CRS. When its name tells its kind (the default EPSG:4326), it
    // is made with the join index, while the first blocks are parsed: PROJ's
    // first use in a process sets it up, tens of ms.
    std::optional<Crs> recordCrs = source->declaredCrs();
    if (!recordCrs && !Crs::isGeographicName(input.crs)) recordCrs = Crs::fromUserInput(input.crs);
    const bool geographic = !recordCrs || recordCrs->isGeographic();  // no Crs yet: a geographic name
    const bool projected = recordCrs && recordCrs->isProjected();
    core::RecordRules rules;
    rules.asOf = options.asOf;
    rules.sectors = options.sectors;
    rules.projected = !hasLonLat && hasXY;
    if (rules.projected && geographic)
        throw UsageError(input.path +
                         ": has x/y columns but no lon/lat; declare their projected CRS (e.g. --cases-crs EPSG:3405)");
    if (!rules.projected && projected) rules.projected = true;

    JoinOptions joinOptions;
    joinOptions.toleranceMeters = options.toleranceMeters;
    // The join index is built on its own thread (once the ward layer is read)
    // while the first blocks are parsed; each worker waits for it only when its
    // first block is parsed.
    std::shared_future<std::shared_ptr<const WardJoiner>> joinerReady =
        std::async(std::launch::async, [wards, recordCrs, crsText = input.crs, joinOptions] {
            const Crs crs = recordCrs ? *recordCrs : Crs::fromUserInput(crsText);
            return std::shared_ptr<const WardJoiner>(std::make_shared<WardJoiner>(wards.get(), crs, joinOptions));
        }).share();
    auto joinerForThread = [joinerReady] { return joinerReady.get()->cloneForThread(); };
    const std::size_t headerFields = source->header().size();
    std::unique_ptr<RejectWriter> rejects;
    if (!options.rejectFile.empty()) {
        report.rejectFile = options.rejectFile.string();
        rejects = std::make_unique<RejectWriter>(options.rejectFile, options.rejectRows);
    }
    Merger merger(kind, report, rejects.get(), input.path, !options.rejectRows);
    merger.m_points = options.acceptedPoints;

    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    if (!isCsvPath(input.path)) {
        // Spreadsheets and layers: GDAL reads them row by row in this thread.
        RowProcessor processor(kind, columns, headerFields, rules, joinerForThread, weightColumn);
        merger.readIdsFrom(',', columns[static_cast<std::size_t>(core::Field::Id)]);  // rows' text is written with commas
        SourceRow row;
        RowOutcome outcome;
        PendingJoins pending;
        AcceptedIds accepted;
        std::int64_t count = 0;
        while (source->next(row)) {
            if ((++count & 0xFFFF) == 0) {
                if (progress.isCanceled()) throw Canceled();
                progress.update(source->fractionRead(), "reading " + report.kind);
            }
            processor.process(row.raw, row.fields, row.unterminatedQuote, outcome, 0, pending);
            processor.joinPending({&outcome, 1}, pending, accepted);
            outcome.line = row.line;
            merger.findRepeatedIds(accepted, {&outcome, 1});
            accepted.clear();
            merger.apply(outcome, row.raw);
        }
        aggregator.merge(processor.totals());
    } else {
        // CSV: re-open the file after its header, cut it into blocks at row
        // boundaries, parse and join the blocks in worker threads (one
        // RowProcessor each) and merge them here, in file order.
        source.reset();
        bool crOnly = false;
        const std::unique_ptr<std::istream> stream = openCsvStream(input.path, &crOnly);
        std::istream& in = *stream;
        char delimiter = 0;
        std::size_t nextLine = 2;
        std::streamoff headerBytes = 0;
        {
            core::CsvReader headerReader(in);
            core::CsvRow header;
            headerReader.next(header);
            delimiter = headerReader.delimiter();
            nextLine = header.line + 1 + static_cast<std::size_t>(std::count(header.raw.begin(), header.raw.end(), '\n'));
            headerBytes = static_cast<std::streamoff>(headerReader.bytesConsumed());
        }
        merger.readIdsFrom(delimiter, columns[static_cast<std::size_t>(core::Field::Id)]);
        // The file's SHA-256 for the manifest, from the very bytes parsed: the
        // header here, then each block as it is cut.
        std::optional<Sha256> hash;
        if (options.hashInput) {
            hash.emplace();
            in.clear();
            in.seekg(0);
            std::string headerText(static_cast<std::size_t>(headerBytes), '\0');
            in.read(headerText.data(), headerBytes);
            if (in.gcount() != headerBytes) throw InputError(input.path + ": cannot be read again after its header");
            hash->update(headerText);
        }
        in.clear();
        in.seekg(headerBytes);
        std::error_code ec;
        const double fileSize = static_cast<double>(std::max<std::uintmax_t>(std::filesystem::file_size(input.path, ec), 1));
        // Blocks grow with the file: 1/256 of it, from 512 KiB to 4 MiB. Each row
        // takes about five times its text in a block (outcome, location, id), and
        // every block in flight is memory touched for the first time: page faults,
        // which cost more than parsing on a virtual machine, so small blocks suit
        // small files (10^6 rows, 67 MB: 512 KiB instead of 4 MiB, 87,000 -> 57,000
        // faults, 1.26 -> 1.16 s). Larger blocks give the join longer runs of
        // points sorted by index cell, which pays once the file is large (10^7
        // rows into 20,000 wards: 6.1 s with 512 KiB, 5.4 s with 2 MiB).
        const auto blockBytes = std::clamp(static_cast<std::size_t>(fileSize / 256), std::size_t{512} << 10,
                                           std::size_t{4} << 20);
        BlockSplitter splitter(in, nextLine, blockBytes,
                               static_cast<std::uintmax_t>(std::max(0.0, fileSize - static_cast<double>(headerBytes))),
                               2 * threads);
        std::vector<std::unique_ptr<RowProcessor>> processors;
        std::vector<std::unique_ptr<std::mutex>> processorLocks;
        for (unsigned t = 0; t < threads; ++t) {
            processors.push_back(
                std::make_unique<RowProcessor>(kind, columns, headerFields, rules, joinerForThread, weightColumn));
            processorLocks.push_back(std::make_unique<std::mutex>());
        }
        auto parseBlock = [&](std::size_t p, Block& block) {
            std::unique_lock lock(*processorLocks[p]);
            RowProcessor& processor = *processors[p];
            if (block.text.size() > std::numeric_limits<std::uint32_t>::max())
                throw InputError(input.path + ": line " + std::to_string(block.firstLine) + ": a row of more than 4 GiB");
            core::CsvReader reader(block.text, delimiter);
            core::CsvRow row;
            block.rows = 0;
            // Room for every row at once (rows of a CSV are rarely under 32 bytes;
            // room not used is never touched).
            block.outcomes.reserve(block.text.size() / 32 + 16);
            block.pending.clear();
            block.accepted.clear();
            // One check of the whole block (rows end at ASCII newlines, so no
            // character spans two blocks) instead of one per row: 10^6 rows,
            // 40 -> 5 ms. Only a block that fails is checked row by row.
            const bool validUtf8 = core::isValidUtf8(block.text);
            for (;;) {
                const std::size_t offset = reader.bytesConsumed();
                if (!reader.next(row)) break;
                if (block.rows == block.outcomes.size()) block.outcomes.emplace_back();
                const auto index = static_cast<std::uint32_t>(block.rows++);
                RowOutcome& o = block.outcomes[index];
                processor.process(row.raw, row.fields, row.unterminatedQuote, o, index, block.pending, validUtf8);
                o.line = block.firstLine + row.line - 1;
                o.rawOffset = static_cast<std::uint32_t>(offset);
                o.rawLength = static_cast<std::uint32_t>(row.raw.size());
            }
            // Until the ward layer and its index are ready, let the processor
            // parse the next block meanwhile.
            if (joinerReady.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
                lock.unlock();
                joinerReady.wait();
                lock.lock();
            }
            processor.joinPending({block.outcomes.data(), block.rows}, block.pending, block.accepted);
        };
        std::deque<std::pair<std::unique_ptr<Block>, std::future<void>>> inFlight;
        std::vector<std::unique_ptr<Block>> spare;
        // One thread more than the processors: a block parsed ahead of the
        // layer waits for it while the next one is parsed. Made after the
        // blocks, so that it ends first: its threads finish the blocks they hold
        // (after an error too) before the blocks go.
        core::TaskPool pool(threads + 1);
        double bytesMerged = static_cast<double>(headerBytes);
        bool firstMerge = true;
        std::future<void> idsSized;  // the id table being made (from the first block on)
        auto mergeFront = [&] {
            auto [block, done] = std::move(inFlight.front());
            inFlight.pop_front();
            done.get();  // rethrows a worker's exception
            if (std::exchange(firstMerge, false) && idsSized.valid()) idsSized.get();
            merger.findRepeatedIds(block->accepted, {block->outcomes.data(), block->rows});
            for (std::size_t r = 0; r < block->rows; ++r) {
                RowOutcome& o = block->outcomes[r];
                merger.apply(o, std::string_view(block->text).substr(o.rawOffset, o.rawLength));
            }
            bytesMerged += static_cast<double>(block->text.size());
            spare.push_back(std::move(block));
            if (progress.isCanceled()) throw Canceled();
            progress.update(std::min(1.0, bytesMerged / fileSize), "reading " + report.kind);
        };
        std::size_t blockIndex = 0;
        for (;;) {
            std::unique_ptr<Block> block;
            if (spare.empty()) {
                block = std::make_unique<Block>();
            } else {
                block = std::move(spare.back());
                spare.pop_back();
            }
            if (!splitter.next(*block)) break;
            if (blockIndex == 0 && !block->text.empty()) {
                // The id table, sized from the first block's rows, is made (tens of
                // MiB touched for the first time) while the ward layer is read.
                const auto rows = static_cast<std::size_t>(fileSize / static_cast<double>(block->text.size()) *
                                                           static_cast<double>(block->lines) * 1.02);
                idsSized = std::async(std::launch::async, [&merger, rows] { merger.expectRows(rows); });
            }
            if (hash) hash->update(block->text);
            const std::size_t p = blockIndex++ % threads;
            Block* target = block.get();
            auto done = pool.submit([&parseBlock, p, target] { parseBlock(p, *target); });
            inFlight.emplace_back(std::move(block), std::move(done));
            // Parse further ahead while the first blocks wait for the ward layer.
            const bool joinable = joinerReady.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
            if (inFlight.size() > (joinable ? threads : threads + 1)) mergeFront();
        }
        while (!inFlight.empty()) mergeFront();
        for (const auto& processor : processors) aggregator.merge(processor->totals());
        if (hash) report.sha256 = crOnly ? sha256File(input.path) : hash->hex();  // the file's bytes, not the CRs read as LFs
    }
    joinerReady.get();  // an empty file still reports a join that cannot be set up
    aggregator.ensureWards(wards.get().wards.size());
    aggregator.subtract(merger.removed());
    if (rejects) rejects->commit();
    merger.finish();
    for (const auto& [encoding, n] : merger.encodings())
        warnings.push_back(input.path + ": " + std::to_string(n) + " rows are not UTF-8 and look like " + encoding +
                           " text; save the file as UTF-8 (Excel: Save As, CSV UTF-8)");
    if (const auto reused = report.flags.find("reused_ward_name"); reused != report.flags.end()) {
        std::string lines;
        for (const auto line : merger.reusedNameLines()) lines += (lines.empty() ? "" : ", ") + std::to_string(line);
        warnings.push_back(input.path + ": " + std::to_string(reused->second) +
                           " records dated before 1 July 2025 name their ward by a name that was then another unit's "
                           "(the former Phường An Dương, say, is now in Phường An Biên): they were joined to today's ward "
                           "of that name; check lines " + lines + (reused->second > 20 ? ", ..." : "") +
                           " (flag reused_ward_name)");
    }
    const auto mismatches = report.flags.count("ward_code_mismatch") ? report.flags.at("ward_code_mismatch") : 0;
    if (mismatches > 0)
        warnings.push_back(input.path + ": " + std::to_string(mismatches) +
                           " records have a ward code that disagrees with their coordinates; the coordinates were used");
    return report;
}

}  // namespace wardscope::gis
