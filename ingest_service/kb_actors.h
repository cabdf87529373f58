// The knowledge base's actors in the store's shape, so the store can match
// name filters against every known alias ("Xi", "DPRK"), not only against
// the names events happened to use.
#ifndef PARLEY_INGEST_SERVICE_KB_ACTORS_H_
#define PARLEY_INGEST_SERVICE_KB_ACTORS_H_

#include <vector>

#include "parley/actors/knowledge_base.h"
#include "parley/store/store.h"

namespace parley::ingest {

std::vector<store::StoredActor> KnowledgeBaseActors(const actors::KnowledgeBase& kb);

}  // namespace parley::ingest

#endif  // PARLEY_INGEST_SERVICE_KB_ACTORS_H_
