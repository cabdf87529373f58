// `parley calls|quotes|sanctions|actors|articles [filters] [--limit N]
// [--format table|json|csv]`: pages through QueryService results.
#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/service_commands.h"
#include "cli/table_output.h"
#include "parley/rpc/convert.h"
#include "parley/rpc/health_client.h"
#include "parley/rpc/status.h"
#include "parley/v1/query_service.grpc.pb.h"

namespace parley::cli {
namespace {

using Stub = v1::QueryService::Stub;

// Flags every list command has.
struct CommonFlags {
  std::string addr;
  std::string format = "table";
  std::string from, to;
  int limit = 0;
  int page_size = 0;
};

std::string DateCell(bool has, const v1::Date& d) {
  return has ? absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()) : "";
}

std::string ActorCell(const v1::ActorRef& ref) { return ref.name().empty() ? "?" : ref.name(); }

// What differs between the list commands.
template <typename Request, typename Response, typename Item>
struct ListSpec {
  const char* name;
  grpc::Status (Stub::*call)(grpc::ClientContext*, const Request&, Response*);
  const google::protobuf::RepeatedPtrField<Item>& (Response::*items)() const;
  Row header;
  Row (*row)(const Item&);
};

void AddCommonFlags(CLI::App* cmd, CommonFlags* flags, bool dates) {
  AddAddressOption(cmd, &flags->addr, kDefaultQueryAddr, "parley-query");
  cmd->add_option("--limit", flags->limit, "Show at most N results (0: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--page-size", flags->page_size, "Results per request (0: server default 50, max 1000)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--format", flags->format, "table, json or csv")->capture_default_str();
  if (dates) {
    cmd->add_option("--from", flags->from, "Only dated on or after YYYY-MM-DD");
    cmd->add_option("--to", flags->to, "Only dated on or before YYYY-MM-DD");
  }
}

void SetDateRange(const std::string& command, const CommonFlags& flags, v1::DateRange* range,
                  bool* has_range) {
  *has_range = false;
  if (!flags.from.empty()) {
    absl::StatusOr<absl::CivilDay> day = ParseDay(flags.from, "--from");
    if (!day.ok()) Fail(command, day.status());
    *range->mutable_start() = rpc::DateToProto(*day);
    *has_range = true;
  }
  if (!flags.to.empty()) {
    absl::StatusOr<absl::CivilDay> day = ParseDay(flags.to, "--to");
    if (!day.ok()) Fail(command, day.status());
    *range->mutable_end() = rpc::DateToProto(*day);
    *has_range = true;
  }
}

// Enum flag value ("export_ban") -> proto enum via its descriptor
// ("MEASURE_EXPORT_BAN"); 0 (UNSPECIFIED) when empty.
template <typename Enum>
Enum ParseEnumFlag(const std::string& command, const std::string& flag, const std::string& value,
                   const std::string& prefix, bool (*parse)(const std::string&, Enum*),
                   const char* choices) {
  Enum out = static_cast<Enum>(0);
  if (value.empty()) return out;
  if (!parse(prefix + absl::AsciiStrToUpper(value), &out) || static_cast<int>(out) == 0) {
    Fail(command, absl::InvalidArgumentError(
                      absl::StrCat(flag, ": \"", value, "\" is not one of ", choices)));
  }
  return out;
}

template <typename Request, typename Response, typename Item>
void RunList(const ListSpec<Request, Response, Item>& spec, const CommonFlags& flags,
             Request request) {
  absl::StatusOr<Format> format = ParseFormat(flags.format);
  if (!format.ok()) Fail(spec.name, format.status());
  int page_size = flags.page_size;
  if (page_size == 0 && flags.limit > 0) page_size = std::min(flags.limit, 1000);
  request.set_page_size(page_size);
  auto stub = v1::QueryService::NewStub(Connect(spec.name, flags.addr));
  std::vector<Item> items;
  const size_t limit = flags.limit > 0 ? static_cast<size_t>(flags.limit) : SIZE_MAX;
  while (items.size() < limit) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    Response response;
    grpc::Status status = (stub.get()->*spec.call)(&context, request, &response);
    if (!status.ok()) Fail(spec.name, rpc::FromGrpcStatus(status));
    for (const Item& item : (response.*spec.items)()) {
      if (items.size() >= limit) break;
      items.push_back(item);
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  if (*format == Format::kJson) {
    std::vector<const google::protobuf::Message*> messages;
    for (const Item& item : items) messages.push_back(&item);
    PrintJson(std::cout, messages);
    return;
  }
  std::vector<Row> rows;
  for (const Item& item : items) rows.push_back(spec.row(item));
  if (*format == Format::kCsv) {
    PrintCsv(std::cout, spec.header, rows);
  } else {
    PrintTable(std::cout, spec.header, rows);
    if (items.empty()) std::cout << "(no " << spec.name << ")\n";
  }
}

Row CallRow(const v1::Call& c) {
  std::vector<std::string> people;
  for (const auto& p : c.participants()) people.push_back(ActorCell(p));
  std::vector<std::string> topics(c.topics().begin(), c.topics().end());
  std::vector<std::string> articles;
  for (const auto& m : c.mentions()) articles.push_back(std::to_string(m.article_id()));
  return {std::to_string(c.id()), DateCell(c.has_date(), c.date()),
          EnumCell(v1::Medium_Name(c.medium()), "MEDIUM_"), Join(people, ", "),
          Join(topics, "; "), Join(articles, ",")};
}

Row QuoteRow(const v1::Quote& q) {
  return {std::to_string(q.id()), DateCell(q.has_date(), q.date()), ActorCell(q.speaker()),
          q.direct() ? "direct" : "reported", q.text(),
          std::to_string(q.provenance().article_id())};
}

Row SanctionRow(const v1::Sanction& s) {
  std::vector<std::string> items(s.items().begin(), s.items().end());
  return {std::to_string(s.id()), DateCell(s.has_date(), s.date()), ActorCell(s.imposer()),
          ActorCell(s.target()), EnumCell(v1::Measure_Name(s.measure()), "MEASURE_"),
          EnumCell(v1::SanctionStatus_Name(s.status()), "SANCTION_STATUS_"), Join(items, ", "),
          std::to_string(s.provenance().article_id())};
}

Row ActorRow(const v1::Actor& a) {
  std::string office = a.offices().empty() ? "" : a.offices(0).office();
  return {a.id(), a.name(), EnumCell(v1::ActorKind_Name(a.kind()), "ACTOR_KIND_"), a.country(),
          office, std::to_string(a.call_count()), std::to_string(a.quote_count()),
          std::to_string(a.sanctions_imposed_count() + a.sanctions_targeted_count())};
}

Row ArticleRow(const v1::Article& a) {
  return {std::to_string(a.id()), a.external_id(), DateCell(a.has_published(), a.published()),
          a.source(),
          absl::StrCat(a.call_count(), "/", a.quote_count(), "/", a.sanction_count()), a.title()};
}

void AddCalls(CLI::App& app) {
  auto* cmd = app.add_subcommand("calls", "List leader calls (QueryService.ListCalls)");
  auto flags = std::make_shared<CommonFlags>();
  auto req = std::make_shared<v1::ListCallsRequest>();
  auto medium = std::make_shared<std::string>();
  AddCommonFlags(cmd, flags.get(), true);
  cmd->add_option_function<std::string>("--participant", [req](const std::string& v) { req->set_participant(v); }, "A participant's name or alias");
  cmd->add_option_function<std::string>("--participant-id", [req](const std::string& v) { req->set_participant_id(v); }, "A participant's actor id (person/xi-jinping)");
  cmd->add_option_function<std::string>("--country", [req](const std::string& v) { req->set_country(v); }, "A participant's country");
  cmd->add_option_function<std::string>("--topic", [req](const std::string& v) { req->set_topic(v); }, "A topic (exact phrase, any case)");
  cmd->add_option("--medium", *medium, "phone or video");
  cmd->add_option_function<int64_t>("--article-id", [req](int64_t v) { req->set_article_id(v); }, "Only calls mentioned in this article");
  cmd->callback([flags, req, medium] {
    v1::ListCallsRequest r = *req;
    bool has_range;
    SetDateRange("calls", *flags, r.mutable_date_range(), &has_range);
    if (!has_range) r.clear_date_range();
    r.set_medium(ParseEnumFlag<v1::Medium>("calls", "--medium", *medium, "MEDIUM_", &v1::Medium_Parse, "phone, video"));
    RunList(ListSpec<v1::ListCallsRequest, v1::ListCallsResponse, v1::Call>{
                "calls", &Stub::ListCalls, &v1::ListCallsResponse::calls,
                {"ID", "DATE", "MEDIUM", "PARTICIPANTS", "TOPICS", "ARTICLES"}, &CallRow},
            *flags, r);
  });
}

void AddQuotes(CLI::App& app) {
  auto* cmd = app.add_subcommand("quotes", "List attributed quotes (QueryService.ListQuotes)");
  auto flags = std::make_shared<CommonFlags>();
  auto req = std::make_shared<v1::ListQuotesRequest>();
  AddCommonFlags(cmd, flags.get(), true);
  cmd->add_option_function<std::string>("--speaker", [req](const std::string& v) { req->set_speaker(v); }, "The speaker's name or alias");
  cmd->add_option_function<std::string>("--speaker-id", [req](const std::string& v) { req->set_speaker_id(v); }, "The speaker's actor id");
  cmd->add_option_function<std::string>("--country", [req](const std::string& v) { req->set_country(v); }, "The speaker's country");
  cmd->add_option_function<std::string>("--text", [req](const std::string& v) { req->set_text_query(v); }, "Full-text search: all words; \"double quotes\" for a phrase");
  cmd->add_flag_function("--direct-only", [req](int64_t n) { req->set_direct_only(n > 0); }, "Only words in quotation marks");
  cmd->add_option_function<int64_t>("--article-id", [req](int64_t v) { req->set_article_id(v); }, "Only quotes from this article");
  cmd->callback([flags, req] {
    v1::ListQuotesRequest r = *req;
    bool has_range;
    SetDateRange("quotes", *flags, r.mutable_date_range(), &has_range);
    if (!has_range) r.clear_date_range();
    RunList(ListSpec<v1::ListQuotesRequest, v1::ListQuotesResponse, v1::Quote>{
                "quotes", &Stub::ListQuotes, &v1::ListQuotesResponse::quotes,
                {"ID", "DATE", "SPEAKER", "KIND", "TEXT", "ARTICLE"}, &QuoteRow},
            *flags, r);
  });
}

void AddSanctions(CLI::App& app) {
  auto* cmd = app.add_subcommand("sanctions", "List sanctions (QueryService.ListSanctions)");
  auto flags = std::make_shared<CommonFlags>();
  auto req = std::make_shared<v1::ListSanctionsRequest>();
  auto measure = std::make_shared<std::string>();
  auto status = std::make_shared<std::string>();
  AddCommonFlags(cmd, flags.get(), true);
  cmd->add_option_function<std::string>("--imposer", [req](const std::string& v) { req->set_imposer(v); }, "The imposer's name or alias");
  cmd->add_option_function<std::string>("--target", [req](const std::string& v) { req->set_target(v); }, "The target's name or alias");
  cmd->add_option("--measure", *measure, "export_ban, import_ban, asset_freeze, travel_ban, blacklist, arms_embargo, supply_cap, labor_ban, investment_ban, financial, tariff, export_control, other");
  cmd->add_option_function<std::string>("--item", [req](const std::string& v) { req->set_item(v); }, "A listed good or sector (exact, any case)");
  cmd->add_option("--status", *status, "imposed, threatened, lifted or proposed");
  cmd->add_option_function<int64_t>("--article-id", [req](int64_t v) { req->set_article_id(v); }, "Only sanctions from this article");
  cmd->callback([flags, req, measure, status] {
    v1::ListSanctionsRequest r = *req;
    bool has_range;
    SetDateRange("sanctions", *flags, r.mutable_date_range(), &has_range);
    if (!has_range) r.clear_date_range();
    r.set_measure(ParseEnumFlag<v1::Measure>("sanctions", "--measure", *measure, "MEASURE_", &v1::Measure_Parse, "the measures in --help"));
    r.set_status(ParseEnumFlag<v1::SanctionStatus>("sanctions", "--status", *status, "SANCTION_STATUS_", &v1::SanctionStatus_Parse, "imposed, threatened, lifted, proposed"));
    RunList(ListSpec<v1::ListSanctionsRequest, v1::ListSanctionsResponse, v1::Sanction>{
                "sanctions", &Stub::ListSanctions, &v1::ListSanctionsResponse::sanctions,
                {"ID", "DATE", "IMPOSER", "TARGET", "MEASURE", "STATUS", "ITEMS", "ARTICLE"},
                &SanctionRow},
            *flags, r);
  });
}

void AddActors(CLI::App& app) {
  auto* cmd = app.add_subcommand("actors", "List actors (QueryService.ListActors)");
  auto flags = std::make_shared<CommonFlags>();
  auto req = std::make_shared<v1::ListActorsRequest>();
  auto kind = std::make_shared<std::string>();
  AddCommonFlags(cmd, flags.get(), false);
  cmd->add_option_function<std::string>("--name-prefix", [req](const std::string& v) { req->set_name_prefix(v); }, "Name or alias starts with this (any case)");
  cmd->add_option_function<std::string>("--country", [req](const std::string& v) { req->set_country(v); }, "The actor's country");
  cmd->add_option_function<std::string>("--office", [req](const std::string& v) { req->set_office(v); }, "An office held (\"Prime Minister\")");
  cmd->add_option("--kind", *kind, "person, country, institution or news_outlet");
  cmd->add_flag_function("--with-events-only", [req](int64_t n) { req->set_with_events_only(n > 0); }, "Only actors in at least one stored event");
  cmd->callback([flags, req, kind] {
    v1::ListActorsRequest r = *req;
    r.set_kind(ParseEnumFlag<v1::ActorKind>("actors", "--kind", *kind, "ACTOR_KIND_", &v1::ActorKind_Parse, "person, country, institution, news_outlet"));
    RunList(ListSpec<v1::ListActorsRequest, v1::ListActorsResponse, v1::Actor>{
                "actors", &Stub::ListActors, &v1::ListActorsResponse::actors,
                {"ID", "NAME", "KIND", "COUNTRY", "OFFICE", "CALLS", "QUOTES", "SANCTIONS"},
                &ActorRow},
            *flags, r);
  });
}

void AddArticles(CLI::App& app) {
  auto* cmd = app.add_subcommand("articles", "List stored articles (QueryService.ListArticles)");
  auto flags = std::make_shared<CommonFlags>();
  auto req = std::make_shared<v1::ListArticlesRequest>();
  AddCommonFlags(cmd, flags.get(), true);
  cmd->add_option_function<std::string>("--source", [req](const std::string& v) { req->set_source(v); }, "Only from this source (any case)");
  cmd->add_option_function<std::string>("--external-id", [req](const std::string& v) { req->set_external_id(v); }, "Only the article with this external id");
  cmd->callback([flags, req] {
    v1::ListArticlesRequest r = *req;
    bool has_range;
    SetDateRange("articles", *flags, r.mutable_date_range(), &has_range);
    if (!has_range) r.clear_date_range();
    RunList(ListSpec<v1::ListArticlesRequest, v1::ListArticlesResponse, v1::Article>{
                "articles", &Stub::ListArticles, &v1::ListArticlesResponse::articles,
                {"ID", "EXTERNAL_ID", "PUBLISHED", "SOURCE", "CALLS/QUOTES/SANCTIONS", "TITLE"},
                &ArticleRow},
            *flags, r);
  });
}

}  // namespace

void AddListCommands(CLI::App& app) {
  AddCalls(app);
  AddQuotes(app);
  AddSanctions(app);
  AddActors(app);
  AddArticles(app);
}

}  // namespace parley::cli
