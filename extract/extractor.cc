#include "parley/extract/extractor.h"

#include "calls.h"
#include "dates.h"
#include "mentions.h"
#include "quotes.h"
#include "sanctions.h"
#include "segmenter.h"
#include "text_normalizer.h"
#include "topics.h"

namespace parley::extract {
namespace {

class ExtractorImpl : public Extractor {
 public:
  explicit ExtractorImpl(const actors::KnowledgeBase* kb) : kb_(kb) {}

  absl::StatusOr<Extraction> Extract(std::string_view text, const ArticleMeta& meta) const override {
    Extraction x;
    Document doc = Segment(NormalizeText(text));
    x.published = meta.published ? meta.published : FindPublishedDate(doc);
    x.source = meta.source;
    Mentions mentions(*kb_, doc, x.published);
    x.calls = ExtractCalls(doc, mentions, x.published);
    for (Call& c : x.calls) c.topics = FindTopics(c.provenance.evidence);
    x.quotes = ExtractQuotes(doc, mentions);
    x.sanctions = ExtractSanctions(doc, mentions);
    return x;
  }

 private:
  const actors::KnowledgeBase* kb_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(const actors::KnowledgeBase* kb) {
  if (kb == nullptr) return absl::InvalidArgumentError("kb: must not be null");
  return std::unique_ptr<Extractor>(new ExtractorImpl(kb));
}

}  // namespace parley::extract
