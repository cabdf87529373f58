// `parley eval --ingest HOST:PORT --query HOST:PORT CORPUS_DIR OUT_DIR`: the
// extraction evaluated through the services. Ingests every ID.txt (with
// ID.meta.json) via the ingest service, then writes OUT_DIR/ID.json from the
// query service's answers only, in the eval format of `parley extract
// --eval-dir` (same function, extract::ToEvalJson), so the two outputs can
// be compared: any difference is a loss in the store or the services.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/service_commands.h"
#include "parley/common/status_macros.h"
#include "parley/extract/eval_json.h"
#include "parley/rpc/convert.h"
#include "parley/rpc/health_client.h"
#include "parley/rpc/status.h"
#include "parley/v1/query_service.grpc.pb.h"

namespace parley::cli {
namespace {

using Stub = v1::QueryService::Stub;

// Every item of a List RPC over all pages.
template <typename Request, typename Response, typename Item>
absl::Status ListAll(Stub* stub,
                     grpc::Status (Stub::*call)(grpc::ClientContext*, const Request&, Response*),
                     const google::protobuf::RepeatedPtrField<Item>& (Response::*items)() const,
                     Request request, std::vector<Item>* out) {
  request.set_page_size(1000);
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    Response response;
    PARLEY_RETURN_IF_ERROR(rpc::FromGrpcStatus((stub->*call)(&context, request, &response)));
    out->insert(out->end(), (response.*items)().begin(), (response.*items)().end());
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  }
}

// The stored article: by external id as the eval format names it, else by
// the id the ingest answered (a duplicate text keeps the first external id).
absl::StatusOr<v1::Article> FindArticle(Stub* stub, const std::string& external_id,
                                        int64_t article_id) {
  v1::ListArticlesRequest request;
  request.set_external_id(external_id);
  std::vector<v1::Article> found;
  PARLEY_RETURN_IF_ERROR(ListAll(stub, &Stub::ListArticles, &v1::ListArticlesResponse::articles,
                                 request, &found));
  if (!found.empty()) return found.front();
  grpc::ClientContext context;
  v1::GetArticleRequest get;
  get.set_id(article_id);
  v1::Article article;
  PARLEY_RETURN_IF_ERROR(rpc::FromGrpcStatus(stub->GetArticle(&context, get, &article)));
  return article;
}

// The article's events as the query service reports them, rebuilt as the
// engine's Extraction. Calls come by mention (a call first reported by
// another article still belongs here) and are ordered by their position in
// this article, as the engine orders them; quotes and sanctions by id, the
// order they were stored in.
absl::StatusOr<extract::Extraction> ExtractionFromQueries(Stub* stub, const v1::Article& article) {
  extract::Extraction extraction;
  if (article.has_published()) {
    PARLEY_ASSIGN_OR_RETURN(extraction.published,
                            rpc::DateFromProto(article.published(), "article.published"));
  }
  extraction.source = article.source();
  v1::ListCallsRequest calls_request;
  calls_request.set_article_id(article.id());
  std::vector<v1::Call> calls;
  PARLEY_RETURN_IF_ERROR(
      ListAll(stub, &Stub::ListCalls, &v1::ListCallsResponse::calls, calls_request, &calls));
  for (const v1::Call& call : calls) {
    PARLEY_ASSIGN_OR_RETURN(extract::Call c, rpc::CallFromProto(call, article.id()));
    extraction.calls.push_back(std::move(c));
  }
  std::stable_sort(extraction.calls.begin(), extraction.calls.end(),
                   [](const extract::Call& a, const extract::Call& b) {
                     return a.provenance.begin < b.provenance.begin;
                   });
  v1::ListQuotesRequest quotes_request;
  quotes_request.set_article_id(article.id());
  std::vector<v1::Quote> quotes;
  PARLEY_RETURN_IF_ERROR(
      ListAll(stub, &Stub::ListQuotes, &v1::ListQuotesResponse::quotes, quotes_request, &quotes));
  for (const v1::Quote& q : quotes) extraction.quotes.push_back(rpc::QuoteFromProto(q));
  v1::ListSanctionsRequest sanctions_request;
  sanctions_request.set_article_id(article.id());
  std::vector<v1::Sanction> sanctions;
  PARLEY_RETURN_IF_ERROR(ListAll(stub, &Stub::ListSanctions,
                                 &v1::ListSanctionsResponse::sanctions, sanctions_request,
                                 &sanctions));
  for (const v1::Sanction& s : sanctions) extraction.sanctions.push_back(rpc::SanctionFromProto(s));
  return extraction;
}

absl::Status WriteJson(const std::filesystem::path& path, const nlohmann::json& json) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << json.dump(2) << "\n";
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat(path.string(), ": cannot write"));
  return absl::OkStatus();
}

void RunEval(const std::string& ingest_addr, const std::string& query_addr,
             const std::string& corpus, const std::string& out_dir) {
  absl::StatusOr<std::vector<ArticleFile>> files = FindArticleFiles(corpus);
  if (!files.ok()) Fail("eval", files.status());
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) Fail("eval", absl::UnavailableError(absl::StrCat(out_dir, ": ", ec.message())));

  absl::StatusOr<std::vector<IngestOutcome>> outcomes =
      StreamIngest(Connect("eval", ingest_addr), *files, nullptr);
  if (!outcomes.ok()) Fail("eval", outcomes.status());
  auto stub = v1::QueryService::NewStub(Connect("eval", query_addr));
  int failed = 0;
  for (size_t i = 0; i < files->size(); ++i) {
    const ArticleFile& file = (*files)[i];
    absl::Status status = (*outcomes)[i].status;
    if (status.ok()) {
      absl::StatusOr<v1::Article> article =
          FindArticle(stub.get(), file.id, (*outcomes)[i].response.article_id());
      absl::StatusOr<extract::Extraction> extraction =
          article.ok() ? ExtractionFromQueries(stub.get(), *article) : article.status();
      status = extraction.ok()
                   ? WriteJson(std::filesystem::path(out_dir) / (file.id + ".json"),
                               extract::ToEvalJson(file.id, *extraction))
                   : extraction.status();
    }
    if (!status.ok()) {
      ++failed;
      std::cerr << file.text_path << ": " << status.ToString() << "\n";
    }
  }
  std::cout << "wrote " << files->size() - failed << " of " << files->size() << " to "
            << out_dir << std::endl;
  if (failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void AddEvalCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "eval",
      "Ingest CORPUS_DIR's ID.txt (+ID.meta.json) through parley-ingest, then write "
      "OUT_DIR/ID.json in the eval format from parley-query's answers alone");
  struct Flags {
    std::string ingest = kDefaultIngestAddr, query = kDefaultQueryAddr, corpus, out;
  };
  auto flags = std::make_shared<Flags>();
  cmd->add_option("--ingest", flags->ingest,
                  absl::StrCat("HOST:PORT of parley-ingest (default: $PARLEY_INGEST_ADDR, else ",
                               kDefaultIngestAddr, ")"))
      ->envname("PARLEY_INGEST_ADDR");
  cmd->add_option("--query", flags->query,
                  absl::StrCat("HOST:PORT of parley-query (default: $PARLEY_QUERY_ADDR, else ",
                               kDefaultQueryAddr, ")"))
      ->envname("PARLEY_QUERY_ADDR");
  AddConnectionOptions(cmd);  // One set for both services.
  cmd->add_option("CORPUS_DIR", flags->corpus, "Directory of ID.txt files")->required();
  cmd->add_option("OUT_DIR", flags->out, "Where ID.json files are written")->required();
  cmd->callback([flags] { RunEval(flags->ingest, flags->query, flags->corpus, flags->out); });
}

}  // namespace parley::cli
