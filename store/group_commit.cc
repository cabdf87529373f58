#include "store/group_commit.h"

#include <algorithm>
#include <utility>

namespace parley::store {

GroupCommitter::GroupCommitter(int max_batch, BatchRunner runner)
    : max_batch_(std::max(1, max_batch)), runner_(std::move(runner)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_one();
  writer_.join();
}

absl::Status GroupCommitter::Run(Job job) {
  // Each caller waits on its own variable: the writer wakes exactly the
  // callers of the batch it finished, not every thread waiting.
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;    // Guarded by mu.
    absl::Status status;  // Guarded by mu.
  } waiter;
  RunAsync(std::move(job), [&waiter](absl::Status status) {
    std::lock_guard<std::mutex> lock(waiter.mu);
    waiter.status = std::move(status);
    waiter.done = true;
    // Notified under the lock: once `done` is seen the waiter may return
    // and destroy the variable.
    waiter.cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(waiter.mu);
  waiter.cv.wait(lock, [&waiter] { return waiter.done; });
  return std::move(waiter.status);
}

void GroupCommitter::RunAsync(Job job, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(job), std::move(done)});
      work_ready_.notify_one();
      return;
    }
  }
  done(absl::UnavailableError("store is closing"));
}

std::vector<GroupCommitter::Pending> GroupCommitter::NextBatch() {
  std::vector<Pending> batch;
  std::unique_lock<std::mutex> lock(mu_);
  work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  const size_t n = std::min(queue_.size(), static_cast<size_t>(max_batch_));
  batch.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void GroupCommitter::WriterLoop() {
  for (;;) {
    std::vector<Pending> batch = NextBatch();
    if (batch.empty()) return;  // Stopping and drained.
    std::vector<Job*> jobs;
    jobs.reserve(batch.size());
    for (Pending& p : batch) jobs.push_back(&p.job);
    std::vector<absl::Status> results = runner_(jobs);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++batches_;
      jobs_ += static_cast<int64_t>(batch.size());
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].done(i < results.size() ? std::move(results[i])
                                       : absl::InternalError("batch runner lost a result"));
    }
  }
}

int64_t GroupCommitter::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}

int64_t GroupCommitter::jobs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_;
}

}  // namespace parley::store
