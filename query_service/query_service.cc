#include "parley/query_service/query_service.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "parley/common/status_macros.h"
#include "parley/query_service/filters.h"
#include "parley/rpc/convert.h"
#include "parley/rpc/status.h"
#include "parley/rpc/validate.h"

namespace parley::query {
namespace {

// One List RPC: validated filter and page in, converted items and the next
// page token out. `list` is the store's List* method.
template <typename Filter, typename Item, typename Out>
absl::Status ListPage(store::Store* store, const absl::StatusOr<Filter>& filter,
                      int32_t page_size, const std::string& page_token,
                      absl::StatusOr<store::Page<Item>> (store::Store::*list)(
                          const Filter&, const store::PageRequest&),
                      Out (*convert)(const Item&),
                      google::protobuf::RepeatedPtrField<Out>* items, std::string* next_token) {
  PARLEY_RETURN_IF_ERROR(filter.status());
  PARLEY_ASSIGN_OR_RETURN(store::PageRequest page, rpc::PageFromRequest(page_size, page_token));
  PARLEY_ASSIGN_OR_RETURN(store::Page<Item> result, (store->*list)(*filter, page));
  items->Reserve(static_cast<int>(result.items.size()));
  for (const Item& item : result.items) *items->Add() = convert(item);
  *next_token = std::move(result.next_page_token);
  return absl::OkStatus();
}

// One Get RPC by numeric id.
template <typename Item, typename Out>
absl::Status GetById(int64_t id, absl::StatusOr<Item> (store::Store::*get)(int64_t),
                     store::Store* store, Out (*convert)(const Item&), Out* out) {
  PARLEY_RETURN_IF_ERROR(rpc::ValidateId(id, "id"));
  PARLEY_ASSIGN_OR_RETURN(Item item, (store->*get)(id));
  *out = convert(item);
  return absl::OkStatus();
}

}  // namespace

QueryServiceImpl::QueryServiceImpl(store::Store* store, Options options)
    : store_(store), options_(options) {}

// gRPC's synchronous server runs the handler of a call the token check
// already rejected (token_auth.h), so the token is checked again here, and a
// rejected caller costs no store read. ServerContext::IsCancelled() would
// cover that too, but it polls the call's completion queue: an epoll_wait
// per call, 5.5% of this server's CPU answering quotes at 1 or 16 in flight
// (bench/README.md, "Stop 21"). The metadata and the clock cost nothing; a
// call whose client left before its deadline runs for nobody.
grpc::Status QueryServiceImpl::Admit(const grpc::ServerContext& context) const {
  if (options_.token != nullptr) {
    if (grpc::Status s = options_.token->Check(context); !s.ok()) return s;
  }
  if (context.deadline() <= std::chrono::system_clock::now()) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "the call's deadline passed before the query ran");
  }
  return grpc::Status::OK;
}

void QueryServiceImpl::Stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopped_ = true;
  }
  stop_cv_.notify_all();
}

bool QueryServiceImpl::Stopped() {
  std::lock_guard<std::mutex> lock(stop_mu_);
  return stopped_;
}

void QueryServiceImpl::WaitForStop(absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(stop_mu_);
  stop_cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout), [this] { return stopped_; });
}

grpc::Status QueryServiceImpl::ListCalls(grpc::ServerContext* context,
                                         const v1::ListCallsRequest* r,
                                         v1::ListCallsResponse* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(ListPage(store_, CallFilterFrom(*r), r->page_size(), r->page_token(),
                                    &store::Store::ListCalls, &rpc::CallToProto,
                                    out->mutable_calls(), out->mutable_next_page_token()));
}

grpc::Status QueryServiceImpl::GetCall(grpc::ServerContext* context, const v1::GetCallRequest* r,
                                       v1::Call* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(
      GetById(r->id(), &store::Store::GetCall, store_, &rpc::CallToProto, out));
}

grpc::Status QueryServiceImpl::ListQuotes(grpc::ServerContext* context,
                                          const v1::ListQuotesRequest* r,
                                          v1::ListQuotesResponse* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(ListPage(store_, QuoteFilterFrom(*r), r->page_size(), r->page_token(),
                                    &store::Store::ListQuotes, &rpc::QuoteToProto,
                                    out->mutable_quotes(), out->mutable_next_page_token()));
}

grpc::Status QueryServiceImpl::GetQuote(grpc::ServerContext* context, const v1::GetQuoteRequest* r,
                                        v1::Quote* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(
      GetById(r->id(), &store::Store::GetQuote, store_, &rpc::QuoteToProto, out));
}

grpc::Status QueryServiceImpl::ListSanctions(grpc::ServerContext* context,
                                             const v1::ListSanctionsRequest* r,
                                             v1::ListSanctionsResponse* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(ListPage(store_, SanctionFilterFrom(*r), r->page_size(), r->page_token(),
                                    &store::Store::ListSanctions, &rpc::SanctionToProto,
                                    out->mutable_sanctions(), out->mutable_next_page_token()));
}

grpc::Status QueryServiceImpl::GetSanction(grpc::ServerContext* context,
                                           const v1::GetSanctionRequest* r, v1::Sanction* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(
      GetById(r->id(), &store::Store::GetSanction, store_, &rpc::SanctionToProto, out));
}

grpc::Status QueryServiceImpl::ListActors(grpc::ServerContext* context,
                                          const v1::ListActorsRequest* r,
                                          v1::ListActorsResponse* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(ListPage(store_, ActorFilterFrom(*r), r->page_size(), r->page_token(),
                                    &store::Store::ListActors, &rpc::ActorToProto,
                                    out->mutable_actors(), out->mutable_next_page_token()));
}

grpc::Status QueryServiceImpl::GetActor(grpc::ServerContext* context, const v1::GetActorRequest* r,
                                        v1::Actor* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  if (r->id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "id: required (an actor id such as \"person/xi-jinping\")");
  }
  absl::StatusOr<store::StoredActor> actor = store_->GetActor(r->id());
  if (!actor.ok()) return rpc::ToGrpcStatus(actor.status());
  *out = rpc::ActorToProto(*actor);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::ListArticles(grpc::ServerContext* context,
                                            const v1::ListArticlesRequest* r,
                                            v1::ListArticlesResponse* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(ListPage(store_, ArticleFilterFrom(*r), r->page_size(), r->page_token(),
                                    &store::Store::ListArticles, &rpc::ArticleToProto,
                                    out->mutable_articles(), out->mutable_next_page_token()));
}

grpc::Status QueryServiceImpl::GetArticle(grpc::ServerContext* context,
                                          const v1::GetArticleRequest* r, v1::Article* out) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  return rpc::ToGrpcStatus(
      GetById(r->id(), &store::Store::GetArticle, store_, &rpc::ArticleToProto, out));
}

absl::StatusOr<v1::WatchEventsResponse> QueryServiceImpl::Load(const store::SequencedEvent& event) {
  v1::WatchEventsResponse response;
  response.set_sequence(event.sequence);
  switch (event.type) {
    case store::SequencedEvent::Type::kCall: {
      PARLEY_ASSIGN_OR_RETURN(store::StoredCall call, store_->GetCall(event.id));
      *response.mutable_call() = rpc::CallToProto(call);
      break;
    }
    case store::SequencedEvent::Type::kQuote: {
      PARLEY_ASSIGN_OR_RETURN(store::StoredQuote quote, store_->GetQuote(event.id));
      *response.mutable_quote() = rpc::QuoteToProto(quote);
      break;
    }
    case store::SequencedEvent::Type::kSanction: {
      PARLEY_ASSIGN_OR_RETURN(store::StoredSanction sanction, store_->GetSanction(event.id));
      *response.mutable_sanction() = rpc::SanctionToProto(sanction);
      break;
    }
  }
  return response;
}

grpc::Status QueryServiceImpl::WatchEvents(grpc::ServerContext* context,
                                           const v1::WatchEventsRequest* request,
                                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) {
  if (grpc::Status s = Admit(*context); !s.ok()) return s;
  absl::StatusOr<EventTypes> types = EventTypesFrom(*request);
  if (!types.ok()) return rpc::ToGrpcStatus(types.status());
  int64_t after = request->after_sequence();
  if (after == 0) {
    absl::StatusOr<int64_t> last = store_->LastSequence();
    if (!last.ok()) return rpc::ToGrpcStatus(last.status());
    after = *last;
  }
  // Send the response headers now, so a client knows the stream is open
  // (and from which point it sees events) before the first event exists.
  writer->SendInitialMetadata();
  while (!context->IsCancelled() && !Stopped()) {
    absl::StatusOr<std::vector<store::SequencedEvent>> events =
        store_->EventsAfter(after, options_.watch_batch);
    if (!events.ok()) return rpc::ToGrpcStatus(events.status());
    for (const store::SequencedEvent& event : *events) {
      after = event.sequence;
      if (!types->Wants(event.type)) continue;
      absl::StatusOr<v1::WatchEventsResponse> response = Load(event);
      if (absl::IsNotFound(response.status())) continue;
      if (!response.ok()) return rpc::ToGrpcStatus(response.status());
      if (!writer->Write(*response)) return grpc::Status(grpc::StatusCode::CANCELLED, "client gone");
    }
    // A full batch means more may be waiting: read again at once.
    if (static_cast<int>(events->size()) < options_.watch_batch) {
      WaitForStop(options_.watch_poll_interval);
    }
  }
  return grpc::Status::OK;
}

}  // namespace parley::query
