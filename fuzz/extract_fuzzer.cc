// extract_fuzzer: any bytes through Extractor::Extract, the engine's whole
// path (normalisation, segmentation, dates, names, events).
//
// Beyond "no crash, no sanitizer report, no timeout", it checks the contract
// extractor.h states: Extract() accepts every byte string, and what it
// returns points inside the text it was given.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "parley/actors/knowledge_base.h"
#include "parley/extract/extractor.h"

namespace {

using parley::extract::Extraction;
using parley::extract::Provenance;

// The knowledge base and engine are built once: loading them is the slow
// part, and Extract() is const and thread-safe by contract.
const parley::extract::Extractor& Engine() {
  static const auto* kb = [] {
    auto loaded = parley::actors::KnowledgeBase::LoadEmbedded();
    if (!loaded.ok()) {
      std::fprintf(stderr, "extract_fuzzer: knowledge base: %s\n",
                   loaded.status().ToString().c_str());
      std::abort();
    }
    return loaded->release();
  }();
  static const auto* engine = [] {
    auto created = parley::extract::Extractor::Create(kb);
    if (!created.ok()) {
      std::fprintf(stderr, "extract_fuzzer: engine: %s\n", created.status().ToString().c_str());
      std::abort();
    }
    return created->release();
  }();
  return *engine;
}

[[noreturn]] void Violated(const char* what) {
  std::fprintf(stderr, "extract_fuzzer: contract violated: %s\n", what);
  std::abort();
}

void CheckProvenance(const Provenance& p, size_t text_size) {
  if (p.begin > p.end || p.end > text_size) Violated("provenance span outside the text");
}

void CheckExtraction(const Extraction& e, size_t text_size) {
  for (const auto& call : e.calls) {
    if (call.participants.size() < 2) Violated("a call with fewer than two participants");
    CheckProvenance(call.provenance, text_size);
  }
  for (const auto& quote : e.quotes) CheckProvenance(quote.provenance, text_size);
  for (const auto& sanction : e.sanctions) CheckProvenance(sanction.provenance, text_size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Once without metadata (dates come from the text, if at all) and once
  // with a publication date, so relative-date resolution runs too.
  parley::extract::ArticleMeta none;
  parley::extract::ArticleMeta dated;
  dated.published = absl::CivilDay(2019, 6, 30);
  dated.source = "Xinhua";
  for (const auto* meta : {&none, &dated}) {
    auto extraction = Engine().Extract(text, *meta);
    if (!extraction.ok()) Violated("Extract() rejected input (it must accept any bytes)");
    CheckExtraction(*extraction, size);
  }
  return 0;
}
