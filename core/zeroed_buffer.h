#pragma once
// A fixed-size array of zero bytes, for large tables that are filled at random
// (a hash table). Large ones come straight from the system, already zero (no
// pass that writes zeros), aligned to 2 MiB and, on Linux, advised for
// transparent huge pages: a table of tens of MiB is then first touched in a few
// hundred faults instead of thousands of 4 KiB ones, which matters on a virtual
// machine, where each fault costs about 10 us. Such a table is faulted in when
// it is made (all of it is touched by random fills anyway), so the thread that
// makes it pays for the pages, not the first thread that fills it.
#include <cstddef>
#include <type_traits>

namespace wardscope::core {

class ZeroedBytes {
public:
    ZeroedBytes() = default;
    explicit ZeroedBytes(std::size_t bytes);
    ~ZeroedBytes();
    ZeroedBytes(ZeroedBytes&& other) noexcept;
    ZeroedBytes& operator=(ZeroedBytes&& other) noexcept;
    ZeroedBytes(const ZeroedBytes&) = delete;
    ZeroedBytes& operator=(const ZeroedBytes&) = delete;

    [[nodiscard]] void* data() const { return m_data; }
    [[nodiscard]] std::size_t size() const { return m_bytes; }

private:
    void release() noexcept;
    void* m_data = nullptr;
    std::size_t m_bytes = 0;
    void* m_mapping = nullptr;  ///< the system mapping (large buffers), else null
    std::size_t m_mappingBytes = 0;
};

/// `count` value-initialised (all-zero) elements of a trivial type.
template <typename T>
class ZeroedArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    ZeroedArray() = default;
    explicit ZeroedArray(std::size_t count) : m_bytes(count * sizeof(T)) {}
    [[nodiscard]] std::size_t size() const { return m_bytes.size() / sizeof(T); }
    [[nodiscard]] bool empty() const { return m_bytes.size() == 0; }
    T& operator[](std::size_t i) { return begin()[i]; }
    const T& operator[](std::size_t i) const { return begin()[i]; }
    T* begin() { return static_cast<T*>(m_bytes.data()); }
    T* end() { return begin() + size(); }
    const T* begin() const { return static_cast<const T*>(m_bytes.data()); }
    const T* end() const { return begin() + size(); }

private:
    ZeroedBytes m_bytes;  ///< moving it leaves the source empty
};

}  // namespace wardscope::core
