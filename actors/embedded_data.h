// The data/actors/*.tsv files, compiled in by a build step
// (cmake/embed_files.cmake writes embedded_data.cc into the build tree).
#ifndef PARLEY_ACTORS_EMBEDDED_DATA_H_
#define PARLEY_ACTORS_EMBEDDED_DATA_H_

#include <cstddef>

namespace parley::actors::internal {

struct EmbeddedFile {
  const char* name;  // "people.tsv"
  const unsigned char* data;
  size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

}  // namespace parley::actors::internal

#endif  // PARLEY_ACTORS_EMBEDDED_DATA_H_
