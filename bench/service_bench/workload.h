// What the populator writes and the query benchmark asks for, drawn from the
// same pools so queries hit the data: office holders (leaders) with a
// Zipf-like skew, countries, institutions, and the dev corpus's word stream.
#ifndef PARLEY_BENCH_SERVICE_BENCH_WORKLOAD_H_
#define PARLEY_BENCH_SERVICE_BENCH_WORKLOAD_H_

#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "parley/actors/knowledge_base.h"

namespace parley::bench {

// Generated events are dated uniformly over these days.
inline const absl::CivilDay kFirstDay(2010, 1, 1);
inline constexpr int kDays = 16 * 365;

struct Pools {
  const actors::KnowledgeBase* kb = nullptr;
  std::vector<const actors::Person*> leaders;  // People who held an office, in a fixed shuffle.
  std::vector<double> leader_weights;          // 1/(rank+3): a few leaders dominate.
  std::vector<const actors::Country*> countries;
  std::vector<const actors::Institution*> institutions;  // Not news outlets.
  std::vector<std::string> words;              // Words of the dev corpus, in text order.
};

Pools MakePools(const actors::KnowledgeBase& kb, const std::string& corpus_dir);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_SERVICE_BENCH_WORKLOAD_H_
