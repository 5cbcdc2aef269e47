#pragma once
// The one way wardscope splits work across threads. Results must never depend on
// the thread count: callers give each index (or range) its own output slot and,
// where randomness is involved, its own random stream.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace wardscope::core {

/// Threads to use: `requested`, or one per hardware thread when 0; never more
/// than there are work items, and at least 1.
inline unsigned threadCount(unsigned requested = 0, std::size_t work = static_cast<std::size_t>(-1)) {
    const unsigned t = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>(t, std::max<std::size_t>(work, 1)));
}

/// Runs body(begin, end) over [0, n) in `threads` contiguous ranges; the calling
/// thread takes the first range.
template <typename Body>
void parallelRanges(std::size_t n, unsigned threads, Body body) {
    threads = threadCount(threads, n);
    if (threads <= 1) {
        body(std::size_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(body, n * t / threads, n * (t + 1) / threads);
    body(std::size_t{0}, n / threads);
    for (auto& th : pool) th.join();
}

/// Runs body(i) for every i in [0, n), handing out chunks of `chunk` indices on
/// demand (for uneven work). `makeState()` gives each thread its own scratch
/// state, passed as body(i, state).
template <typename MakeState, typename Body>
void parallelForEach(std::size_t n, unsigned threads, std::size_t chunk, MakeState makeState, Body body) {
    threads = threadCount(threads, (n + chunk - 1) / std::max<std::size_t>(chunk, 1));
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        auto state = makeState();
        for (std::size_t begin; (begin = next.fetch_add(chunk)) < n;)
            for (std::size_t i = begin; i < std::min(n, begin + chunk); ++i) body(i, state);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
}

/// body(i) for every i in [0, n), in chunks handed out on demand.
template <typename Body>
void parallelFor(std::size_t n, Body body, unsigned threads = 0, std::size_t chunk = 16) {
    parallelForEach(n, threads, chunk, [] { return 0; }, [&](std::size_t i, int&) { body(i); });
}

/// Long-lived threads that run the tasks given to them, first come first served:
/// for a stream of many short tasks (a CSV file's blocks), where a thread of its
/// own per task would cost its creation and, on every new thread, the first
/// touch of its stack again (glibc hands a finished thread's stack pages back).
class TaskPool {
public:
    explicit TaskPool(unsigned threads) {
        for (unsigned t = 0; t < std::max(1u, threads); ++t) m_threads.emplace_back([this] { work(); });
    }
    ~TaskPool() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        for (auto& t : m_threads) t.join();
    }
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    /// Queues `task`; its future gives its end (and rethrows its exception).
    std::future<void> submit(std::function<void()> task) {
        std::packaged_task<void()> packaged(std::move(task));
        std::future<void> done = packaged.get_future();
        {
            std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(packaged));
        }
        m_wake.notify_one();
        return done;
    }

private:
    void work() {
        for (;;) {
            std::packaged_task<void()> task;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
                if (m_tasks.empty()) return;  // stopping, and nothing left to run
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            task();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::packaged_task<void()>> m_tasks;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace wardscope::core
