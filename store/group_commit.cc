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
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  writer_.join();
}

absl::Status GroupCommitter::Run(Job job) {
  Pending pending{&job, absl::OkStatus(), false};
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::UnavailableError("store is closing");
  queue_.push_back(&pending);
  mu_.Await(absl::Condition(
      +[](Pending* p) { return p->done; }, &pending));
  return pending.status;
}

void GroupCommitter::WriterLoop() {
  for (;;) {
    std::vector<Pending*> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](GroupCommitter* self) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return self->stopping_ || !self->queue_.empty();
          },
          this));
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

    absl::MutexLock lock(&mu_);
    ++batches_;
    jobs_ += static_cast<int64_t>(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->status = i < results.size() ? results[i]
                                            : absl::InternalError("batch runner lost a result");
      batch[i]->done = true;
    }
  }
}

int64_t GroupCommitter::batches() const {
  absl::MutexLock lock(&mu_);
  return batches_;
}

int64_t GroupCommitter::jobs() const {
  absl::MutexLock lock(&mu_);
  return jobs_;
}

}  // namespace parley::store
