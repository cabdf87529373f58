#include "tsv.h"

#include "gtest/gtest.h"

namespace parley::actors {
namespace {

TEST(TsvTest, SkipsCommentsAndBlankLines) {
  auto rows = ParseTsv("# c\na\tb\n\n1\t2\n# x\n3\t\r\n", "f.tsv", {"a", "b"});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].line, 4);
  EXPECT_EQ((*rows)[1].fields[1], "");
}

TEST(TsvTest, ErrorsNameFileAndLine) {
  auto bad_header = ParseTsv("x\ty\n", "f.tsv", {"a", "b"});
  EXPECT_NE(bad_header.status().message().find("f.tsv:1:"), std::string::npos);
  auto bad_count = ParseTsv("a\tb\n1\t2\n1\n", "g.tsv", {"a", "b"});
  EXPECT_NE(bad_count.status().message().find("g.tsv:3:"), std::string::npos);
  EXPECT_FALSE(ParseTsv("", "e.tsv", {"a"}).ok());
}

TEST(TsvTest, SplitMultiTrimsAndDropsEmpties) {
  EXPECT_EQ(SplitMulti(" a | b||c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(SplitMulti("").empty());
}

}  // namespace
}  // namespace parley::actors
