#include "store/filter_fingerprint.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace parley::store {
namespace {

// Length-prefixed, so ("ab","c") and ("a","bc") differ.
class Writer {
 public:
  explicit Writer(absl::string_view kind) { Add(kind); }
  Writer& Add(absl::string_view s) {
    absl::StrAppend(&out_, s.size(), ":");
    absl::StrAppend(&out_, s, ";");
    return *this;
  }
  Writer& Add(int64_t v) { return Add(absl::StrCat(v)); }
  Writer& Add(bool v) { return Add(absl::string_view(v ? "1" : "0")); }
  template <typename E>
  Writer& Add(const std::optional<E>& e) {
    return Add(e.has_value() ? absl::StrCat(static_cast<int>(*e)) : "-");
  }
  Writer& Add(const DateRange& d) {
    Add(d.start.has_value() ? absl::FormatCivilTime(*d.start) : "-");
    return Add(d.end.has_value() ? absl::FormatCivilTime(*d.end) : "-");
  }
  std::string Done() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string Fingerprint(const CallFilter& f) {
  return Writer("calls").Add(f.participant).Add(f.participant_id).Add(f.country).Add(f.topic)
      .Add(f.medium).Add(f.dates).Add(f.article_id).Done();
}

std::string Fingerprint(const QuoteFilter& f) {
  return Writer("quotes").Add(f.speaker).Add(f.speaker_id).Add(f.country).Add(f.text_query)
      .Add(f.dates).Add(f.direct_only).Add(f.article_id).Done();
}

std::string Fingerprint(const SanctionFilter& f) {
  return Writer("sanctions").Add(f.imposer).Add(f.target).Add(f.item).Add(f.measure)
      .Add(f.status).Add(f.dates).Add(f.article_id).Done();
}

std::string Fingerprint(const ActorFilter& f) {
  return Writer("actors").Add(f.name_prefix).Add(f.country).Add(f.office).Add(f.kind)
      .Add(f.with_events_only).Done();
}

std::string Fingerprint(const ArticleFilter& f) {
  return Writer("articles").Add(f.source).Add(f.external_id).Add(f.dates).Done();
}

}  // namespace parley::store
