// Test helpers: the fixture knowledge base and a one-call pipeline.
#ifndef PARLEY_EXTRACT_TEST_UTIL_H_
#define PARLEY_EXTRACT_TEST_UTIL_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "parley/actors/knowledge_base.h"
#include "parley/extract/extractor.h"

namespace parley::extract {

inline const actors::KnowledgeBase& FixtureKb() {
  static const actors::KnowledgeBase* kb = [] {
    auto loaded = actors::KnowledgeBase::LoadFromDirectory(PARLEY_ACTORS_TESTDATA);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? std::move(loaded).value().release() : nullptr;
  }();
  return *kb;
}

inline Extraction RunEngine(const std::string& text, std::optional<absl::CivilDay> published = std::nullopt) {
  auto ex = Extractor::Create(&FixtureKb());
  EXPECT_TRUE(ex.ok());
  ArticleMeta meta;
  meta.published = published;
  auto x = (*ex)->Extract(text, meta);
  EXPECT_TRUE(x.ok());
  return x.ok() ? *x : Extraction{};
}

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_TEST_UTIL_H_
