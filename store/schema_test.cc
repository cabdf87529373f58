// The upgrade path: a file written at an older schema version (that
// release's schema text, applied by MigrateTo) is refused by a read-only
// opener, is upgraded in place by a read-write one, and then answers every
// List query exactly as a store created at the latest version with the same
// articles, before and after more are written.
#include "store/schema.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "parley/store/store.h"
#include "store/sqlite_db.h"
#include "store/sqlite_writer.h"
#include "store/text_hash.h"

namespace parley::store {
namespace {

namespace fs = std::filesystem;
using extract::ActorKind;
using extract::ActorRef;

std::string FreshPath(const std::string& name) {
  fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_schema_", getpid());
  fs::create_directories(dir);
  fs::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path.string();
}

ActorRef Ref(std::string id, std::string name, ActorKind kind, std::string country) {
  return ActorRef{std::move(id), std::move(name), kind, std::move(country), ""};
}

const std::vector<ActorRef>& People() {
  static const auto* people = new std::vector<ActorRef>{
      Ref("person/xi-jinping", "Xi Jinping", ActorKind::kPerson, "China"),
      Ref("person/moon-jae-in", "Moon Jae-in", ActorKind::kPerson, "South Korea"),
      Ref("person/shinzo-abe", "Shinzo Abe", ActorKind::kPerson, "Japan"),
      Ref("", "Kim Yo-jong", ActorKind::kPerson, "North Korea")};
  return *people;
}
const std::vector<ActorRef>& Countries() {
  static const auto* countries = new std::vector<ActorRef>{
      Ref("country/north-korea", "North Korea", ActorKind::kCountry, "North Korea"),
      Ref("country/iran", "Iran", ActorKind::kCountry, "Iran"),
      Ref("country/china", "China", ActorKind::kCountry, "China")};
  return *countries;
}
constexpr extract::Measure kMeasures[] = {extract::Measure::kExportBan,
                                          extract::Measure::kAssetFreeze,
                                          extract::Measure::kTariff};

// Article i: a call, a quote and a sanction, their actors, dates and
// measures cycling at different periods so filters cut across each other.
struct Input {
  ArticleInput article;
  extract::Extraction events;
};
Input MakeInput(int i) {
  Input in;
  in.article.text = absl::StrCat("Article ", i, ": leaders spoke about peace and trade.");
  in.article.source = i % 2 ? "Xinhua" : "Yonhap";
  in.article.published = absl::CivilDay(2015 + i % 6, 1 + i % 12, 1 + i % 28);
  const std::string& text = in.article.text;
  extract::Provenance span{0, text.size(), text};
  extract::Call call;
  call.participants = {People()[i % 4], People()[(i + 1 + i / 4) % 4]};
  if (call.participants[0].name == call.participants[1].name) call.participants.pop_back();
  call.participants.push_back(Countries()[i % 3]);
  call.date = in.article.published;
  call.medium = i % 3 ? extract::Medium::kPhone : extract::Medium::kVideo;
  call.topics = {i % 2 ? "trade" : "security"};
  call.provenance = span;
  in.events.calls.push_back(call);
  extract::Quote quote;
  quote.speaker = People()[i % 4];
  quote.text = i % 3 ? "peace is possible" : "no deal on trade";
  quote.direct = i % 2;
  quote.provenance = span;
  in.events.quotes.push_back(quote);
  extract::Sanction sanction;
  sanction.imposer = Ref("org/un", "United Nations", ActorKind::kInstitution, "");
  sanction.target = Countries()[i % 3];
  sanction.measure = kMeasures[(i / 3) % 3];
  sanction.status = extract::SanctionStatus::kImposed;
  sanction.items = {i % 2 ? "coal" : "oil"};
  sanction.provenance = span;
  in.events.sanctions.push_back(sanction);
  return in;
}
constexpr int kArticles = 40;

// A file as a binary at schema `version` left it, holding `articles`
// articles: they are written by the store's own writer into a scratch file
// at the latest version, then copied row by row, in the old file's columns,
// into a file migrated to `version` only. Old-version triggers (the
// quotes_fts insert trigger before v3) fire on the copy as they did then.
void WriteOldVersion(const std::string& path, int version, int articles) {
  const std::string scratch = path + ".scratch";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(scratch + suffix);
  {
    auto db = sqlite::Connection::Open(scratch, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE(sqlite::Migrate(**db).ok());
    ASSERT_TRUE((*db)->Exec("BEGIN").ok());
    for (int i = 0; i < articles; ++i) {
      Input in = MakeInput(i);
      IngestResult r;
      absl::StatusOr<std::string> sha = ContentSha256(in.article.text);
      ASSERT_TRUE(sha.ok());
      ASSERT_TRUE(sqlite::WriteArticle(**db, in.article, in.events, *sha, &r).ok());
      (*db)->ResetCached();
    }
    ASSERT_TRUE((*db)->Exec("COMMIT").ok());
  }
  auto db = sqlite::Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->Exec("PRAGMA journal_mode = WAL").ok());
  ASSERT_TRUE(sqlite::MigrateTo(**db, version).ok());
  ASSERT_TRUE((*db)->Exec(absl::StrCat("ATTACH '", scratch, "' AS scratch")).ok());
  std::vector<std::string> tables;
  {
    auto st = (*db)->Prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'quotes_fts%' AND name NOT IN ('store_meta', 'schema_migrations')");
    ASSERT_TRUE(st.ok());
    while (st->Step().value_or(false)) tables.push_back(st->Text(0));
  }
  ASSERT_FALSE(tables.empty());
  ASSERT_TRUE((*db)->Exec("BEGIN").ok());
  for (const std::string& table : tables) {
    std::vector<std::string> columns;
    auto st = (*db)->Prepare(absl::StrCat("SELECT name FROM pragma_table_info('", table,
                                          "', 'main')"));
    ASSERT_TRUE(st.ok());
    while (st->Step().value_or(false)) columns.push_back(st->Text(0));
    const std::string list = absl::StrJoin(columns, ", ");
    ASSERT_TRUE((*db)->Exec(absl::StrCat("INSERT INTO main.", table, "(", list, ") SELECT ", list,
                                         " FROM scratch.", table)).ok()) << table;
  }
  ASSERT_TRUE((*db)->Exec("COMMIT").ok());
  ASSERT_TRUE((*db)->Exec("DETACH scratch").ok());
  EXPECT_EQ((*db)->QueryInt("PRAGMA user_version").value_or(-1), version);
  EXPECT_EQ((*db)->QueryInt("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'peace'")
                .value_or(-1),
            (*db)->QueryInt("SELECT COUNT(*) FROM quotes WHERE text LIKE '%peace%'").value_or(-2));
}

// Every id a filter lists, page after page of 3.
template <typename Filter, typename ListFn>
std::vector<int64_t> AllIds(const Filter& f, ListFn list) {
  std::vector<int64_t> ids;
  PageRequest page{3, ""};
  for (int pages = 0; pages < 100; ++pages) {
    auto got = list(f, page);
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok()) break;
    for (const auto& item : got->items) ids.push_back(item.id);
    if (got->next_page_token.empty()) break;
    page.page_token = got->next_page_token;
  }
  return ids;
}

// Articles written before the upgrade, and after it (by the latest writer
// on the upgraded file and on the fresh one).
constexpr int kBefore = 30;

class SchemaMigrationTest : public testing::TestWithParam<int> {};

TEST_P(SchemaMigrationTest, OldFileUpgradesInPlaceAndAnswersTheSame) {
  const int version = GetParam();
  const std::string old_path = FreshPath(absl::StrCat("v", version, ".db"));
  const std::string new_path = FreshPath(absl::StrCat("latest_", version, ".db"));
  ASSERT_NO_FATAL_FAILURE(WriteOldVersion(old_path, version, kBefore));

  absl::Status refused = Open({old_path, /*read_only=*/true}).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  EXPECT_NE(refused.message().find("open it read-write once"), std::string::npos) << refused;

  absl::StatusOr<std::unique_ptr<Store>> upgraded = Open({old_path});
  ASSERT_TRUE(upgraded.ok()) << upgraded.status();
  absl::StatusOr<std::unique_ptr<Store>> fresh = Open({new_path});
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  for (int i = 0; i < kArticles; ++i) {
    Input in = MakeInput(i);
    ASSERT_TRUE((*fresh)->Ingest(in.article, in.events).ok());
    if (i >= kBefore) {
      ASSERT_TRUE((*upgraded)->Ingest(in.article, in.events).ok());
    }
  }
  {
    auto db = sqlite::Connection::Open(old_path, SQLITE_OPEN_READONLY);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ((*db)->QueryInt("PRAGMA user_version").value_or(-1),
              sqlite::LatestSchemaVersion());
    auto count = [&](const std::string& sql) { return (*db)->QueryInt(sql).value_or(-1); };
    EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                    "'sanctions_by_target_measure'"), 1);
    // v3: no trigger (the writer fills quotes_fts: one row per quote, not
    // two), the old participant index replaced, every participant dated.
    EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                    "'call_participants_by_actor'"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM call_participants p JOIN calls c ON c.id = p.call_id "
                    "WHERE p.date IS c.date"),
              count("SELECT COUNT(*) FROM call_participants"));
    EXPECT_GT(count("SELECT COUNT(*) FROM call_participants WHERE date IS NOT NULL"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM quotes_fts_docsize"), count("SELECT COUNT(*) FROM quotes"));
    EXPECT_EQ(count("SELECT COUNT(*) FROM quotes"), kArticles);
  }
  for (const std::string& path : {old_path, new_path}) {
    auto db = sqlite::Connection::Open(path, SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    absl::Status exact = (*db)->Exec("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')");
    EXPECT_TRUE(exact.ok()) << path << ": " << exact;
  }
  // A reader now opens it too.
  EXPECT_TRUE(Open({old_path, /*read_only=*/true}).ok());

  Store& a = **upgraded;
  Store& b = **fresh;
  auto both = [](Store& s) {
    return std::make_pair(
        [&s](const SanctionFilter& f, const PageRequest& p) { return s.ListSanctions(f, p); },
        [&s](const CallFilter& f, const PageRequest& p) { return s.ListCalls(f, p); });
  };
  for (const char* target : {"North Korea", "iran", "Nowhere"}) {
    for (auto measure : kMeasures) {
      SanctionFilter f;
      f.target = target;
      f.measure = measure;
      std::vector<int64_t> want = AllIds(f, both(b).first);
      EXPECT_EQ(AllIds(f, both(a).first), want) << target;
      if (std::string(target) != "Nowhere") {
        EXPECT_FALSE(want.empty()) << target;
      }
    }
  }
  SanctionFilter by_imposer;
  by_imposer.imposer = "United Nations";
  by_imposer.measure = extract::Measure::kTariff;
  EXPECT_EQ(AllIds(by_imposer, both(a).first), AllIds(by_imposer, both(b).first));
  EXPECT_FALSE(AllIds(by_imposer, both(b).first).empty());

  std::vector<int64_t> want;
  for (const char* who : {"xi jinping", "Moon Jae-in", "Kim Yo-jong"}) {
    CallFilter calls;
    calls.participant = who;
    calls.dates = {absl::CivilDay(2016, 1, 1), absl::CivilDay(2018, 12, 31)};
    want = AllIds(calls, both(b).second);
    EXPECT_FALSE(want.empty()) << who;
    EXPECT_EQ(AllIds(calls, both(a).second), want) << who;
    calls.dates = {absl::CivilDay(2017, 3, 1), absl::CivilDay(2017, 3, 31)};
    EXPECT_EQ(AllIds(calls, both(a).second), AllIds(calls, both(b).second)) << who;
    calls.dates = {};
    calls.medium = extract::Medium::kPhone;
    EXPECT_EQ(AllIds(calls, both(a).second), AllIds(calls, both(b).second)) << who;
  }

  QuoteFilter quotes;
  auto list_quotes = [](Store& s) {
    return [&s](const QuoteFilter& f, const PageRequest& p) { return s.ListQuotes(f, p); };
  };
  // Full text over quotes stored before the upgrade and after it.
  for (const char* text : {"peace", "deal trade", "possible"}) {
    quotes.text_query = text;
    want = AllIds(quotes, list_quotes(b));
    EXPECT_FALSE(want.empty()) << text;
    EXPECT_LT(want.front(), kBefore) << text;
    EXPECT_GT(want.back(), kBefore) << text;
    EXPECT_EQ(AllIds(quotes, list_quotes(a)), want) << text;
  }
}

INSTANTIATE_TEST_SUITE_P(FromEveryOldVersion, SchemaMigrationTest, testing::Values(1, 2),
                         [](const testing::TestParamInfo<int>& info) {
                           return absl::StrCat("Version", info.param);
                         });

}  // namespace
}  // namespace parley::store
