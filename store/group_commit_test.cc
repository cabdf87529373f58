#include "store/group_commit.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace parley::store {
namespace {

// A one-shot event on std::mutex rather than absl::Notification, which
// ThreadSanitizer cannot see in Debian's uninstrumented Abseil.
class Event {
 public:
  void Notify() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      set_ = true;
    }
    cv_.notify_all();
  }
  void WaitForNotification() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return set_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;  // Guarded by mu_.
};

TEST(GroupCommitterTest, BatchesWaitingJobsAndReturnsEachItsStatus) {
  Event first_batch_started, release_first_batch;
  std::vector<size_t> batch_sizes;
  GroupCommitter committer(100, [&](const std::vector<GroupCommitter::Job*>& jobs) {
    batch_sizes.push_back(jobs.size());
    if (batch_sizes.size() == 1) {
      first_batch_started.Notify();
      release_first_batch.WaitForNotification();
    }
    std::vector<absl::Status> results;
    for (GroupCommitter::Job* job : jobs) results.push_back((*job)());
    return results;
  });
  std::vector<absl::Status> results(9);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { results[0] = committer.Run([] { return absl::OkStatus(); }); });
  first_batch_started.WaitForNotification();
  // While the first batch is "committing", eight more jobs queue up.
  for (int i = 1; i < 9; ++i) {
    threads.emplace_back([&, i] {
      results[i] = committer.Run([i] {
        return i == 4 ? absl::InvalidArgumentError("bad") : absl::OkStatus();
      });
    });
  }
  // Give them time to queue; the assertion below only needs two of them to
  // have queued together.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  release_first_batch.Notify();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(committer.jobs(), 9);
  EXPECT_LT(committer.batches(), 9);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(results[i].ok(), i != 4) << i;
}

TEST(GroupCommitterTest, RespectsMaxBatch) {
  std::atomic<size_t> largest{0};
  GroupCommitter committer(2, [&](const std::vector<GroupCommitter::Job*>& jobs) {
    largest = std::max(largest.load(), jobs.size());
    return std::vector<absl::Status>(jobs.size());
  });
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] { EXPECT_TRUE(committer.Run([] { return absl::OkStatus(); }).ok()); });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(largest.load(), 2u);
  EXPECT_EQ(committer.jobs(), 8);
}

}  // namespace
}  // namespace parley::store
