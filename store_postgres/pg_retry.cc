#include "pg_retry.h"

#include <chrono>
#include <thread>

namespace parley::store::pg {

void RetryBackoff(int attempt) {
  // 20, 40, 80 ms: long enough for a competing transaction to finish, short
  // enough to stay far below any client deadline.
  std::this_thread::sleep_for(std::chrono::milliseconds(20 << (attempt - 1)));
}

}  // namespace parley::store::pg
