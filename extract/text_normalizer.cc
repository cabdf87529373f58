#include "text_normalizer.h"

#include "utf8proc.h"

namespace parley::extract {

std::string NormalizeText(std::string_view text) {
  std::string out(text);
  const size_t n = out.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      if (c == '\r') {
        out[i] = (i + 1 < n && out[i + 1] == '\n') ? ' ' : '\n';
      } else if (c < 0x20 && c != '\n') {
        out[i] = ' ';
      } else if (c == 0x7f) {
        out[i] = ' ';
      }
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(out.data() + i),
                                            static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (len <= 0) {
      out[i] = '?';
      ++i;
      continue;
    }
    if (cp == 0xA0) {  // No-break space.
      out[i] = ' ';
      out[i + 1] = ' ';
    } else if (cp >= 0x80 && cp < 0xA0) {  // C1 controls.
      out[i] = ' ';
      out[i + 1] = ' ';
    }
    i += static_cast<size_t>(len);
  }
  return out;
}

}  // namespace parley::extract
