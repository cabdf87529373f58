// The extraction engine: one article's raw text in, its events out.
//
// Thread-safe: one Extractor, built once over a loaded knowledge base, serves
// concurrent Extract() calls. Linear time in the input; never throws; any
// byte string is acceptable input (invalid UTF-8 is replaced, not rejected:
// rejecting is the services' policy, not the engine's).
#ifndef PARLEY_EXTRACT_EXTRACTOR_H_
#define PARLEY_EXTRACT_EXTRACTOR_H_

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "parley/actors/knowledge_base.h"
#include "parley/extract/events.h"

namespace parley::extract {

class Extractor {
 public:
  // `kb` must outlive the Extractor.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(const actors::KnowledgeBase* kb);
  virtual ~Extractor() = default;

  virtual absl::StatusOr<Extraction> Extract(std::string_view text,
                                             const ArticleMeta& meta) const = 0;
};

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_EXTRACTOR_H_
