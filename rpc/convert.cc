#include "parley/rpc/convert.h"

#include <algorithm>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "parley/common/status_macros.h"

namespace parley::rpc {

v1::Date DateToProto(absl::CivilDay day) {
  v1::Date out;
  out.set_year(static_cast<int32_t>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

absl::StatusOr<absl::CivilDay> DateFromProto(const v1::Date& date, absl::string_view field) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": invalid date ", date.year(), "-",
                                                   date.month(), "-", date.day(), " (", why,
                                                   ")"));
  };
  if (date.year() < 1 || date.year() > 9999) return bad("year must be 1..9999");
  if (date.month() < 1 || date.month() > 12) return bad("month must be 1..12");
  if (date.day() < 1 || date.day() > 31) return bad("day must be 1..31");
  // CivilDay normalises Feb 30 to Mar 2: a changed day means it did not exist.
  absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.month() != date.month() || day.day() != date.day()) {
    return bad("no such day in that month");
  }
  return day;
}

void SetOptionalDate(const std::optional<absl::CivilDay>& day, v1::Date* out) {
  if (day.has_value()) {
    *out = DateToProto(*day);
  } else {
    out->Clear();
  }
}

// Setting an optional date on a message field: only when present, so that
// an absent date stays an unset message (has_date() == false).
#define PARLEY_SET_DATE(msg, field, opt) \
  do {                                   \
    if ((opt).has_value()) *(msg).mutable_##field() = DateToProto(*(opt)); \
  } while (0)

v1::Medium MediumToProto(extract::Medium m) {
  switch (m) {
    case extract::Medium::kPhone: return v1::MEDIUM_PHONE;
    case extract::Medium::kVideo: return v1::MEDIUM_VIDEO;
  }
  return v1::MEDIUM_UNSPECIFIED;
}

std::optional<extract::Medium> MediumFromProto(v1::Medium m) {
  switch (m) {
    case v1::MEDIUM_PHONE: return extract::Medium::kPhone;
    case v1::MEDIUM_VIDEO: return extract::Medium::kVideo;
    default: return std::nullopt;
  }
}

// Measures are listed in the same order in events.h and resources.proto,
// with the proto numbering from 1.
v1::Measure MeasureToProto(extract::Measure m) {
  return static_cast<v1::Measure>(static_cast<int>(m) + 1);
}

std::optional<extract::Measure> MeasureFromProto(v1::Measure m) {
  int n = static_cast<int>(m);
  if (n < v1::MEASURE_EXPORT_BAN || n > v1::MEASURE_OTHER) return std::nullopt;
  return static_cast<extract::Measure>(n - 1);
}

v1::SanctionStatus SanctionStatusToProto(extract::SanctionStatus s) {
  switch (s) {
    case extract::SanctionStatus::kImposed: return v1::SANCTION_STATUS_IMPOSED;
    case extract::SanctionStatus::kThreatened: return v1::SANCTION_STATUS_THREATENED;
    case extract::SanctionStatus::kLifted: return v1::SANCTION_STATUS_LIFTED;
    case extract::SanctionStatus::kProposed: return v1::SANCTION_STATUS_PROPOSED;
  }
  return v1::SANCTION_STATUS_UNSPECIFIED;
}

std::optional<extract::SanctionStatus> SanctionStatusFromProto(v1::SanctionStatus s) {
  switch (s) {
    case v1::SANCTION_STATUS_IMPOSED: return extract::SanctionStatus::kImposed;
    case v1::SANCTION_STATUS_THREATENED: return extract::SanctionStatus::kThreatened;
    case v1::SANCTION_STATUS_LIFTED: return extract::SanctionStatus::kLifted;
    case v1::SANCTION_STATUS_PROPOSED: return extract::SanctionStatus::kProposed;
    default: return std::nullopt;
  }
}

v1::ActorKind ActorKindToProto(extract::ActorKind k) {
  switch (k) {
    case extract::ActorKind::kUnknown: return v1::ACTOR_KIND_UNSPECIFIED;
    case extract::ActorKind::kPerson: return v1::ACTOR_KIND_PERSON;
    case extract::ActorKind::kCountry: return v1::ACTOR_KIND_COUNTRY;
    case extract::ActorKind::kInstitution: return v1::ACTOR_KIND_INSTITUTION;
    case extract::ActorKind::kNewsOutlet: return v1::ACTOR_KIND_NEWS_OUTLET;
  }
  return v1::ACTOR_KIND_UNSPECIFIED;
}

std::optional<extract::ActorKind> ActorKindFromProto(v1::ActorKind k) {
  switch (k) {
    case v1::ACTOR_KIND_PERSON: return extract::ActorKind::kPerson;
    case v1::ACTOR_KIND_COUNTRY: return extract::ActorKind::kCountry;
    case v1::ACTOR_KIND_INSTITUTION: return extract::ActorKind::kInstitution;
    case v1::ACTOR_KIND_NEWS_OUTLET: return extract::ActorKind::kNewsOutlet;
    default: return std::nullopt;
  }
}

v1::ActorRef ActorRefToProto(const extract::ActorRef& ref) {
  v1::ActorRef out;
  out.set_actor_id(ref.actor_id);
  out.set_name(ref.name);
  out.set_kind(ActorKindToProto(ref.kind));
  out.set_country(ref.country);
  out.set_office(ref.office);
  return out;
}

extract::ActorRef ActorRefFromProto(const v1::ActorRef& ref) {
  extract::ActorRef out;
  out.actor_id = ref.actor_id();
  out.name = ref.name();
  out.kind = ActorKindFromProto(ref.kind()).value_or(extract::ActorKind::kUnknown);
  out.country = ref.country();
  out.office = ref.office();
  return out;
}

static int32_t ClampOffset(size_t offset) {
  return static_cast<int32_t>(
      std::min<size_t>(offset, static_cast<size_t>(std::numeric_limits<int32_t>::max())));
}

v1::Provenance ProvenanceToProto(int64_t article_id, const extract::Provenance& p) {
  v1::Provenance out;
  out.set_article_id(article_id);
  out.set_sentence_begin(ClampOffset(p.begin));
  out.set_sentence_end(ClampOffset(p.end));
  out.set_evidence(p.evidence);
  return out;
}

static extract::Provenance ProvenanceFromProto(const v1::Provenance& p) {
  extract::Provenance out;
  out.begin = static_cast<size_t>(std::max(0, p.sentence_begin()));
  out.end = static_cast<size_t>(std::max(0, p.sentence_end()));
  out.evidence = p.evidence();
  return out;
}

// The call's own fields, shared by stored and freshly extracted calls.
static v1::Call CallBodyToProto(const extract::Call& call) {
  v1::Call out;
  for (const auto& p : call.participants) *out.add_participants() = ActorRefToProto(p);
  PARLEY_SET_DATE(out, date, call.date);
  out.set_medium(MediumToProto(call.medium));
  for (const auto& t : call.topics) out.add_topics(t);
  return out;
}

v1::Call CallToProto(const store::StoredCall& call) {
  v1::Call out = CallBodyToProto(call.call);
  out.set_id(call.id);
  for (const auto& m : call.mentions) {
    *out.add_mentions() = ProvenanceToProto(m.article_id, m.provenance);
  }
  if (call.mentions.empty()) *out.add_mentions() = ProvenanceToProto(0, call.call.provenance);
  return out;
}

static v1::Quote QuoteBodyToProto(const extract::Quote& q, int64_t id, int64_t article_id,
                                  const std::optional<absl::CivilDay>& date) {
  v1::Quote out;
  out.set_id(id);
  *out.mutable_speaker() = ActorRefToProto(q.speaker);
  out.set_text(q.text);
  out.set_direct(q.direct);
  PARLEY_SET_DATE(out, date, date);
  *out.mutable_provenance() = ProvenanceToProto(article_id, q.provenance);
  return out;
}

v1::Quote QuoteToProto(const store::StoredQuote& quote) {
  return QuoteBodyToProto(quote.quote, quote.id, quote.article_id, quote.date);
}

static v1::Sanction SanctionBodyToProto(const extract::Sanction& s, int64_t id,
                                        int64_t article_id,
                                        const std::optional<absl::CivilDay>& date) {
  v1::Sanction out;
  out.set_id(id);
  *out.mutable_imposer() = ActorRefToProto(s.imposer);
  *out.mutable_target() = ActorRefToProto(s.target);
  out.set_measure(MeasureToProto(s.measure));
  for (const auto& item : s.items) out.add_items(item);
  out.set_status(SanctionStatusToProto(s.status));
  PARLEY_SET_DATE(out, date, date);
  *out.mutable_provenance() = ProvenanceToProto(article_id, s.provenance);
  return out;
}

v1::Sanction SanctionToProto(const store::StoredSanction& sanction) {
  return SanctionBodyToProto(sanction.sanction, sanction.id, sanction.article_id, sanction.date);
}

v1::Article ArticleToProto(const store::StoredArticle& article) {
  v1::Article out;
  out.set_id(article.id);
  out.set_external_id(article.input.external_id);
  out.set_source(article.input.source);
  out.set_url(article.input.url);
  PARLEY_SET_DATE(out, published, article.input.published);
  const int64_t nanos = absl::ToUnixNanos(article.ingest_time);
  // Floor division so that times before 1970 keep nanos in [0, 1e9).
  int64_t seconds = nanos / 1000000000;
  int64_t rest = nanos % 1000000000;
  if (rest < 0) {
    rest += 1000000000;
    --seconds;
  }
  out.mutable_ingest_time()->set_seconds(seconds);
  out.mutable_ingest_time()->set_nanos(static_cast<int32_t>(rest));
  out.set_content_sha256(article.content_sha256);
  out.set_size_bytes(article.size_bytes);
  out.set_title(article.title);
  out.set_text(article.input.text);
  out.set_call_count(article.call_count);
  out.set_quote_count(article.quote_count);
  out.set_sanction_count(article.sanction_count);
  return out;
}

v1::Actor ActorToProto(const store::StoredActor& actor) {
  v1::Actor out;
  out.set_id(actor.id);
  out.set_name(actor.name);
  out.set_kind(ActorKindToProto(actor.kind));
  out.set_country(actor.country);
  for (const auto& term : actor.offices) {
    v1::OfficeTerm* t = out.add_offices();
    t->set_office(term.office);
    t->set_country(term.country);
    PARLEY_SET_DATE(*t, start, term.start);
    PARLEY_SET_DATE(*t, end, term.end);
  }
  out.set_call_count(actor.call_count);
  out.set_quote_count(actor.quote_count);
  out.set_sanctions_imposed_count(actor.sanctions_imposed_count);
  out.set_sanctions_targeted_count(actor.sanctions_targeted_count);
  for (const auto& alias : actor.aliases) out.add_aliases(alias);
  return out;
}

// ids->x_ids[i], or 0 when there are no ids or fewer than expected.
static int64_t IdAt(const std::vector<int64_t>* ids, size_t i) {
  return ids != nullptr && i < ids->size() ? (*ids)[i] : 0;
}

v1::Events EventsToProto(const extract::Extraction& extraction, int64_t article_id,
                         const store::IngestResult* ids) {
  v1::Events out;
  for (size_t i = 0; i < extraction.calls.size(); ++i) {
    const extract::Call& call = extraction.calls[i];
    v1::Call* c = out.add_calls();
    *c = CallBodyToProto(call);
    c->set_id(IdAt(ids ? &ids->call_ids : nullptr, i));
    *c->add_mentions() = ProvenanceToProto(article_id, call.provenance);
  }
  for (size_t i = 0; i < extraction.quotes.size(); ++i) {
    *out.add_quotes() = QuoteBodyToProto(extraction.quotes[i],
                                         IdAt(ids ? &ids->quote_ids : nullptr, i), article_id,
                                         extraction.published);
  }
  for (size_t i = 0; i < extraction.sanctions.size(); ++i) {
    *out.add_sanctions() = SanctionBodyToProto(
        extraction.sanctions[i], IdAt(ids ? &ids->sanction_ids : nullptr, i), article_id,
        extraction.published);
  }
  return out;
}

absl::StatusOr<extract::Call> CallFromProto(const v1::Call& call, int64_t article_id) {
  extract::Call out;
  for (const auto& p : call.participants()) out.participants.push_back(ActorRefFromProto(p));
  if (call.has_date()) {
    PARLEY_ASSIGN_OR_RETURN(out.date, DateFromProto(call.date(), "call.date"));
  }
  out.medium = MediumFromProto(call.medium()).value_or(extract::Medium::kPhone);
  out.topics.assign(call.topics().begin(), call.topics().end());
  const v1::Provenance* chosen = nullptr;
  for (const auto& m : call.mentions()) {
    if (article_id != 0 && m.article_id() == article_id) {
      chosen = &m;
      break;
    }
  }
  if (chosen == nullptr && call.mentions_size() > 0) chosen = &call.mentions(0);
  if (chosen != nullptr) out.provenance = ProvenanceFromProto(*chosen);
  return out;
}

extract::Quote QuoteFromProto(const v1::Quote& quote) {
  extract::Quote out;
  out.speaker = ActorRefFromProto(quote.speaker());
  out.text = quote.text();
  out.direct = quote.direct();
  out.provenance = ProvenanceFromProto(quote.provenance());
  return out;
}

extract::Sanction SanctionFromProto(const v1::Sanction& sanction) {
  extract::Sanction out;
  out.imposer = ActorRefFromProto(sanction.imposer());
  out.target = ActorRefFromProto(sanction.target());
  out.measure = MeasureFromProto(sanction.measure()).value_or(extract::Measure::kOther);
  out.items.assign(sanction.items().begin(), sanction.items().end());
  out.status =
      SanctionStatusFromProto(sanction.status()).value_or(extract::SanctionStatus::kImposed);
  out.provenance = ProvenanceFromProto(sanction.provenance());
  return out;
}

absl::StatusOr<store::ArticleInput> ArticleInputFromProto(const v1::ArticleInput& in) {
  store::ArticleInput out;
  out.text = in.text();
  out.source = in.source();
  out.url = in.url();
  out.external_id = in.external_id();
  if (in.has_published()) {
    PARLEY_ASSIGN_OR_RETURN(out.published, DateFromProto(in.published(), "article.published"));
  }
  return out;
}

extract::ArticleMeta MetaFromInput(const store::ArticleInput& in) {
  extract::ArticleMeta meta;
  meta.published = in.published;
  meta.source = in.source;
  meta.url = in.url;
  return meta;
}

}  // namespace parley::rpc
