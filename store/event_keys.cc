#include "store/event_keys.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "store/enum_names.h"
#include "store/fold_case.h"

namespace parley::store {
namespace {

// Folded words joined by '-'; bytes >= 0x80 (non-ASCII letters) kept.
std::string Slug(absl::string_view name) {
  std::string folded = FoldCase(name), slug;
  for (char c : folded) {
    bool keep = absl::ascii_isalnum(c) || static_cast<unsigned char>(c) >= 0x80;
    if (keep) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

// ISO text, not the backend's date type: the key must be byte-identical in
// every store, or a migrated database would stop merging calls.
std::string KeyDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace

std::string ActorKey(const extract::ActorRef& ref) {
  if (!ref.actor_id.empty()) return ref.actor_id;
  if (ref.name.empty()) return "";
  return "unresolved/" + Slug(ref.name);
}

const std::string& ActorRowName(const extract::ActorRef& ref) {
  return ref.name.empty() ? ref.actor_id : ref.name;
}

std::string CallKey(const extract::Call& call) {
  std::vector<std::string> keys;
  for (const extract::ActorRef& p : call.participants) {
    keys.push_back(p.actor_id.empty() ? FoldCase(p.name) : p.actor_id);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return absl::StrCat(absl::StrJoin(keys, "\x1f"), "\x1e",
                      call.date ? KeyDay(*call.date) : "undated", "\x1e", NameOf(call.medium));
}

std::string ArticleTitle(absl::string_view text) {
  for (absl::string_view rest = text; !rest.empty();) {
    size_t nl = rest.find('\n');
    absl::string_view line = absl::StripAsciiWhitespace(rest.substr(0, nl));
    rest = nl == absl::string_view::npos ? absl::string_view() : rest.substr(nl + 1);
    if (line.empty()) continue;
    if (line.size() <= kMaxTitleBytes) return std::string(line);
    size_t cut = kMaxTitleBytes;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return std::string(line.substr(0, cut));
  }
  return "";
}

std::optional<absl::CivilDay> EffectivePublished(const ArticleInput& article,
                                                 const extract::Extraction& events) {
  return article.published.has_value() ? article.published : events.published;
}

const std::string& EffectiveSource(const ArticleInput& article,
                                   const extract::Extraction& events) {
  return article.source.empty() ? events.source : article.source;
}

absl::string_view EventTypeName(SequencedEvent::Type type) {
  switch (type) {
    case SequencedEvent::Type::kCall: return "call";
    case SequencedEvent::Type::kQuote: return "quote";
    case SequencedEvent::Type::kSanction: return "sanction";
  }
  return "call";
}

SequencedEvent::Type EventTypeFromName(absl::string_view name) {
  if (name == "quote") return SequencedEvent::Type::kQuote;
  if (name == "sanction") return SequencedEvent::Type::kSanction;
  return SequencedEvent::Type::kCall;
}

}  // namespace parley::store
