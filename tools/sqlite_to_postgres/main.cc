// parley-migrate: copies a Parley store into another, typically a SQLite file
// into PostgreSQL when a deployment outgrows one machine:
//
//   parley-migrate --from /var/lib/parley/parley.db
//                  --to postgresql://parley:PASSWORD@db:5432/parley
//
// Stop the ingest service first (the query service may keep serving the
// SQLite file); rerunning after an interruption resumes. See migrate.h.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "migrate.h"
#include "parley/store/postgres_store.h"
#include "parley/store/store.h"

namespace {

absl::StatusOr<std::unique_ptr<parley::store::Store>> OpenStore(const std::string& location,
                                                                bool read_only) {
  parley::store::StoreOptions options;
  options.location = location;
  options.read_only = read_only;
  return parley::store::Open(options);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"parley-migrate: copy every article, event and actor of one store into another"};
  std::string from, to;
  bool quiet = false;
  app.add_option("--from", from, "source store: a SQLite file path")->required();
  app.add_option("--to", to, "target store: a postgresql:// URI (or another file)")->required();
  app.add_flag("-q,--quiet", quiet, "no progress output");
  CLI11_PARSE(app, argc, argv);

  parley::store::RegisterPostgresStore();
  auto source = OpenStore(from, /*read_only=*/true);
  if (!source.ok()) {
    std::fprintf(stderr, "parley-migrate: --from: %s\n", source.status().ToString().c_str());
    return 1;
  }
  auto target = OpenStore(to, /*read_only=*/false);
  if (!target.ok()) {
    std::fprintf(stderr, "parley-migrate: --to: %s\n", target.status().ToString().c_str());
    return 1;
  }
  const bool tty = !quiet && isatty(STDERR_FILENO);
  auto progress = [&](const parley::tools::MigrateStats& s) {
    if (tty && s.articles % 100 == 0) {
      std::fprintf(stderr, "\r%lld articles copied", static_cast<long long>(s.articles));
    }
  };
  absl::StatusOr<parley::tools::MigrateStats> stats =
      parley::tools::MigrateStore(**source, **target, progress);
  if (tty) std::fprintf(stderr, "\n");
  if (!stats.ok()) {
    std::fprintf(stderr, "parley-migrate: %s\n(rerun to resume: copied articles are skipped)\n",
                 stats.status().ToString().c_str());
    return 1;
  }
  if (!quiet) {
    std::printf("articles: %lld read, %lld copied, %lld already there; actors: %lld\n",
                static_cast<long long>(stats->articles), static_cast<long long>(stats->copied),
                static_cast<long long>(stats->duplicates), static_cast<long long>(stats->actors));
  }
  return 0;
}
