// Text normalisation: makes any byte string safe to tokenise while keeping
// every byte offset valid, so provenance spans point into the caller's text.
#ifndef PARLEY_EXTRACT_TEXT_NORMALIZER_H_
#define PARLEY_EXTRACT_TEXT_NORMALIZER_H_

#include <string>
#include <string_view>

namespace parley::extract {

// Returns a string of exactly text.size() bytes that is valid UTF-8: each
// byte of an invalid sequence becomes '?', NUL and other control characters
// become ' ' (newlines are kept; a lone '\r' becomes '\n'), and the two-byte
// no-break space becomes two spaces.
std::string NormalizeText(std::string_view text);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_TEXT_NORMALIZER_H_
