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
  Pending pending{&job, absl::OkStatus(), false};
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return absl::UnavailableError("store is closing");
  queue_.push_back(&pending);
  work_ready_.notify_one();
  batch_done_.wait(lock, [&pending] { return pending.done; });
  return std::move(pending.status);
}

void GroupCommitter::WriterLoop() {
  for (;;) {
    std::vector<Pending*> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Stopping and drained.
      while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    std::vector<Job*> jobs;
    jobs.reserve(batch.size());
    for (Pending* p : batch) jobs.push_back(p->job);
    std::vector<absl::Status> results = runner_(jobs);

    {
      std::lock_guard<std::mutex> lock(mu_);
      ++batches_;
      jobs_ += static_cast<int64_t>(batch.size());
      for (size_t i = 0; i < batch.size(); ++i) {
        // Moved, not copied: each status (and its heap rep) then has one
        // owner at a time, handed over under mu_.
        batch[i]->status = i < results.size() ? std::move(results[i])
                                              : absl::InternalError("batch runner lost a result");
        batch[i]->done = true;
      }
    }
    // Every caller of the batch waits on the same variable; each rechecks
    // its own `done`.
    batch_done_.notify_all();
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
