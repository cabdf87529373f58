#include "test_pki.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"

namespace parley::rpc::testing {
namespace {

struct Identity {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, EVP_PKEY_free};
  std::unique_ptr<X509, decltype(&X509_free)> cert{nullptr, X509_free};
};

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// A certificate for `cn` signed by `issuer` (self-signed when null), with
// the extensions given as (nid, value) pairs.
absl::StatusOr<Identity> Issue(const char* cn, const Identity* issuer, long serial,
                               const std::vector<std::pair<int, const char*>>& extensions) {
  Identity id;
  id.key.reset(EVP_EC_gen("P-256"));
  id.cert.reset(X509_new());
  if (id.key == nullptr || id.cert == nullptr) return absl::InternalError("key generation failed");
  X509* cert = id.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, id.key.get());
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* issuer_cert = issuer != nullptr ? issuer->cert.get() : cert;
  X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert));
  for (const auto& [nid, value] : extensions) {
    if (!AddExtension(cert, issuer_cert, nid, value)) {
      return absl::InternalError(absl::StrCat("extension ", value, " rejected"));
    }
  }
  EVP_PKEY* signer = issuer != nullptr ? issuer->key.get() : id.key.get();
  if (X509_sign(cert, signer, EVP_sha256()) == 0) return absl::InternalError("signing failed");
  return id;
}

absl::StatusOr<Identity> IssueCa(const char* cn, long serial) {
  return Issue(cn, nullptr, serial,
               {{NID_basic_constraints, "critical,CA:TRUE"},
                {NID_key_usage, "critical,keyCertSign,cRLSign"},
                {NID_subject_key_identifier, "hash"}});
}

absl::StatusOr<Identity> IssueLeaf(const char* cn, const Identity& ca, long serial, bool server) {
  std::vector<std::pair<int, const char*>> ext = {
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
      {NID_authority_key_identifier, "keyid"}};
  if (server) {
    ext.push_back({NID_ext_key_usage, "serverAuth"});
    ext.push_back({NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"});
  } else {
    ext.push_back({NID_ext_key_usage, "clientAuth"});
  }
  return Issue(cn, &ca, serial, ext);
}

absl::Status Write(const Identity& id, const std::string& cert_path, const std::string* key_path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new_file(cert_path.c_str(), "w"), BIO_free);
  if (out == nullptr || PEM_write_bio_X509(out.get(), id.cert.get()) != 1) {
    return absl::InternalError(absl::StrCat(cert_path, ": cannot write"));
  }
  if (key_path == nullptr) return absl::OkStatus();
  std::unique_ptr<BIO, decltype(&BIO_free)> key(BIO_new_file(key_path->c_str(), "w"), BIO_free);
  if (key == nullptr || PEM_write_bio_PrivateKey(key.get(), id.key.get(), nullptr, nullptr, 0,
                                                 nullptr, nullptr) != 1) {
    return absl::InternalError(absl::StrCat(*key_path, ": cannot write"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TestPki> WriteTestPki(const std::string& dir) {
  absl::StatusOr<Identity> ca = IssueCa("Parley Test CA", 1);
  absl::StatusOr<Identity> rogue_ca = IssueCa("Unrelated CA", 2);
  if (!ca.ok()) return ca.status();
  if (!rogue_ca.ok()) return rogue_ca.status();
  absl::StatusOr<Identity> server = IssueLeaf("localhost", *ca, 3, true);
  absl::StatusOr<Identity> client = IssueLeaf("parley-client", *ca, 4, false);
  absl::StatusOr<Identity> rogue = IssueLeaf("rogue-client", *rogue_ca, 5, false);
  for (const auto* id : {&server, &client, &rogue}) {
    if (!id->ok()) return id->status();
  }
  TestPki pki{.ca = dir + "/ca.pem",
              .server_cert = dir + "/server.pem",
              .server_key = dir + "/server.key",
              .client_cert = dir + "/client.pem",
              .client_key = dir + "/client.key",
              .rogue_cert = dir + "/rogue.pem",
              .rogue_key = dir + "/rogue.key"};
  for (absl::Status s : {Write(*ca, pki.ca, nullptr), Write(*server, pki.server_cert, &pki.server_key),
                         Write(*client, pki.client_cert, &pki.client_key),
                         Write(*rogue, pki.rogue_cert, &pki.rogue_key)}) {
    if (!s.ok()) return s;
  }
  return pki;
}

}  // namespace parley::rpc::testing
