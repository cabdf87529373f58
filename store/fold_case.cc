#include "store/fold_case.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace parley::store {

std::string FoldCase(absl::string_view text) {
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (n < 0) return absl::AsciiStrToLower(std::string(text));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(folded, &std::free);
  return std::string(reinterpret_cast<const char*>(folded), n);
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string limit(prefix);
  while (!limit.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(limit.back());
    if (last != 0xff) {
      ++last;
      return limit;
    }
    limit.pop_back();
  }
  return limit;
}

}  // namespace parley::store
