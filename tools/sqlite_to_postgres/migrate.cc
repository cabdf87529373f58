#include "migrate.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "parley/common/status_macros.h"

namespace parley::tools {
namespace {

using store::PageRequest;

constexpr int kPageSize = 1000;
constexpr size_t kActorsPerWrite = 500;

// Every item of a List*() call, page after page.
template <typename T, typename ListFn>
absl::StatusOr<std::vector<T>> ListAll(ListFn list) {
  std::vector<T> out;
  PageRequest page{kPageSize, ""};
  do {
    PARLEY_ASSIGN_OR_RETURN(store::Page<T> got, list(page));
    for (T& item : got.items) out.push_back(std::move(item));
    page.page_token = got.next_page_token;
  } while (!page.page_token.empty());
  return out;
}

// The article's events as the engine reported them: a merged call once per
// mention in this article, with that mention's provenance, in text order.
absl::StatusOr<extract::Extraction> EventsOf(store::Store& from, const store::StoredArticle& a) {
  extract::Extraction e;
  e.published = a.input.published;
  e.source = a.input.source;
  store::CallFilter calls;
  calls.article_id = a.id;
  PARLEY_ASSIGN_OR_RETURN(auto stored_calls, ListAll<store::StoredCall>([&](const PageRequest& p) {
                            return from.ListCalls(calls, p);
                          }));
  for (const store::StoredCall& c : stored_calls) {
    for (const store::StoredCall::Mention& m : c.mentions) {
      if (m.article_id != a.id) continue;
      extract::Call call = c.call;
      call.provenance = m.provenance;
      e.calls.push_back(std::move(call));
    }
  }
  std::stable_sort(e.calls.begin(), e.calls.end(), [](const auto& x, const auto& y) {
    return x.provenance.begin < y.provenance.begin;
  });
  store::QuoteFilter quotes;
  quotes.article_id = a.id;
  PARLEY_ASSIGN_OR_RETURN(auto stored_quotes, ListAll<store::StoredQuote>([&](const PageRequest& p) {
                            return from.ListQuotes(quotes, p);
                          }));
  for (store::StoredQuote& q : stored_quotes) e.quotes.push_back(std::move(q.quote));
  store::SanctionFilter sanctions;
  sanctions.article_id = a.id;
  PARLEY_ASSIGN_OR_RETURN(auto stored_sanctions,
                          ListAll<store::StoredSanction>([&](const PageRequest& p) {
                            return from.ListSanctions(sanctions, p);
                          }));
  for (store::StoredSanction& s : stored_sanctions) e.sanctions.push_back(std::move(s.sanction));
  return e;
}

absl::Status CopyActors(store::Store& from, store::Store& to, MigrateStats* stats) {
  PARLEY_ASSIGN_OR_RETURN(auto actors, ListAll<store::StoredActor>([&](const PageRequest& p) {
                            return from.ListActors({}, p);
                          }));
  for (size_t i = 0; i < actors.size(); i += kActorsPerWrite) {
    std::vector<store::StoredActor> chunk(
        actors.begin() + i, actors.begin() + std::min(actors.size(), i + kActorsPerWrite));
    PARLEY_RETURN_IF_ERROR(to.UpsertActors(chunk));
    stats->actors += static_cast<int64_t>(chunk.size());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MigrateStats> MigrateStore(store::Store& from, store::Store& to,
                                          const MigrateProgress& progress) {
  MigrateStats stats;
  // Actors first: the knowledge base's aliases and office terms, which
  // events alone would not recreate.
  PARLEY_RETURN_IF_ERROR(CopyActors(from, to, &stats));
  PageRequest page{kPageSize, ""};
  do {
    PARLEY_ASSIGN_OR_RETURN(store::Page<store::StoredArticle> listed,
                            from.ListArticles({}, page));
    for (const store::StoredArticle& summary : listed.items) {
      PARLEY_ASSIGN_OR_RETURN(store::StoredArticle article, from.GetArticle(summary.id));
      PARLEY_ASSIGN_OR_RETURN(extract::Extraction events, EventsOf(from, article));
      PARLEY_ASSIGN_OR_RETURN(store::IngestResult r, to.Ingest(article.input, events));
      ++stats.articles;
      ++(r.duplicate ? stats.duplicates : stats.copied);
      if (progress) progress(stats);
    }
    page.page_token = listed.next_page_token;
  } while (!page.page_token.empty());
  return stats;
}

}  // namespace parley::tools
