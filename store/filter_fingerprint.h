// Canonical serialisations of the List*() filters, bound into page tokens so
// a token only continues the listing it came from. Page size is left out on
// purpose: AIP-158 lets a client change it between pages.
#ifndef PARLEY_STORE_FILTER_FINGERPRINT_H_
#define PARLEY_STORE_FILTER_FINGERPRINT_H_

#include <string>

#include "parley/store/store.h"

namespace parley::store {

std::string Fingerprint(const CallFilter& f);
std::string Fingerprint(const QuoteFilter& f);
std::string Fingerprint(const SanctionFilter& f);
std::string Fingerprint(const ActorFilter& f);
std::string Fingerprint(const ArticleFilter& f);

}  // namespace parley::store

#endif  // PARLEY_STORE_FILTER_FINGERPRINT_H_
