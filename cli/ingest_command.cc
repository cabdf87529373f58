// `parley ingest [--addr HOST:PORT] FILE|DIR|- ...`: streams articles through
// IngestService.IngestArticles; a progress bar on a terminal, a summary.
#include <unistd.h>

#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli/service_commands.h"
#include "parley/rpc/health_client.h"
#include "parley/rpc/status.h"
#include "parley/v1/ingest_service.grpc.pb.h"

namespace parley::cli {
namespace {

absl::Status OutcomeStatus(const v1::IngestArticleResponse& response) {
  if (!response.has_error()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(response.error().code()),
                      response.error().message());
}

// Outcomes are known out of order (a file that cannot be read fails before
// earlier files are answered); this reports them to the callback in order.
class InOrderReporter {
 public:
  InOrderReporter(std::vector<IngestOutcome>* outcomes,
                  const std::function<void(size_t, const IngestOutcome&)>* on_done)
      : outcomes_(outcomes), ready_(outcomes->size(), false), on_done_(on_done) {}

  void Done(size_t i, IngestOutcome outcome) {
    std::lock_guard<std::mutex> lock(mu_);
    (*outcomes_)[i] = std::move(outcome);
    ready_[i] = true;
    while (next_ < ready_.size() && ready_[next_]) {
      if (*on_done_) (*on_done_)(next_, (*outcomes_)[next_]);
      ++next_;
    }
  }

  // Every outcome not known yet gets `status`.
  void FailRest(const absl::Status& status) {
    for (size_t i = 0; i < ready_.size(); ++i) {
      bool pending;
      {
        std::lock_guard<std::mutex> lock(mu_);
        pending = !ready_[i];
      }
      if (pending) Done(i, {status, {}});
    }
  }

 private:
  // std::mutex rather than absl::Mutex so ThreadSanitizer sees the locking
  // (Debian's Abseil is not instrumented). Guards everything below.
  std::mutex mu_;
  std::vector<IngestOutcome>* outcomes_;
  std::vector<bool> ready_;
  size_t next_ = 0;
  const std::function<void(size_t, const IngestOutcome&)>* on_done_;
};

}  // namespace

absl::StatusOr<std::vector<IngestOutcome>> StreamIngest(
    const std::shared_ptr<grpc::Channel>& channel, const std::vector<ArticleFile>& files,
    const std::function<void(size_t, const IngestOutcome&)>& on_done) {
  std::vector<IngestOutcome> outcomes(files.size());
  InOrderReporter reporter(&outcomes, &on_done);
  auto stub = v1::IngestService::NewStub(channel);
  grpc::ClientContext context;
  auto stream = stub->IngestArticles(&context);

  std::mutex mu;
  std::deque<size_t> sent;  // Guarded by mu. Indexes of requests awaiting their response.
  std::thread writer([&] {
    for (size_t i = 0; i < files.size(); ++i) {
      absl::StatusOr<v1::ArticleInput> article = ReadArticle(files[i]);
      if (!article.ok()) {
        reporter.Done(i, {article.status(), {}});
        continue;
      }
      v1::IngestArticleRequest request;
      request.set_request_id(std::to_string(i));
      *request.mutable_article() = *std::move(article);
      {
        std::lock_guard<std::mutex> lock(mu);
        sent.push_back(i);
      }
      if (!stream->Write(request)) break;  // Stream broken: Finish() says why.
    }
    stream->WritesDone();
  });

  v1::IngestArticleResponse response;
  absl::Status protocol_error;
  while (stream->Read(&response)) {
    size_t i;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (sent.empty()) break;
      i = sent.front();
      sent.pop_front();
    }
    if (response.request_id() != std::to_string(i)) {
      protocol_error = absl::InternalError(absl::StrCat(
          "response out of order: request_id ", response.request_id(), ", expected ", i));
      context.TryCancel();
      break;
    }
    reporter.Done(i, {OutcomeStatus(response), response});
  }
  writer.join();
  absl::Status stream_status = rpc::FromGrpcStatus(stream->Finish());
  if (!protocol_error.ok()) stream_status = protocol_error;
  if (stream_status.ok()) stream_status = absl::InternalError("stream ended without a response");
  reporter.FailRest(stream_status);
  return outcomes;
}

namespace {

struct Tally {
  int ingested = 0, duplicates = 0, failed = 0;
  int64_t calls = 0, quotes = 0, sanctions = 0;
};

void DrawProgress(size_t done, size_t total, const Tally& t) {
  constexpr int kWidth = 30;
  int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
            << done << "/" << total << "  ingested " << t.ingested << "  duplicates "
            << t.duplicates << "  failed " << t.failed << std::flush;
}

void RunIngest(const std::string& addr, const std::vector<std::string>& paths) {
  std::vector<ArticleFile> files;
  for (const std::string& path : paths) {
    absl::StatusOr<std::vector<ArticleFile>> found = FindArticleFiles(path);
    if (!found.ok()) Fail("ingest", found.status());
    files.insert(files.end(), found->begin(), found->end());
  }
  const bool progress = isatty(STDERR_FILENO) == 1;
  Tally tally;
  auto on_done = [&](size_t i, const IngestOutcome& outcome) {
    if (!outcome.status.ok()) {
      ++tally.failed;
      if (progress) std::cerr << "\r\033[K";
      std::cerr << files[i].text_path << ": " << outcome.status.ToString() << "\n";
    } else if (outcome.response.duplicate()) {
      ++tally.duplicates;
    } else {
      ++tally.ingested;
      tally.calls += outcome.response.events().calls_size();
      tally.quotes += outcome.response.events().quotes_size();
      tally.sanctions += outcome.response.events().sanctions_size();
    }
    if (progress) DrawProgress(i + 1, files.size(), tally);
  };
  absl::StatusOr<std::vector<IngestOutcome>> outcomes =
      StreamIngest(Connect("ingest", addr), files, on_done);
  if (progress) std::cerr << "\n";
  if (!outcomes.ok()) Fail("ingest", outcomes.status());
  std::cout << "ingested " << tally.ingested << ", duplicates " << tally.duplicates
            << ", failed " << tally.failed << "; events: " << tally.calls << " calls, "
            << tally.quotes << " quotes, " << tally.sanctions << " sanctions" << std::endl;
  if (tally.failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void AddIngestCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "ingest",
      "Send articles to parley-ingest (streaming). FILE is one article; DIR means every "
      "ID.txt in it, with ID.meta.json ({\"published\": \"YYYY-MM-DD\", \"source\": ...}) "
      "beside it when present; - reads one article from stdin. external_id = ID.");
  auto addr = std::make_shared<std::string>();
  auto paths = std::make_shared<std::vector<std::string>>();
  AddAddressOption(cmd, addr.get(), kDefaultIngestAddr, "parley-ingest");
  cmd->add_option("paths", *paths, "FILE, DIR or -")->required();
  cmd->callback([addr, paths] { RunIngest(*addr, *paths); });
}

}  // namespace parley::cli
