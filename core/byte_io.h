#pragma once
// Binary records for wardscope's own files (the prepared ward-layer cache):
// values in the machine's byte order, each array after its length. A reader
// checks every length against what is left, so a cut or damaged file gives a
// FormatError, never a read past its end. Not an interchange format: a file is
// read only by the build that wrote it (the cache key says so).
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace wardscope::core {

struct FormatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Arrays start at a multiple of this many bytes from the start of the file, so
/// that a reader can use them where they lie in a mapped file (ByteReader::view).
inline constexpr std::size_t kArrayAlignment = 16;

/// Appends values to a buffer and hands it to `sink` whenever it holds `chunk`
/// bytes or more (and at flush()): a large file is written without being held whole.
class ByteWriter {
public:
    explicit ByteWriter(std::function<void(std::string_view)> sink, std::size_t chunk = std::size_t{1} << 20)
        : m_sink(std::move(sink)), m_chunk(chunk) {}

    void bytes(const void* data, std::size_t n) {
        m_written += n;
        if (m_buffer.size() + n > m_chunk) flush();
        if (n >= m_chunk) {
            m_sink({static_cast<const char*>(data), n});
            return;
        }
        m_buffer.append(static_cast<const char*>(data), n);
    }
    template <typename T>
    void pod(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&v, sizeof v);
    }
    void size(std::size_t n) { pod(static_cast<std::uint64_t>(n)); }
    void text(std::string_view s) {
        size(s.size());
        bytes(s.data(), s.size());
    }
    template <typename T>
    void array(std::span<const T> v) {
        arrayHeader<T>(v.size());
        bytes(v.data(), v.size() * sizeof(T));
    }
    /// The start of an array of n elements whose bytes follow in pieces (bytes()).
    template <typename T>
    void arrayHeader(std::size_t n) {
        static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= kArrayAlignment);
        size(n);
        static constexpr char kZeros[kArrayAlignment] = {};
        bytes(kZeros, (kArrayAlignment - m_written % kArrayAlignment) % kArrayAlignment);
    }
    template <typename T>
    void array(const std::vector<T>& v) {
        array(std::span<const T>(v));
    }
    void flush() {
        if (!m_buffer.empty()) m_sink(m_buffer);
        m_buffer.clear();
    }

private:
    std::function<void(std::string_view)> m_sink;
    std::size_t m_chunk;
    std::string m_buffer;
    std::size_t m_written = 0;
};

/// Reads what a ByteWriter wrote, from bytes held elsewhere (a mapped file).
class ByteReader {
public:
    explicit ByteReader(std::span<const char> data) : m_data(data) {}

    const char* bytes(std::size_t n) {
        if (n > m_data.size() - m_pos) throw FormatError("truncated");
        const char* p = m_data.data() + m_pos;
        m_pos += n;
        return p;
    }
    template <typename T>
    T pod() {
        static_assert(std::is_trivially_copyable_v<T>);
        T v;
        std::memcpy(&v, bytes(sizeof v), sizeof v);
        return v;
    }
    /// A length, at most what could still follow if each element took `unit` bytes.
    std::size_t size(std::size_t unit = 1) {
        const auto n = pod<std::uint64_t>();
        if (unit != 0 && n > (m_data.size() - m_pos) / unit) throw FormatError("length past the end");
        return static_cast<std::size_t>(n);
    }
    std::string text() {
        const std::size_t n = size();
        return {bytes(n), n};
    }
    template <typename T>
    void array(std::vector<T>& out) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::size_t n = 0;
        const char* p = arrayBytes(sizeof(T), n);
        out.resize(n);
        if (n) std::memcpy(out.data(), p, n * sizeof(T));
    }
    /// An array where it lies in the bytes (no copy): valid while they are.
    /// The bytes must start at a multiple of kArrayAlignment (a mapped file does).
    template <typename T>
    std::span<const T> view() {
        static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= kArrayAlignment);
        std::size_t n = 0;
        const char* p = arrayBytes(sizeof(T), n);
        if (reinterpret_cast<std::uintptr_t>(p) % alignof(T) != 0) throw FormatError("misaligned array");
        return {reinterpret_cast<const T*>(p), n};
    }
    [[nodiscard]] bool atEnd() const { return m_pos == m_data.size(); }

private:
    const char* arrayBytes(std::size_t unit, std::size_t& n) {
        n = size(unit);
        bytes((kArrayAlignment - m_pos % kArrayAlignment) % kArrayAlignment);
        return bytes(n * unit);
    }

    std::span<const char> m_data;
    std::size_t m_pos = 0;
};

}  // namespace wardscope::core
