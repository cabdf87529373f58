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

// Async jobs need no thread each: one thread queues many, and they share
// transactions, each told its own status after its batch has run.
TEST(GroupCommitterTest, AsyncJobsFromOneThreadShareBatchesAndEachGetsItsStatus) {
  Event first_batch_started, release_first_batch;
  std::mutex mu;
  std::vector<size_t> batch_sizes;  // Guarded by mu.
  GroupCommitter committer(100, [&](const std::vector<GroupCommitter::Job*>& jobs) {
    bool first;
    {
      std::lock_guard<std::mutex> lock(mu);
      batch_sizes.push_back(jobs.size());
      first = batch_sizes.size() == 1;
    }
    if (first) {
      first_batch_started.Notify();
      release_first_batch.WaitForNotification();
    }
    std::vector<absl::Status> results;
    for (GroupCommitter::Job* job : jobs) results.push_back((*job)());
    return results;
  });
  constexpr int kJobs = 20;
  std::vector<absl::Status> results(kJobs, absl::UnknownError("never completed"));
  std::vector<int> ran(kJobs, 0);
  int completed = 0;  // Guarded by mu.
  Event all_completed;
  auto done = [&](int i) {
    return [&, i](absl::Status status) {
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(status);
      if (++completed == kJobs) all_completed.Notify();
    };
  };
  committer.RunAsync([&] { ran[0]++; return absl::OkStatus(); }, done(0));
  first_batch_started.WaitForNotification();
  // Queued from this one thread while the first batch is "committing";
  // RunAsync returns at once, so none of them has run yet.
  for (int i = 1; i < kJobs; ++i) {
    committer.RunAsync([&, i] {
      ran[i]++;
      return i == 7 ? absl::InvalidArgumentError("bad") : absl::OkStatus();
    }, done(i));
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(completed, 0);
  }
  release_first_batch.Notify();
  all_completed.WaitForNotification();
  for (int i = 0; i < kJobs; ++i) {
    EXPECT_EQ(results[i].ok(), i != 7) << i << ": " << results[i];
    EXPECT_EQ(ran[i], 1) << i;
  }
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(batch_sizes.size(), 2u);  // The first job, then the other 19 together.
  EXPECT_EQ(batch_sizes[1], static_cast<size_t>(kJobs - 1));
}

// Destroying the committer finishes what was queued: no callback is lost.
TEST(GroupCommitterTest, DestructorCompletesQueuedAsyncJobs) {
  constexpr int kJobs = 50;
  std::atomic<int> completed{0};
  {
    GroupCommitter committer(8, [](const std::vector<GroupCommitter::Job*>& jobs) {
      std::vector<absl::Status> results;
      for (GroupCommitter::Job* job : jobs) results.push_back((*job)());
      return results;
    });
    for (int i = 0; i < kJobs; ++i) {
      committer.RunAsync([] { return absl::OkStatus(); },
                         [&completed](absl::Status status) {
                           EXPECT_TRUE(status.ok()) << status;
                           completed++;
                         });
    }
  }
  EXPECT_EQ(completed.load(), kJobs);
}

}  // namespace
}  // namespace parley::store
