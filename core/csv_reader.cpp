#include "core/csv_reader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wardscope::core {

CsvReader::CsvReader(std::istream& in, char delimiter, std::size_t bufferBytes)
    : m_in(&in), m_delimiter(delimiter) {
    m_buffer.resize(bufferBytes < 4096 ? 4096 : bufferBytes);
    m_data = m_buffer.data();
}

CsvReader::CsvReader(std::string_view text, char delimiter)
    : m_data(text.data()), m_end(text.size()), m_eof(true), m_delimiter(delimiter) {}

char CsvReader::detectDelimiter(std::string_view headerLine) {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : headerLine) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        comma += (c == ',');
        semicolon += (c == ';');
        tab += (c == '\t');
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
}

bool CsvReader::fill() {
    if (m_eof || !m_in) return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_buffer.size()) m_buffer.resize(m_buffer.size() * 2);
    m_data = m_buffer.data();
    m_in->read(m_buffer.data() + m_end, static_cast<std::streamsize>(m_buffer.size() - m_end));
    const auto got = static_cast<std::size_t>(m_in->gcount());
    m_end += got;
    if (got == 0) m_eof = true;
    return got > 0;
}

bool CsvReader::next(CsvRow& row) {
    if (!m_started) {
        m_started = true;
        while (m_end - m_begin < 3 && fill()) {
        }
        if (m_end - m_begin >= 3 && std::memcmp(m_data + m_begin, "\xEF\xBB\xBF", 3) == 0) {
            m_begin += 3;
            m_consumed += 3;
            m_hadBom = true;
        }
    }
    // The usual row: a newline in the buffer and no quote before it.
    if (m_begin < m_end) {
        const char* begin = m_data + m_begin;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', m_end - m_begin));
        if (newline && !std::memchr(begin, '"', static_cast<std::size_t>(newline - begin))) {
            std::string_view text(begin, static_cast<std::size_t>(newline - begin));
            row.line = m_line++;
            row.unterminatedQuote = false;
            m_consumed += text.size() + 1;
            m_begin += text.size() + 1;
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            row.raw = text;
            if (m_delimiter == 0) m_delimiter = detectDelimiter(text);
            splitUnquoted(text, m_delimiter, row.fields);
            return true;
        }
    }
    // Find the end of the row: a newline outside quotes.
    std::size_t scan = m_begin;
    bool quoted = false;
    std::size_t newlines = 0;
    for (;;) {
        if (scan == m_end) {
            const std::size_t offset = scan - m_begin;
            const bool more = fill();  // may move the unread bytes to the front
            scan = m_begin + offset;
            if (!more) break;
            continue;
        }
        if (!quoted) {
            // Fast path: jump to the next quote or newline.
            const char* p = m_data + scan;
            const char* stop = m_data + m_end;
            while (p < stop && *p != '\n' && *p != '"') ++p;
            scan = static_cast<std::size_t>(p - m_data);
            if (scan == m_end) continue;
            if (*p == '\n') break;
            quoted = true;
            ++scan;
        } else {
            const char c = m_data[scan];
            if (c == '"') {
                quoted = false;  // a doubled quote re-enters on the next byte
            } else if (c == '\n') {
                ++newlines;
            }
            ++scan;
        }
    }
    if (m_begin == m_end && scan == m_end) return false;

    std::string_view text(m_data + m_begin, scan - m_begin);
    // A DOS end-of-file mark (Ctrl-Z) closing the file is not a row.
    if (scan == m_end && m_eof && !text.empty() && text.back() == '\x1a') {
        text.remove_suffix(1);
        if (text.empty() || text == "\r") {
            m_consumed += scan - m_begin;
            m_begin = scan;
            return false;
        }
    }
    const bool atNewline = scan < m_end;
    row.line = m_line;
    row.unterminatedQuote = quoted;
    m_line += newlines + (atNewline ? 1 : 0);
    const std::size_t rowBytes = text.size() + (atNewline ? 1 : 0);
    m_consumed += rowBytes;
    m_begin += rowBytes;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    row.raw = text;
    if (m_delimiter == 0) m_delimiter = detectDelimiter(text);
    parseFields(text, row);
    return true;
}

void CsvReader::splitUnquoted(std::string_view text, char delimiter, std::vector<std::string_view>& fields) {
    fields.clear();
    const char* s = text.data();
    const std::size_t n = text.size();
    std::size_t start = 0, i = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time: a bit per delimiter, then one field per bit.
    const __m128i delim = _mm_set1_epi8(delimiter);
    for (; i + 16 <= n; i += 16) {
        auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)), delim)));
        while (mask != 0) {
            const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(mask));
            fields.emplace_back(s + start, at - start);
            start = at + 1;
            mask &= mask - 1;
        }
    }
#endif
    for (; i < n; ++i) {
        if (s[i] == delimiter) {
            fields.emplace_back(s + start, i - start);
            start = i + 1;
        }
    }
    fields.emplace_back(s + start, n - start);
}

void CsvReader::parseFields(std::string_view text, CsvRow& row) {
    if (text.find('"') == std::string_view::npos) return splitUnquoted(text, m_delimiter, row.fields);
    m_scratch.clear();
    m_spans.clear();
    const char delim = m_delimiter;
    std::size_t i = 0;
    const std::size_t n = text.size();
    for (;;) {
        if (i < n && text[i] == '"') {
            // Quoted field: unescape "" into scratch; text after the closing quote
            // up to the delimiter is kept, as most readers do.
            const std::size_t start = m_scratch.size();
            ++i;
            while (i < n) {
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        m_scratch.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                m_scratch.push_back(text[i++]);
            }
            while (i < n && text[i] != delim) m_scratch.push_back(text[i++]);
            m_spans.push_back({start, m_scratch.size() - start, true});
        } else {
            const char* begin = text.data() + i;
            const void* hit = std::memchr(begin, delim, n - i);
            const std::size_t stop = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) : n;
            m_spans.push_back({i, stop - i, false});
            i = stop;
        }
        if (i >= n) break;
        ++i;  // delimiter
        if (i == n) {
            m_spans.push_back({i, 0, false});
            break;
        }
    }
    row.fields.clear();
    for (const auto& s : m_spans) {
        if (s.inScratch) {
            row.fields.emplace_back(m_scratch.data() + s.offset, s.length);
        } else {
            row.fields.push_back(text.substr(s.offset, s.length));
        }
    }
}

std::string csvTextCell(std::string_view v) {
    if (v.empty() || std::string_view("=+-@\t\r").find(v.front()) == std::string_view::npos) return csvEscape(v);
    std::string out = "\"'";
    for (const char c : v) {
        out.push_back(c);
        if (c == '"') out.push_back('"');
    }
    out.push_back('"');
    return out;
}

std::string csvEscape(std::string_view v) {
    const bool special = std::any_of(v.begin(), v.end(), [](char c) {
        return c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r';
    });
    if (!special) return std::string(v);
    std::string out;
    out.reserve(v.size() + 2);
    out.push_back('"');
    // Copy runs between quotes whole; a quote is written twice.
    for (std::size_t from = 0;;) {
        const std::size_t quote = v.find('"', from);
        out.append(v.substr(from, quote == std::string_view::npos ? std::string_view::npos : quote + 1 - from));
        if (quote == std::string_view::npos) break;
        out.push_back('"');
        from = quote + 1;
    }
    out.push_back('"');
    return out;
}

}  // namespace wardscope::core
