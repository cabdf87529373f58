// Copies a real SQLite store into a second store and checks that everything a
// user can query came across: into another SQLite file always, into
// PostgreSQL when scripts/with_postgres.sh provides a server.
#include "migrate.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/store/postgres_store.h"
#include "parley/store/store.h"
#include "store_postgres/pg_test_util.h"

namespace parley::tools {
namespace {

using extract::ActorKind;
using extract::ActorRef;
using store::PageRequest;
using store::Store;

const ActorRef kXi{"person/xi-jinping", "Xi Jinping", ActorKind::kPerson, "China", "President"};
const ActorRef kMoon{"person/moon-jae-in", "Moon Jae-in", ActorKind::kPerson, "South Korea",
                     "President"};
const ActorRef kKim{"", "Kim Yo-jong", ActorKind::kPerson, "North Korea", ""};
const ActorRef kUn{"org/unsc", "UN Security Council", ActorKind::kInstitution, "", ""};
const ActorRef kNk{"country/north-korea", "North Korea", ActorKind::kCountry, "North Korea", ""};

extract::Call Call(std::vector<ActorRef> who, std::string topic, size_t begin, size_t end,
                   const std::string& text) {
  extract::Call c;
  c.participants = std::move(who);
  c.date = absl::CivilDay(2018, 5, 9);
  c.topics = {std::move(topic)};
  c.provenance = {begin, end, text.substr(begin, end - begin)};
  return c;
}

// Three articles: a call reported twice (it merges), an unresolved actor, a
// quote, a sanction, an article without events; and one knowledge-base actor.
void FillSource(Store& s) {
  std::string t1 = "Xi and Moon talk\nXi Jinping called Moon Jae-in. The UNSC banned coal.";
  extract::Extraction e1;
  e1.calls.push_back(Call({kXi, kMoon}, "peninsula", 17, 46, t1));
  extract::Quote q{kXi, "Dialogue is the way", true, {17, 46, t1.substr(17, 29)}};
  e1.quotes.push_back(q);
  extract::Sanction sanction;
  sanction.imposer = kUn;
  sanction.target = kNk;
  sanction.measure = extract::Measure::kExportBan;
  sanction.items = {"coal"};
  sanction.provenance = {47, t1.size(), t1.substr(47)};
  e1.sanctions.push_back(sanction);
  store::ArticleInput a1{t1, "Xinhua", "https://x/1", "x-1", absl::CivilDay(2018, 5, 9)};
  ASSERT_TRUE(s.Ingest(a1, e1).ok());

  std::string t2 = "Moon spoke with Kim Yo-jong. Earlier Moon and Xi held their call.";
  extract::Extraction e2;
  e2.calls.push_back(Call({kMoon, kKim}, "talks", 0, 28, t2));
  e2.calls.push_back(Call({kMoon, kXi}, "trade", 29, t2.size(), t2));
  store::ArticleInput a2{t2, "Yonhap", "", "y-2", absl::CivilDay(2018, 5, 10)};
  ASSERT_TRUE(s.Ingest(a2, e2).ok());

  store::ArticleInput a3{"Nothing happened today.", "", "", "", std::nullopt};
  ASSERT_TRUE(s.Ingest(a3, {}).ok());

  store::StoredActor xi;
  xi.id = "person/xi-jinping";
  xi.name = "Xi Jinping";
  xi.kind = ActorKind::kPerson;
  xi.country = "China";
  xi.aliases = {"Xi", "Chinese President"};
  xi.offices = {{"President", "China", absl::CivilDay(2013, 3, 14), std::nullopt}};
  ASSERT_TRUE(s.UpsertActors({xi}).ok());
}

template <typename T, typename ListFn>
std::vector<T> All(ListFn list) {
  std::vector<T> out;
  PageRequest page{2, ""};  // Small pages: the paging is exercised too.
  do {
    absl::StatusOr<store::Page<T>> got = list(page);
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok()) break;
    out.insert(out.end(), got->items.begin(), got->items.end());
    page.page_token = got->next_page_token;
  } while (!page.page_token.empty());
  return out;
}

std::string Ref(const ActorRef& r) {
  return absl::StrCat(r.actor_id, "|", r.name, "|", static_cast<int>(r.kind), "|",
                      r.country, "|", r.office);
}
std::string Span(const extract::Provenance& p) {
  return absl::StrCat(p.begin, "-", p.end, ":", p.evidence);
}
std::string Day(const std::optional<absl::CivilDay>& d) {
  return d ? absl::FormatCivilTime(*d) : "-";
}

// Everything a client can read, with ids replaced by positions so two stores
// compare equal when their contents do.
std::vector<std::string> Snapshot(Store& s) {
  std::vector<std::string> out;
  std::map<int64_t, size_t> article_pos;
  for (const auto& a : All<store::StoredArticle>([&](auto& p) { return s.ListArticles({}, p); })) {
    article_pos[a.id] = article_pos.size();
    absl::StatusOr<store::StoredArticle> full = s.GetArticle(a.id);
    EXPECT_TRUE(full.ok());
    out.push_back(absl::StrCat("article ", full->input.text, "|", full->input.source, "|",
                               full->input.url, "|", full->input.external_id, "|",
                               Day(full->input.published), "|", full->title, "|",
                               full->content_sha256, "|", full->call_count, full->quote_count,
                               full->sanction_count));
  }
  std::map<int64_t, size_t> call_pos;
  for (const auto& c : All<store::StoredCall>([&](auto& p) { return s.ListCalls({}, p); })) {
    call_pos[c.id] = call_pos.size();
    std::vector<std::string> who, mentions;
    for (const auto& r : c.call.participants) who.push_back(Ref(r));
    for (const auto& m : c.mentions) {
      mentions.push_back(absl::StrCat(article_pos[m.article_id], "@", Span(m.provenance)));
    }
    out.push_back(absl::StrCat("call ", absl::StrJoin(who, ","), " ", Day(c.call.date), " ",
                               static_cast<int>(c.call.medium), " [",
                               absl::StrJoin(c.call.topics, ","), "] ",
                               absl::StrJoin(mentions, ";")));
  }
  std::map<int64_t, size_t> quote_pos;
  for (const auto& q : All<store::StoredQuote>([&](auto& p) { return s.ListQuotes({}, p); })) {
    quote_pos[q.id] = quote_pos.size();
    out.push_back(absl::StrCat("quote ", article_pos[q.article_id], " ", Day(q.date), " ",
                               Ref(q.quote.speaker), " ", q.quote.text, " ", q.quote.direct, " ",
                               Span(q.quote.provenance)));
  }
  std::map<int64_t, size_t> sanction_pos;
  for (const auto& x :
       All<store::StoredSanction>([&](auto& p) { return s.ListSanctions({}, p); })) {
    sanction_pos[x.id] = sanction_pos.size();
    out.push_back(absl::StrCat("sanction ", article_pos[x.article_id], " ", Day(x.date), " ",
                               Ref(x.sanction.imposer), " ", Ref(x.sanction.target), " ",
                               static_cast<int>(x.sanction.measure), " ",
                               absl::StrJoin(x.sanction.items, ","), " ",
                               static_cast<int>(x.sanction.status), " ",
                               Span(x.sanction.provenance)));
  }
  for (const auto& a : All<store::StoredActor>([&](auto& p) { return s.ListActors({}, p); })) {
    std::vector<std::string> offices;
    for (const auto& t : a.offices) {
      offices.push_back(absl::StrCat(t.office, "/", t.country, "/", Day(t.start), "/", Day(t.end)));
    }
    out.push_back(absl::StrCat("actor ", a.id, "|", a.name, "|", static_cast<int>(a.kind),
                               "|", a.country, "|", absl::StrJoin(a.aliases, ","), "|",
                               absl::StrJoin(offices, ","), "|", a.call_count, a.quote_count,
                               a.sanctions_imposed_count, a.sanctions_targeted_count));
  }
  absl::StatusOr<std::vector<store::SequencedEvent>> events = s.EventsAfter(0, 1000);
  EXPECT_TRUE(events.ok());
  for (const auto& e : *events) {
    using T = store::SequencedEvent::Type;
    out.push_back(e.type == T::kCall    ? absl::StrCat("event call ", call_pos[e.id])
                  : e.type == T::kQuote ? absl::StrCat("event quote ", quote_pos[e.id])
                                        : absl::StrCat("event sanction ", sanction_pos[e.id]));
  }
  return out;
}

std::unique_ptr<Store> MustOpen(const std::string& location) {
  store::StoreOptions options;
  options.location = location;
  absl::StatusOr<std::unique_ptr<Store>> s = store::Open(options);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

std::string TempDb(const std::string& name) {
  std::filesystem::path dir =
      std::filesystem::path(testing::TempDir()) / absl::StrCat("parley_migrate_", getpid());
  std::filesystem::create_directories(dir);
  std::string path = (dir / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

void CheckCopy(const std::string& target_location) {
  std::unique_ptr<Store> source = MustOpen(TempDb("source.db"));
  ASSERT_NE(source, nullptr);
  FillSource(*source);
  std::unique_ptr<Store> target = MustOpen(target_location);
  ASSERT_NE(target, nullptr);

  int progress_calls = 0;
  absl::StatusOr<MigrateStats> stats =
      MigrateStore(*source, *target, [&](const MigrateStats&) { ++progress_calls; });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->articles, 3);
  EXPECT_EQ(stats->copied, 3);
  EXPECT_EQ(stats->duplicates, 0);
  EXPECT_EQ(progress_calls, 3);
  std::vector<std::string> want = Snapshot(*source);
  // 3 articles, 2 calls, 1 quote, 1 sanction, 5 actors, 4 events.
  ASSERT_EQ(want.size(), 16u) << testing::PrintToString(want);
  EXPECT_THAT(Snapshot(*target), testing::ElementsAreArray(want));

  // A rerun finds everything there and writes nothing.
  int64_t last = target->LastSequence().value_or(-1);
  stats = MigrateStore(*source, *target);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->copied, 0);
  EXPECT_EQ(stats->duplicates, 3);
  EXPECT_EQ(target->LastSequence().value_or(-2), last);
  EXPECT_THAT(Snapshot(*target), testing::ElementsAreArray(want));
}

TEST(MigrateStoreTest, SqliteToSqliteKeepsEverything) { CheckCopy(TempDb("target.db")); }

TEST(MigrateStoreTest, SqliteToPostgresKeepsEverything) {
  if (!store::pg::TestServerUri()) GTEST_SKIP() << store::pg::kNoServerReason;
  ASSERT_TRUE(store::RegisterPostgresStore());
  CheckCopy(store::pg::FreshSchemaUri());
}

}  // namespace
}  // namespace parley::tools
