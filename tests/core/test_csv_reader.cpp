#include <gtest/gtest.h>

#include <sstream>

#include "core/csv_reader.h"

using namespace wardscope::core;

namespace {
std::vector<std::vector<std::string>> readAll(const std::string& text, std::vector<std::size_t>* lines = nullptr,
                                              std::size_t buffer = 1 << 20, char* delimiter = nullptr) {
    std::istringstream in(text);
    CsvReader reader(in, 0, buffer);
    CsvRow row;
    std::vector<std::vector<std::string>> out;
    while (reader.next(row)) {
        out.emplace_back(row.fields.begin(), row.fields.end());
        if (lines) lines->push_back(row.line);
    }
    if (delimiter) *delimiter = reader.delimiter();
    return out;
}
}  // namespace

TEST(CsvReader, ReadsCommaRowsAndStopsAtEnd) {
    const auto rows = readAll("a,b,c\n1,2,3\n4,5,6\n");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2], (std::vector<std::string>{"4", "5", "6"}));
}

TEST(CsvReader, LastRowWithoutNewline) {
    const auto rows = readAll("a,b\n1,2");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2"}));
}

TEST(CsvReader, TinyBufferGivesSameRowsAndEndsCleanly) {
    // Regression: refilling at the end of input once re-read stale buffer bytes forever.
    std::string text = "id,name\n";
    for (int i = 0; i < 500; ++i) text += std::to_string(i) + ",\"Phường, số " + std::to_string(i) + "\"\n";
    const auto big = readAll(text);
    const auto small = readAll(text, nullptr, 16);
    EXPECT_EQ(big.size(), 501u);
    EXPECT_EQ(big, small);
}

TEST(CsvReader, StripsBomAndDetectsSemicolon) {
    char delimiter = 0;
    const auto rows = readAll("\xEF\xBB\xBFma_xa;kinh_do\n10507;106,3\n", nullptr, 1 << 20, &delimiter);
    EXPECT_EQ(delimiter, ';');
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0], "ma_xa");
    EXPECT_EQ(rows[1][1], "106,3");
}

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
    std::vector<std::size_t> lines;
    const auto rows = readAll("a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\nlast,row\r\n", &lines);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[1], (std::vector<std::string>{"x,y", "say \"hi\""}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"two\nlines", "z"}));
    EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 3, 5}));  // physical lines
}

TEST(CsvReader, EmptyFieldsAndEmptyRows) {
    const auto rows = readAll("a,b,c\n,,\n\n1,,\n");
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[1], (std::vector<std::string>{"", "", ""}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{""}));
    EXPECT_EQ(rows[3], (std::vector<std::string>{"1", "", ""}));
}

TEST(CsvReader, UnterminatedQuoteRunsToEndAndIsFlagged) {
    std::istringstream in("a,b\n1,\"open\n2,3\n");
    CsvReader reader(in);
    CsvRow row;
    ASSERT_TRUE(reader.next(row));
    ASSERT_TRUE(reader.next(row));
    EXPECT_TRUE(row.unterminatedQuote);
    EXPECT_EQ(row.line, 2u);
    EXPECT_FALSE(reader.next(row));
}

TEST(CsvReader, DetectDelimiterIgnoresQuotedCommas) {
    EXPECT_EQ(CsvReader::detectDelimiter("\"a,b,c\";d;e"), ';');
    EXPECT_EQ(CsvReader::detectDelimiter("a\tb\tc"), '\t');
    EXPECT_EQ(CsvReader::detectDelimiter("single"), ',');
}

// Random tables (fields of 0 to 40 bytes, some quoted with delimiters, doubled
// quotes and line breaks inside, rows ending in LF or CRLF) read back exactly,
// with their line numbers, whatever the buffer size: rows without quotes take
// the fast path, the others the full parser.
TEST(CsvReader, RandomTablesReadBackExactly) {
    std::uint64_t state = 12345;
    auto next = [&](std::uint64_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % bound;
    };
    for (int table = 0; table < 200; ++table) {
        const char delim = table % 3 == 0 ? ';' : ',';
        std::vector<std::vector<std::string>> expected;
        std::vector<std::size_t> expectedLines;
        std::string text;
        std::size_t line = 1;
        const std::size_t columns = 2 + next(11);
        for (std::size_t r = 0, rows = 1 + next(30); r < rows; ++r) {
            std::vector<std::string> fields;
            std::string written;
            std::size_t breaks = 0;
            for (std::size_t c = 0; c < columns; ++c) {
                std::string value;
                for (std::size_t k = 0, len = next(41); k < len; ++k) value.push_back("abcxyz019 .ả"[next(12)]);
                const bool quoted = next(6) == 0;
                if (quoted) {
                    if (next(2)) value += delim;
                    if (next(3) == 0) value += '"';
                    if (next(4) == 0) {
                        value += '\n';
                        ++breaks;
                    }
                    std::string q = "\"";
                    for (char ch : value) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                    written += q + "\"";
                } else {
                    written += value;
                }
                if (c + 1 < columns) written += delim;
                fields.push_back(value);
            }
            if (r == 0) {  // the header decides the delimiter: make it unambiguous
                fields.assign(columns, "h");
                written.clear();
                for (std::size_t c = 0; c < columns; ++c) written += c ? std::string(1, delim) + "h" : "h";
                breaks = 0;
            }
            text += written + (next(4) == 0 ? "\r\n" : "\n");
            expected.push_back(fields);
            expectedLines.push_back(line);
            line += 1 + breaks;
        }
        for (std::size_t buffer : {std::size_t{4096}, std::size_t{1} << 20}) {
            std::vector<std::size_t> lines;
            const auto rows = readAll(text, &lines, buffer);
            ASSERT_EQ(rows.size(), expected.size()) << table;
            for (std::size_t r = 0; r < rows.size(); ++r) ASSERT_EQ(rows[r], expected[r]) << "table " << table << " row " << r;
            ASSERT_EQ(lines, expectedLines) << table;
        }
    }
}

TEST(CsvReader, EscapedFieldsReadBackAsWritten) {
    const std::vector<std::string> values = {"plain", "", "a,b", "semi;colon", "say \"hi\"", "\"", "\"\"", "line\nbreak",
                                             "cr\r", "end\"", "\"start", "ả,\"ồ\"", std::string(300, ',')};
    EXPECT_EQ(csvEscape("plain"), "plain");
    EXPECT_EQ(csvEscape("say \"hi\""), "\"say \"\"hi\"\"\"");
    std::string text = "h1,h2\n";
    for (const auto& v : values) text += csvEscape(v) + "," + csvEscape(v + "x") + "\n";
    const auto rows = readAll(text);
    ASSERT_EQ(rows.size(), values.size() + 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(rows[i + 1][0], values[i]) << i;
        EXPECT_EQ(rows[i + 1][1], values[i] + "x") << i;
    }
}

TEST(CsvWrite, TextCellsThatLookLikeFormulasAreWrittenAsText) {
    // CSV injection: a spreadsheet runs a cell that starts with =, +, -, @, a tab
    // or a carriage return. Such a text cell is written behind a ' in quotes.
    EXPECT_EQ(csvTextCell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    EXPECT_EQ(csvTextCell("+84 912"), "\"'+84 912\"");
    EXPECT_EQ(csvTextCell("-1"), "\"'-1\"");
    EXPECT_EQ(csvTextCell("@SUM(A1)"), "\"'@SUM(A1)\"");
    EXPECT_EQ(csvTextCell("\tx"), "\"'\tx\"");
    EXPECT_EQ(csvTextCell("Phường Lê Chân"), "Phường Lê Chân");
    EXPECT_EQ(csvTextCell("a, b"), "\"a, b\"");
    EXPECT_EQ(csvTextCell(""), "");
    // What the reader gives back is the text with its ' mark.
    const std::string text = "h\n" + csvTextCell("=1+1") + "\n";
    CsvReader reader{std::string_view(text)};
    CsvRow row;
    ASSERT_TRUE(reader.next(row));
    ASSERT_TRUE(reader.next(row));
    EXPECT_EQ(row.fields.at(0), "'=1+1");
}

TEST(CsvReader, ADosEndOfFileMarkIsNotARow) {
    for (const std::string& text : {std::string("a,b\n1,2\n\x1a"), std::string("a,b\r\n1,2\r\n\x1a"), std::string("a,b\n1,2\x1a")}) {
        std::istringstream in(text);
        CsvReader reader(in);
        CsvRow row;
        ASSERT_TRUE(reader.next(row));
        ASSERT_TRUE(reader.next(row));
        EXPECT_EQ(row.fields.size(), 2u);
        EXPECT_EQ(row.fields.back(), "2");
        EXPECT_FALSE(reader.next(row)) << "a row after the data: '" << row.raw << "'";
    }
}
