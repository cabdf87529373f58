// The read pool hands out at most max_leased connections and reuses them.
#include "store/connection_pool.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace parley::store::sqlite {
namespace {

namespace fs = std::filesystem;

std::string FreshDatabase() {
  fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_pool_", getpid());
  fs::create_directories(dir);
  std::string path = (dir / "pool.db").string();
  fs::remove(path);
  absl::StatusOr<std::unique_ptr<Connection>> db =
      Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_TRUE(db.ok()) << db.status();
  EXPECT_TRUE((*db)->Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").ok());
  return path;
}

TEST(ConnectionPoolTest, ReturnedConnectionIsReused) {
  ConnectionPool pool(FreshDatabase(), SQLITE_OPEN_READONLY, /*max_leased=*/2);
  Connection* first = nullptr;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    first = &**lease;
  }
  absl::StatusOr<ConnectionPool::Lease> again = pool.Acquire();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(&**again, first);
}

TEST(ConnectionPoolTest, AcquireWaitsWhileAllLeasesAreOut) {
  ConnectionPool pool(FreshDatabase(), SQLITE_OPEN_READONLY, /*max_leased=*/2);
  std::optional<ConnectionPool::Lease> a, b;
  {
    absl::StatusOr<ConnectionPool::Lease> x = pool.Acquire(), y = pool.Acquire();
    ASSERT_TRUE(x.ok() && y.ok());
    a.emplace(std::move(*x));
    b.emplace(std::move(*y));
  }
  std::atomic<bool> got_third{false};
  std::thread third([&] {
    absl::StatusOr<ConnectionPool::Lease> c = pool.Acquire();
    EXPECT_TRUE(c.ok()) << c.status();
    got_third = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got_third) << "a third read ran while both leases were out";
  a.reset();  // Returns one connection: the waiting read proceeds.
  third.join();
  EXPECT_TRUE(got_third);
}

TEST(ConnectionPoolTest, WaitingReadsGetConnectionsInTheOrderTheyAsked) {
  ConnectionPool pool(FreshDatabase(), SQLITE_OPEN_READONLY, /*max_leased=*/1);
  std::optional<ConnectionPool::Lease> held;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    held.emplace(std::move(*lease));
  }
  constexpr int kReads = 6;
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> reads;
  for (int i = 0; i < kReads; ++i) {
    reads.emplace_back([&, i] {
      absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
      EXPECT_TRUE(lease.ok()) << lease.status();
      std::lock_guard<std::mutex> lock(mu);
      order.push_back(i);
    });
    // The next read starts only once this one waits.
    while (pool.waiting() < static_cast<size_t>(i + 1)) std::this_thread::yield();
  }
  held.reset();
  {
    // A read that asks now, already running, still queues behind them.
    absl::StatusOr<ConnectionPool::Lease> late = pool.Acquire();
    ASSERT_TRUE(late.ok()) << late.status();
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(kReads);
  }
  for (auto& read : reads) read.join();
  std::vector<int> expected(kReads + 1);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(order, expected);
  EXPECT_EQ(pool.waiting(), 0u);
}

TEST(ConnectionPoolTest, FailedOpenGivesBackItsSlot) {
  ConnectionPool pool((fs::path(testing::TempDir()) / "no_such_dir" / "x.db").string(),
                      SQLITE_OPEN_READONLY, /*max_leased=*/1);
  // With the slot leaked, the second call would wait forever.
  EXPECT_FALSE(pool.Acquire().ok());
  EXPECT_FALSE(pool.Acquire().ok());
}

}  // namespace
}  // namespace parley::store::sqlite
