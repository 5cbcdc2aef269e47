#pragma once
// Streaming RFC 4180 CSV reader that keeps what a reject report needs:
// the physical line number and the raw text of every row.
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace wardscope::core {

struct CsvRow {
    std::size_t line = 0;             ///< 1-based physical line where the row starts
    std::string_view raw;             ///< the row as written, without its line end
    std::vector<std::string_view> fields;  ///< unquoted values; valid until next()
    bool unterminatedQuote = false;   ///< a quoted field ran to the end of the file
};

class CsvReader {
public:
    /// delimiter 0 = detect from the header line (',', ';' or tab).
    explicit CsvReader(std::istream& in, char delimiter = 0, std::size_t bufferBytes = 1 << 20);
    /// Reads rows of text already in memory, in place (rows and fields are
    /// views of `text`, which must outlive the reader).
    explicit CsvReader(std::string_view text, char delimiter = 0);

    /// Reads the next row; false at end of input. The first call returns the header.
    bool next(CsvRow& row);

    [[nodiscard]] char delimiter() const { return m_delimiter; }
    [[nodiscard]] bool hadByteOrderMark() const { return m_hadBom; }
    [[nodiscard]] std::size_t bytesConsumed() const { return m_consumed; }

    /// Picks the most frequent of ',', ';' and tab outside quotes (',' on ties).
    static char detectDelimiter(std::string_view headerLine);

private:
    bool fill();  // moves the unread tail to the front and reads more; false at EOF
    void parseFields(std::string_view rowText, CsvRow& row);
    /// Fields of a row without any quote: cut at every delimiter.
    static void splitUnquoted(std::string_view text, char delimiter, std::vector<std::string_view>& fields);

    std::istream* m_in = nullptr;  // null: reading text in memory
    std::string m_buffer;
    const char* m_data = nullptr;  // m_buffer's bytes, or the text in memory
    std::size_t m_begin = 0;  // first unread byte in m_buffer
    std::size_t m_end = 0;    // one past last valid byte
    bool m_eof = false;
    bool m_started = false;
    bool m_hadBom = false;
    char m_delimiter;
    std::size_t m_line = 1;
    std::size_t m_consumed = 0;
    std::string m_scratch;  // unescaped quoted fields
    struct Span {
        std::size_t offset;
        std::size_t length;
        bool inScratch;
    };
    std::vector<Span> m_spans;
};

/// A CSV field as written: quoted (with doubled quotes) when it holds a comma,
/// semicolon, quote or line break.
std::string csvEscape(std::string_view value);

/// A text cell of a CSV file for people to open: csvEscape, and a cell that a
/// spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
/// carriage return: "CSV injection") is written as text, behind a ' in quotes
/// ("'=HYPERLINK(...)"). Numbers are not text cells.
std::string csvTextCell(std::string_view value);

}  // namespace wardscope::core
