// AddServiceCommands() and the helpers the service commands share.
#include "cli/service_commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "parley/rpc/bearer_token.h"
#include "parley/rpc/channel.h"
#include "parley/rpc/convert.h"

namespace parley::cli {

namespace {

struct ConnectionFlags {
  rpc::ChannelOptions channel;
  std::string token_file;
};

ConnectionFlags& Connection() {
  static ConnectionFlags* flags = new ConnectionFlags();
  return *flags;
}

}  // namespace

void AddServiceCommands(CLI::App& app) {
  AddIngestCommand(app);
  AddListCommands(app);
  AddEvalCommand(app);
  AddHealthCommand(app);
}

void AddAddressOption(CLI::App* command, std::string* addr, const char* fallback,
                      const char* service) {
  *addr = fallback;
  command
      ->add_option("--addr", *addr,
                   absl::StrCat("HOST:PORT of ", service, " (default: $PARLEY_ADDR, else ",
                                fallback, ")"))
      ->envname("PARLEY_ADDR");
  AddConnectionOptions(command);
}

void AddConnectionOptions(CLI::App* command) {
  ConnectionFlags& flags = Connection();
  command->add_flag("--tls", flags.channel.tls,
                    "Use TLS, trusting the system's CAs (implied by --tls-ca/--tls-cert)")
      ->envname("PARLEY_TLS");
  command->add_option("--tls-ca", flags.channel.tls_files.ca,
                      "PEM CA bundle that signed the server's certificate: use TLS")
      ->envname("PARLEY_TLS_CA");
  command->add_option("--tls-cert", flags.channel.tls_files.cert,
                      "PEM client certificate, for servers that require one (mutual TLS)")
      ->envname("PARLEY_TLS_CLIENT_CERT");
  command->add_option("--tls-key", flags.channel.tls_files.key, "PEM private key of --tls-cert")
      ->envname("PARLEY_TLS_CLIENT_KEY");
  command->add_option("--tls-server-name", flags.channel.tls_server_name,
                      "Name the server certificate must carry, if not the --addr host")
      ->envname("PARLEY_TLS_SERVER_NAME");
  command->add_option("--token-file", flags.token_file,
                      "File holding the bearer token to send (or set PARLEY_AUTH_TOKEN)")
      ->envname("PARLEY_AUTH_TOKEN_FILE");
}

std::shared_ptr<grpc::Channel> Connect(const std::string& command, const std::string& addr) {
  ConnectionFlags& flags = Connection();
  absl::StatusOr<std::string> token = rpc::ResolveBearerToken(flags.token_file, "--token-file");
  if (!token.ok()) Fail(command, token.status());
  rpc::ChannelOptions options = flags.channel;
  options.bearer_token = *std::move(token);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = rpc::MakeChannel(addr, options);
  if (!channel.ok()) Fail(command, channel.status());
  return *std::move(channel);
}

// gRPC reports a failed TLS handshake as a bare UNAVAILABLE; say what to check.
static const char* ConnectionHint(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kUnavailable) return nullptr;
  const rpc::ChannelOptions& c = Connection().channel;
  const bool tls = c.tls || !c.tls_files.ca.empty() || !c.tls_files.cert.empty();
  if (!tls) {
    return "is the server up at --addr? If it serves TLS, pass --tls-ca CA.pem (and "
           "--tls-cert/--tls-key if it requires client certificates)";
  }
  return "is the server up at --addr and serving TLS? Check that --tls-ca signed its "
         "certificate, that the certificate names the --addr host (else --tls-server-name), "
         "and --tls-cert/--tls-key if it requires client certificates";
}

void Fail(const std::string& command, const absl::Status& status) {
  std::cerr << "parley " << command << ": " << status.ToString() << std::endl;
  if (const char* hint = ConnectionHint(status)) std::cerr << "  hint: " << hint << std::endl;
  throw CLI::RuntimeError(1);
}

absl::StatusOr<absl::CivilDay> ParseDay(const std::string& text, const std::string& flag) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) ||
      absl::FormatCivilTime(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": \"", text, "\" is not a date YYYY-MM-DD"));
  }
  return day;
}

namespace fs = std::filesystem;

static ArticleFile FileFor(const fs::path& text_path) {
  ArticleFile file;
  file.text_path = text_path.string();
  file.id = text_path.filename().string();
  if (text_path.extension() == ".txt") file.id = text_path.stem().string();
  fs::path meta = text_path.parent_path() / (file.id + ".meta.json");
  std::error_code ec;
  if (text_path.extension() == ".txt" && fs::is_regular_file(meta, ec)) {
    file.meta_path = meta.string();
  }
  return file;
}

absl::StatusOr<std::vector<ArticleFile>> FindArticleFiles(const std::string& path) {
  if (path == "-") return std::vector<ArticleFile>{{"-", "-", ""}};
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return std::vector<ArticleFile>{FileFor(path)};
  if (!fs::is_directory(path, ec)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file or directory"));
  }
  std::vector<fs::path> texts;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") {
      texts.push_back(entry.path());
    }
  }
  if (ec) return absl::UnavailableError(absl::StrCat(path, ": ", ec.message()));
  std::sort(texts.begin(), texts.end());
  std::vector<ArticleFile> files;
  files.reserve(texts.size());
  for (const auto& t : texts) files.push_back(FileFor(t));
  return files;
}

static absl::StatusOr<std::string> ReadAll(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return absl::UnavailableError(absl::StrCat(path, ": read error"));
  return out.str();
}

// ID.meta.json: {"published": "YYYY-MM-DD", "source": "..."}, both optional.
static absl::Status ApplyMeta(const std::string& path, v1::ArticleInput* article) {
  absl::StatusOr<std::string> text = ReadAll(path);
  if (!text.ok()) return text.status();
  nlohmann::json meta = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!meta.is_object()) return absl::InvalidArgumentError(absl::StrCat(path, ": not a JSON object"));
  if (auto it = meta.find("published"); it != meta.end() && !it->is_null()) {
    if (!it->is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": published: not a string"));
    }
    absl::StatusOr<absl::CivilDay> day = ParseDay(it->get<std::string>(), path + ": published");
    if (!day.ok()) return day.status();
    *article->mutable_published() = rpc::DateToProto(*day);
  }
  if (auto it = meta.find("source"); it != meta.end() && it->is_string()) {
    article->set_source(it->get<std::string>());
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ArticleInput> ReadArticle(const ArticleFile& file) {
  v1::ArticleInput article;
  absl::StatusOr<std::string> text = ReadAll(file.text_path);
  if (!text.ok()) return text.status();
  article.set_text(*std::move(text));
  if (file.text_path != "-") article.set_external_id(file.id);
  if (!file.meta_path.empty()) {
    absl::Status meta = ApplyMeta(file.meta_path, &article);
    if (!meta.ok()) return meta;
  }
  return article;
}

}  // namespace parley::cli
