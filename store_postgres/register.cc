// Linked as an OBJECT library (parley_store_postgres_register) so that this
// static initializer runs: store::Open() then routes postgresql:// URIs to the
// PostgreSQL store without the program calling anything.
#include "parley/store/postgres_store.h"

namespace {
const bool registered = parley::store::RegisterPostgresStore();
}  // namespace
