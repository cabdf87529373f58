// The data/lexicon/*.tsv files, compiled in by a build step
// (cmake/embed_files.cmake writes embedded_lexicon.cc into the build tree).
#ifndef PARLEY_EXTRACT_EMBEDDED_LEXICON_H_
#define PARLEY_EXTRACT_EMBEDDED_LEXICON_H_

#include <cstddef>

namespace parley::extract::internal {

struct EmbeddedFile {
  const char* name;  // "word_classes.tsv"
  const unsigned char* data;
  size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

}  // namespace parley::extract::internal

#endif  // PARLEY_EXTRACT_EMBEDDED_LEXICON_H_
