#include "text_normalizer.h"

#include "gtest/gtest.h"
#include "utf8proc.h"

namespace parley::extract {
namespace {

bool ValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t i = 0, n = static_cast<utf8proc_ssize_t>(s.size());
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) return false;
    i += len;
  }
  return true;
}

TEST(TextNormalizerTest, KeepsLengthAndReplacesBadBytes) {
  std::string in = std::string("Xi\0said \xff\xfe ok\r\n", 16) + "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d";
  std::string out = NormalizeText(in);
  EXPECT_EQ(out.size(), in.size());
  EXPECT_TRUE(ValidUtf8(out));
  EXPECT_EQ(out.substr(0, 3), "Xi ");
  EXPECT_NE(out.find("??"), std::string::npos);
  EXPECT_NE(out.find("caf\xc3\xa9"), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
}

TEST(TextNormalizerTest, EmptyAndTruncatedSequences) {
  EXPECT_EQ(NormalizeText(""), "");
  std::string out = NormalizeText("ab\xe2\x80");
  EXPECT_EQ(out, "ab??");
}

}  // namespace
}  // namespace parley::extract
