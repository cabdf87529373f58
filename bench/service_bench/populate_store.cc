// populate_store: fills a store with N events through the Store API, fast
// and shaped like real data, for the query and scaling benchmarks.
//
// Each generated article carries 10 events (2 calls, 6 quotes, 2 sanctions)
// whose sentences make up its text (provenance spans point at them), dated
// over 2010-2025: at random, or (--dates in_order) in the order the
// articles are stored, as a news feed stores them. Actors come from the
// embedded knowledge base: call participants and most quote speakers are
// office holders (leaders), drawn with a Zipf-like skew so a few appear
// often, as in news; a fifth of the quotes have unresolved speakers ("a
// foreign ministry spokesperson of X"). Sanction imposers are countries or
// institutions, targets countries, with 0-4 items from a list of goods.
// Quote words are drawn from the dev corpus's word stream (so their
// frequencies are English news ones).
//
// The knowledge-base actors are upserted first, as parley-ingest does.
// Ingest() is called from many threads at once so the store's group commit
// makes big transactions (StoreOptions::max_batch). A SQLite store is built
// under a temporary name and renamed when complete; an existing one is
// reused (unless --force).
#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench_util.h"
#include "ceiling_report.h"
#include "kb_actors.h"
#include "parley/actors/knowledge_base.h"
#include "parley/store/store.h"
#include "workload.h"

namespace parley::bench {
namespace {

namespace fs = std::filesystem;
using extract::ActorKind;
using extract::ActorRef;

constexpr int kEventsPerArticle = 10;

const char* const kTopics[] = {"Korean Peninsula", "trade", "Ukraine", "climate change",
                               "nuclear issue", "COVID-19", "Middle East", "Taiwan",
                               "bilateral relations", "energy security", "Iran", "Syria",
                               "cooperation", "Gaza", "economy", "security"};
const char* const kItems[] = {"coal", "iron", "lead", "textiles", "seafood", "crude oil",
                              "refined petroleum", "semiconductors", "luxury goods", "steel",
                              "aluminium", "gold", "diamonds", "timber", "machinery", "vehicles",
                              "weapons", "dual-use goods", "natural gas", "grain"};
const extract::Measure kMeasures[] = {
    extract::Measure::kExportBan,  extract::Measure::kImportBan,   extract::Measure::kAssetFreeze,
    extract::Measure::kTravelBan,  extract::Measure::kBlacklist,   extract::Measure::kArmsEmbargo,
    extract::Measure::kSupplyCap,  extract::Measure::kLaborBan,    extract::Measure::kInvestmentBan,
    extract::Measure::kFinancial,  extract::Measure::kTariff,      extract::Measure::kExportControl,
    extract::Measure::kOther};

// One article's generator: deterministic per article number.
class ArticleMaker {
 public:
  // `of` > 0: article `n` of `of` is dated in article order.
  ArticleMaker(const Pools& pools, int64_t n, int64_t of = 0)
      : p_(pools),
        rng_(0x9e3779b97f4a7c15ULL * (n + 1)),
        n_(n),
        of_(of),
        leader_(pools.leader_weights.begin(), pools.leader_weights.end()) {}

  void Make(store::ArticleInput* in, extract::Extraction* ex) {
    // Drawn in both modes, so the rest of article n is the same in both.
    const int64_t draw = static_cast<int64_t>(rng_() % kDays);
    day_ = kFirstDay + (of_ > 0 ? n_ * kDays / of_ : draw);
    in->published = day_;
    in->source = "Bench Wire";
    in->url = absl::StrCat("https://bench.example/", n_);
    text_ = absl::StrCat("Bench article ", n_, " of ", absl::FormatCivilTime(day_), ".\n\n");
    for (int i = 0; i < 2; ++i) ex->calls.push_back(Call());
    for (int i = 0; i < 6; ++i) ex->quotes.push_back(Quote());
    for (int i = 0; i < 2; ++i) ex->sanctions.push_back(Sanction());
    ex->published = day_;
    ex->source = in->source;
    in->text = std::move(text_);
  }

 private:
  size_t Pick(size_t n) { return static_cast<size_t>(rng_() % n); }

  // Appends `sentence` to the text; its span is the provenance.
  extract::Provenance Say(const std::string& sentence) {
    extract::Provenance prov{text_.size(), text_.size() + sentence.size(), sentence};
    absl::StrAppend(&text_, sentence, " ");
    return prov;
  }

  std::string CountryName(const std::string& id) {
    const actors::Country* c = p_.kb->FindCountry(id);
    return c ? c->name : "";
  }

  ActorRef Leader() {
    const actors::Person* person = p_.leaders[leader_(rng_)];
    ActorRef ref{person->id, person->name, ActorKind::kPerson, CountryName(person->country), ""};
    auto offices = p_.kb->OfficesOn(person->id, day_);
    if (!offices.empty()) ref.office = offices.front()->title;
    return ref;
  }

  ActorRef CountryRef() {
    const actors::Country* c = p_.countries[Pick(p_.countries.size())];
    return ActorRef{c->id, c->name, ActorKind::kCountry, c->name, ""};
  }

  std::string Words(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(p_.words[Pick(p_.words.size())]);
    return absl::StrJoin(out, " ");
  }

  extract::Call Call() {
    extract::Call call;
    call.participants.push_back(Leader());
    do {
      call.participants.push_back(Leader());
    } while (call.participants.back().actor_id == call.participants.front().actor_id);
    if (rng_() % 20 == 0) call.participants.push_back(Leader());
    const uint64_t d = rng_() % 20;
    if (d < 18) call.date = d < 17 ? day_ : day_ - 1;  // 1 in 10 undated.
    call.medium = rng_() % 7 == 0 ? extract::Medium::kVideo : extract::Medium::kPhone;
    for (size_t t = rng_() % 3; t > 0; --t) call.topics.push_back(kTopics[Pick(std::size(kTopics))]);
    call.provenance = Say(absl::StrCat(call.participants[0].name, " held a ",
                                       call.medium == extract::Medium::kVideo ? "video" : "phone",
                                       " call with ", call.participants[1].name, " on ",
                                       absl::StrJoin(call.topics, " and "), "."));
    return call;
  }

  extract::Quote Quote() {
    extract::Quote q;
    if (rng_() % 5 == 0) {
      std::string country = p_.countries[Pick(p_.countries.size())]->name;
      q.speaker = ActorRef{"", absl::StrCat("a foreign ministry spokesperson of ", country),
                           ActorKind::kPerson, country, ""};
    } else {
      q.speaker = Leader();
    }
    q.text = Words(8 + static_cast<int>(rng_() % 23));
    q.direct = rng_() % 10 < 7;
    q.provenance = Say(q.direct ? absl::StrCat("\"", q.text, ",\" ", q.speaker.name, " said.")
                                : absl::StrCat(q.speaker.name, " said that ", q.text, "."));
    return q;
  }

  extract::Sanction Sanction() {
    extract::Sanction s;
    if (rng_() % 3 == 0 && !p_.institutions.empty()) {
      const actors::Institution* i = p_.institutions[Pick(p_.institutions.size())];
      s.imposer = ActorRef{i->id, i->name, ActorKind::kInstitution, CountryName(i->country), ""};
    } else {
      s.imposer = CountryRef();
    }
    s.target = CountryRef();
    s.measure = kMeasures[Pick(std::size(kMeasures))];
    for (size_t k = rng_() % 5; k > 0; --k) s.items.push_back(kItems[Pick(std::size(kItems))]);
    const uint64_t st = rng_() % 10;
    s.status = st < 6   ? extract::SanctionStatus::kImposed
               : st < 8 ? extract::SanctionStatus::kThreatened
               : st < 9 ? extract::SanctionStatus::kLifted
                        : extract::SanctionStatus::kProposed;
    s.provenance = Say(absl::StrCat(s.imposer.name, " imposed ", extract::MeasureName(s.measure),
                                    " on ", s.target.name, " covering ",
                                    absl::StrJoin(s.items, ", "), "."));
    return s;
  }

  const Pools& p_;
  std::mt19937_64 rng_;
  int64_t n_, of_;
  std::discrete_distribution<size_t> leader_;
  absl::CivilDay day_;
  std::string text_;
};

absl::Status Fill(store::Store* store, const Pools& pools, int64_t articles, int threads,
                  bool dates_in_order) {
  std::atomic<int64_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  absl::Status failure;
  std::mutex mu;
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int64_t n; !failed && (n = next.fetch_add(1)) < articles;) {
        store::ArticleInput in;
        extract::Extraction ex;
        ArticleMaker(pools, n, dates_in_order ? articles : 0).Make(&in, &ex);
        auto result = store->Ingest(in, ex);
        if (!result.ok() || result->duplicate) {
          std::lock_guard<std::mutex> lock(mu);
          failure = result.ok() ? absl::InternalError(absl::StrCat("article ", n, " duplicate"))
                                : result.status();
          failed = true;
        }
        int64_t d = done.fetch_add(1) + 1;
        if (d % std::max<int64_t>(1, articles / 10) == 0) {
          std::printf("# %lld/%lld articles, %.0f s\n", static_cast<long long>(d),
                      static_cast<long long>(articles), SecondsSince(start));
          std::fflush(stdout);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  return failure;
}

int Main(int argc, char** argv) {
  std::string db, corpus_dir = PARLEY_DEV_CORPUS;
  int64_t events = 100000;
  int threads = 128, max_batch = 1000;
  bool force = false;
  std::string dates = "uniform";
  CLI::App app{"populate_store: fill a store with N generated events through Store::Ingest()"};
  app.add_option("--db", db, "SQLite file or postgresql:// URI")->required();
  app.add_option("--events", events, "events to store (10 per article)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--threads", threads, "concurrent Ingest() callers")->capture_default_str();
  app.add_option("--max_batch", max_batch, "StoreOptions::max_batch")->capture_default_str();
  app.add_option("--corpus", corpus_dir, "dev corpus (quote words)")->capture_default_str();
  app.add_flag("--force", force, "rebuild an existing SQLite store");
  app.add_option("--dates", dates, "article dates: at random, or in the order stored")
      ->check(CLI::IsMember({"uniform", "in_order"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const bool sqlite = db.find("://") == std::string::npos;
  if (sqlite && fs::exists(db) && !force) {
    std::printf("# reusing %s\n", db.c_str());
    return 0;
  }
  const std::string building = sqlite ? db + ".building" : db;
  if (sqlite) {
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(building + s);
  }
  auto kb = actors::KnowledgeBase::LoadEmbedded();
  if (!kb.ok()) return std::fprintf(stderr, "%s\n", kb.status().ToString().c_str()), 1;
  Pools pools = MakePools(**kb, corpus_dir);
  store::StoreOptions options;
  options.location = building;
  options.max_batch = max_batch;
  auto store = store::Open(options);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
  ceilings::PrintMachineInfo({LoadAverage(), absl::StrCat("populate_store: ", db, " events=",
                                                          events, " threads=", threads)});
  // A server store is not cached as a file: one that already holds as many
  // events (the sequence counts them) is reused.
  if (auto last = (*store)->LastSequence(); !sqlite && !force && last.ok() && *last >= events) {
    std::printf("# reusing %s: %lld events\n", db.c_str(), static_cast<long long>(*last));
    return 0;
  }
  const Clock::time_point start = Clock::now();
  absl::Status status = (*store)->UpsertActors(ingest::KnowledgeBaseActors(**kb));
  const int64_t articles = (events + kEventsPerArticle - 1) / kEventsPerArticle;
  if (status.ok()) status = Fill(store->get(), pools, articles, threads, dates == "in_order");
  if (!status.ok()) return std::fprintf(stderr, "populate_store: %s\n", status.ToString().c_str()), 1;
  const double seconds = SecondsSince(start);
  auto stats = (*store)->commit_stats();
  store->reset();
  if (sqlite) {  // A clean close leaves no -wal; move one along if it is there.
    for (const char* s : {"-wal", "-shm"}) {
      if (fs::exists(building + s)) fs::rename(building + s, db + s);
    }
    fs::rename(building, db);
  }
  std::printf("# stored %lld articles, %lld events in %.1f s: %.0f articles/s, %.0f events/s, "
              "mean batch %.1f\n",
              static_cast<long long>(articles), static_cast<long long>(articles * kEventsPerArticle),
              seconds, articles / seconds, articles * kEventsPerArticle / seconds,
              stats.transactions > 0 ? static_cast<double>(stats.writes) / stats.transactions : 0.0);
  return 0;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) { return parley::bench::Main(argc, argv); }
