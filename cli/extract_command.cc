// `parley extract`: runs the extraction engine locally, no server needed.
//
//   parley extract FILE|-                 the article's events, detailed JSON
//   parley extract --eval-dir DIR --out DIR   ID.txt (+ ID.meta.json) -> OUT/ID.json
//   --data-dir DIR (or PARLEY_DATA_DIR)   knowledge base instead of the embedded one
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "cli/commands.h"
#include "nlohmann/json.hpp"
#include "parley/actors/knowledge_base.h"
#include "parley/extract/eval_json.h"
#include "parley/extract/extractor.h"

namespace parley::cli {
namespace {

namespace fs = std::filesystem;

struct ExtractOptions {
  std::string file;
  std::string eval_dir;
  std::string out_dir;
  std::string data_dir;
};

[[noreturn]] void Fail(const std::string& message, int code = 1) {
  std::cerr << "parley extract: " << message << "\n";
  throw CLI::RuntimeError(code);
}

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::unique_ptr<actors::KnowledgeBase> LoadKb(const std::string& flag_dir) {
  std::string dir = flag_dir;
  if (dir.empty()) {
    if (const char* env = std::getenv("PARLEY_DATA_DIR"); env != nullptr) dir = env;
  }
  auto kb = dir.empty() ? actors::KnowledgeBase::LoadEmbedded()
                        : actors::KnowledgeBase::LoadFromDirectory(dir);
  if (!kb.ok()) Fail("knowledge base: " + std::string(kb.status().message()));
  return std::move(kb).value();
}

// ID.meta.json: {"published": "YYYY-MM-DD", "source": "..."}, both optional.
extract::ArticleMeta ReadMeta(const fs::path& path) {
  extract::ArticleMeta meta;
  std::string text;
  if (!ReadFile(path, &text)) return meta;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) Fail(path.string() + ": not a JSON object");
  if (j.contains("published") && j["published"].is_string()) {
    absl::CivilDay day;
    std::string s = j["published"].get<std::string>();
    if (s.size() != 10 || !absl::ParseCivilTime(s, &day)) {
      Fail(path.string() + ": published: expected YYYY-MM-DD, got '" + s + "'");
    }
    meta.published = day;
  }
  if (j.contains("source") && j["source"].is_string()) meta.source = j["source"].get<std::string>();
  return meta;
}

extract::Extraction RunOne(const extract::Extractor& ex, const std::string& text,
                           const extract::ArticleMeta& meta, const std::string& what) {
  auto x = ex.Extract(text, meta);
  if (!x.ok()) Fail(what + ": " + std::string(x.status().message()));
  return std::move(x).value();
}

void RunEvalDir(const extract::Extractor& ex, const ExtractOptions& o) {
  if (o.out_dir.empty()) Fail("--eval-dir needs --out DIR", 2);
  std::error_code ec;
  if (!fs::is_directory(o.eval_dir, ec)) Fail("--eval-dir: not a directory: " + o.eval_dir);
  fs::create_directories(o.out_dir, ec);
  if (ec) Fail("--out: cannot create " + o.out_dir + ": " + ec.message());
  int n = 0;
  for (const auto& entry : fs::directory_iterator(o.eval_dir)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".txt") continue;
    std::string id = p.stem().string();
    std::string text;
    if (!ReadFile(p, &text)) Fail("cannot read " + p.string());
    extract::ArticleMeta meta = ReadMeta(p.parent_path() / (id + ".meta.json"));
    extract::Extraction x = RunOne(ex, text, meta, p.string());
    std::string body = extract::ToEvalJson(id, x).dump(2) + "\n";
    // Write to a temporary name first so no reader sees half a file.
    fs::path out = fs::path(o.out_dir) / (id + ".json");
    fs::path tmp = out;
    tmp += ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << body;
      if (!f) Fail("cannot write " + tmp.string());
    }
    fs::rename(tmp, out, ec);
    if (ec) Fail("cannot write " + out.string() + ": " + ec.message());
    ++n;
  }
  std::cerr << "parley extract: " << n << " articles -> " << o.out_dir << "\n";
}

void RunFile(const extract::Extractor& ex, const ExtractOptions& o) {
  std::string text;
  std::string id;
  extract::ArticleMeta meta;
  if (o.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    id = "stdin";
  } else {
    fs::path p(o.file);
    if (!ReadFile(p, &text)) Fail("cannot read " + o.file);
    id = p.stem().string();
    fs::path meta_path = p.parent_path() / (id + ".meta.json");
    meta = ReadMeta(meta_path);
  }
  extract::Extraction x = RunOne(ex, text, meta, o.file);
  std::cout << extract::ToDetailedJson(id, x).dump(2) << "\n";
}

}  // namespace

void AddExtractCommand(CLI::App& app) {
  auto opts = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract calls, quotes and sanctions from articles (locally)");
  cmd->add_option("file", opts->file, "Article text file, or - for stdin");
  cmd->add_option("--eval-dir", opts->eval_dir, "Directory of ID.txt (and ID.meta.json) files");
  cmd->add_option("--out", opts->out_dir, "With --eval-dir: directory for ID.json results");
  cmd->add_option("--data-dir", opts->data_dir,
                  "Knowledge-base directory (default: $PARLEY_DATA_DIR, else the embedded data)");
  cmd->callback([opts]() {
    if (opts->file.empty() == opts->eval_dir.empty()) Fail("give either FILE or --eval-dir DIR --out DIR", 2);
    auto kb = LoadKb(opts->data_dir);
    auto ex = extract::Extractor::Create(kb.get());
    if (!ex.ok()) Fail(std::string(ex.status().message()));
    if (!opts->eval_dir.empty()) {
      RunEvalDir(**ex, *opts);
    } else {
      RunFile(**ex, *opts);
    }
  });
}

}  // namespace parley::cli
