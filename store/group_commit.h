// Group commit: many threads hand writes to one writer thread, which runs
// everything pending (up to max_batch) as one transaction and then hands
// each write its own result. With synchronous=FULL every commit costs an
// fsync; batching spreads that cost over the batch.
//
// The committer knows nothing of SQL: the store supplies a BatchRunner that
// opens the transaction, runs each job and commits, keeping a failed job's
// effects out of the others'.
#ifndef PARLEY_STORE_GROUP_COMMIT_H_
#define PARLEY_STORE_GROUP_COMMIT_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace parley::store {

class GroupCommitter {
 public:
  // One write. Runs on the writer thread; its effects count only if the
  // runner reports OK for it. The runner may run a job more than once in a
  // batch (after rolling the first try back), so a job must not keep state
  // from an earlier try.
  using Job = std::function<absl::Status()>;
  // Told the job's final status once the transaction holding it has
  // committed (or failed).
  using Done = std::function<void(absl::Status)>;
  // Runs a batch in one transaction; returns one status per job, in order.
  using BatchRunner = std::function<std::vector<absl::Status>(const std::vector<Job*>&)>;

  GroupCommitter(int max_batch, BatchRunner runner);
  // Finishes the jobs already submitted, then stops the writer thread.
  ~GroupCommitter();

  // Blocks until the transaction holding `job` has committed (or failed).
  absl::Status Run(Job job);
  // Returns at once; `done` runs later on the writer thread, after the
  // commit, with no lock held. It must be quick (the next batch waits for
  // it) and must not call Run() (the writer would wait for itself). When
  // the committer is stopping, `done` runs at once with UNAVAILABLE.
  void RunAsync(Job job, Done done);

  // Transactions run so far, and jobs they held: batches() < jobs() shows
  // that batching happens.
  int64_t batches() const;
  int64_t jobs() const;

 private:
  struct Pending {
    Job job;
    Done done;
  };
  void WriterLoop();
  // Takes up to max_batch_ queued writes; empty once stopping and drained.
  std::vector<Pending> NextBatch();

  const int max_batch_;
  BatchRunner runner_;
  // std::mutex, not absl::Mutex: Debian's Abseil is not built with
  // -fsanitize=thread, so ThreadSanitizer could not see absl::Mutex and would
  // report false races on everything it guards.
  mutable std::mutex mu_;
  std::condition_variable work_ready_;  // queue_ non-empty or stopping_.
  std::deque<Pending> queue_;           // Guarded by mu_.
  bool stopping_ = false;               // Guarded by mu_.
  int64_t batches_ = 0;                 // Guarded by mu_.
  int64_t jobs_ = 0;                    // Guarded by mu_.
  std::thread writer_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_GROUP_COMMIT_H_
