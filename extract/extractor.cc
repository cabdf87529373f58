#include "parley/extract/extractor.h"

#include "calls.h"
#include "dates.h"
#include "lexicon.h"
#include "mentions.h"
#include "quotes.h"
#include "sanctions.h"
#include "segmenter.h"
#include "text_normalizer.h"
#include "topics.h"

namespace parley::extract {
namespace {

// A huge article must not pin its buffers to the thread for good.
void ReleaseIfLarge(Document* doc) {
  constexpr size_t kKeepTokens = 1 << 16;  // About 300 KB of text.
  if (doc->tokens.capacity() > kKeepTokens) *doc = Document();
}

class ExtractorImpl : public Extractor {
 public:
  explicit ExtractorImpl(const actors::KnowledgeBase* kb) : kb_(kb) {}

  absl::StatusOr<Extraction> Extract(std::string_view text, const ArticleMeta& meta) const override {
    Extraction x;
    // One Document per thread, its buffers reused from article to article.
    thread_local Document doc;
    SegmentInto(NormalizeText(text), &doc);
    x.published = meta.published ? meta.published : FindPublishedDate(doc);
    x.source = meta.source;
    Mentions mentions(*kb_, doc, x.published);
    x.calls = ExtractCalls(doc, mentions, x.published);
    for (Call& c : x.calls) c.topics = FindTopics(c.provenance.evidence);
    x.quotes = ExtractQuotes(doc, mentions);
    x.sanctions = ExtractSanctions(doc, mentions);
    ReleaseIfLarge(&doc);
    return x;
  }

 private:
  const actors::KnowledgeBase* kb_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(const actors::KnowledgeBase* kb) {
  if (kb == nullptr) return absl::InvalidArgumentError("kb: must not be null");
  if (absl::Status s = lexicon::Check(); !s.ok()) return s;
  return std::unique_ptr<Extractor>(new ExtractorImpl(kb));
}

}  // namespace parley::extract
