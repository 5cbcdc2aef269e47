#include "core/zeroed_buffer.h"

#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace wardscope::core {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
/// Below this, the ordinary heap (a mapping per small table would waste more than it saves).
constexpr std::size_t kMapAbove = std::size_t{4} << 20;

}  // namespace

ZeroedBytes::ZeroedBytes(std::size_t bytes) : m_bytes(bytes) {
    if (bytes == 0) return;
#if defined(__linux__)
    if (bytes >= kMapAbove) {
        // Room to start at a 2 MiB boundary; anonymous memory is zero.
        const std::size_t length = bytes + kHugePage;
        void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        m_mapping = p;
        m_mappingBytes = length;
        const auto start = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
        m_data = reinterpret_cast<void*>(start);
#if defined(MADV_HUGEPAGE)
        madvise(m_data, bytes, MADV_HUGEPAGE);  // advice only: without it, ordinary pages
#endif
#if defined(MADV_POPULATE_WRITE)
        // Filled at random, the whole table is soon touched anyway: fault it in
        // now, on the thread that makes it (the id table is made while the
        // ward layer is read; before, its first inserts zeroed 32 MiB of pages
        // at the first merge, 50 ms with every other thread waiting). Linux
        // 5.14 and later; elsewhere the pages come at first touch as before.
        madvise(m_data, bytes, MADV_POPULATE_WRITE);
#endif
        return;
    }
#endif
    m_data = std::calloc(bytes, 1);
    if (!m_data) throw std::bad_alloc();
}

ZeroedBytes::~ZeroedBytes() { release(); }

ZeroedBytes::ZeroedBytes(ZeroedBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)),
      m_bytes(std::exchange(other.m_bytes, 0)),
      m_mapping(std::exchange(other.m_mapping, nullptr)),
      m_mappingBytes(std::exchange(other.m_mappingBytes, 0)) {}

ZeroedBytes& ZeroedBytes::operator=(ZeroedBytes&& other) noexcept {
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_bytes = std::exchange(other.m_bytes, 0);
        m_mapping = std::exchange(other.m_mapping, nullptr);
        m_mappingBytes = std::exchange(other.m_mappingBytes, 0);
    }
    return *this;
}

void ZeroedBytes::release() noexcept {
#if defined(__linux__)
    if (m_mapping) {
        munmap(m_mapping, m_mappingBytes);
        m_mapping = nullptr;
        m_data = nullptr;
        return;
    }
#endif
    std::free(m_data);
    m_data = nullptr;
}

}  // namespace wardscope::core
