// A data file compiled into a binary by parley_embed_files()
// (cmake/ParleyHelpers.cmake), so the binary carries its default data (the
// knowledge base, the engine's lexicon) and needs nothing beside it at run
// time. Each embedding defines `<namespace>::EmbeddedFiles()` in a generated
// header of the same name as the embedding.
#ifndef PARLEY_COMMON_EMBEDDED_FILE_H_
#define PARLEY_COMMON_EMBEDDED_FILE_H_

#include <cstddef>
#include <string_view>

namespace parley {

struct EmbeddedFile {
  const char* name;  // The file's name without its directory: "people.tsv".
  const unsigned char* data;
  size_t size;

  std::string_view contents() const { return {reinterpret_cast<const char*>(data), size}; }
};

}  // namespace parley

#endif  // PARLEY_COMMON_EMBEDDED_FILE_H_
