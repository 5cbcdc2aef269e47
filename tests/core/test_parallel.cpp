#include "core/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

namespace wardscope::core {
namespace {

// Every task runs exactly once, on the pool's threads (never the caller's), and
// its future reports its end.
TEST(TaskPool, RunsEveryTaskOnceOnItsOwnThreads) {
    std::vector<int> ran(2000, 0);
    std::atomic<int> onCaller{0};
    const auto caller = std::this_thread::get_id();
    {
        TaskPool pool(3);
        std::vector<std::future<void>> done;
        for (std::size_t i = 0; i < ran.size(); ++i)
            done.push_back(pool.submit([&, i] {
                ++ran[i];
                if (std::this_thread::get_id() == caller) ++onCaller;
            }));
        for (auto& d : done) d.get();
    }
    EXPECT_EQ(std::accumulate(ran.begin(), ran.end(), 0), 2000);
    EXPECT_EQ(*std::min_element(ran.begin(), ran.end()), 1);
    EXPECT_EQ(onCaller.load(), 0);
}

// A task's exception comes out of its future; the pool goes on with the others.
TEST(TaskPool, ATasksErrorComesOutOfItsFuture) {
    TaskPool pool(2);
    auto bad = pool.submit([] { throw std::runtime_error("bad block"); });
    std::atomic<int> after{0};
    auto good = pool.submit([&] { ++after; });
    EXPECT_THROW(bad.get(), std::runtime_error);
    good.get();
    EXPECT_EQ(after.load(), 1);
}

// Ending the pool finishes what was queued (the caller's data stays in use
// until then) and ends its threads; no future is left without a result.
TEST(TaskPool, EndingItFinishesWhatWasQueued) {
    std::atomic<int> ran{0};
    std::vector<std::future<void>> done;
    {
        TaskPool pool(1);
        std::promise<void> gate;
        std::shared_future<void> open = gate.get_future().share();
        done.push_back(pool.submit([open] { open.wait(); }));
        for (int i = 0; i < 50; ++i) done.push_back(pool.submit([&] { ++ran; }));
        gate.set_value();
    }
    EXPECT_EQ(ran.load(), 50);
    for (auto& d : done) EXPECT_EQ(d.wait_for(std::chrono::seconds(0)), std::future_status::ready);
}

}  // namespace
}  // namespace wardscope::core
