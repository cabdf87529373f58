#include "parley/rpc/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "parley/common/status_macros.h"

namespace parley::rpc {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(flag, ": ", path, ": cannot open"));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return absl::UnavailableError(absl::StrCat(flag, ": ", path, ": read error"));
  return out.str();
}

Bio MemoryBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of a PEM file; also rejects an expired one, which
// every peer would refuse with an unhelpful handshake error.
absl::StatusOr<Cert> FirstCertificate(const std::string& pem, const std::string& path,
                                      const char* flag) {
  Bio bio = MemoryBio(pem);
  Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": ", path, ": no PEM certificate (\"-----BEGIN CERTIFICATE-----\")"));
  }
  if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", path, ": certificate has expired"));
  }
  return cert;
}

absl::StatusOr<Key> PrivateKey(const std::string& pem, const std::string& path) {
  Bio bio = MemoryBio(pem);
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-key: ", path, ": no unencrypted PEM private key (\"-----BEGIN PRIVATE KEY-----\")"));
  }
  return key;
}

// Reads the certificate and key of one side and checks they belong together.
absl::Status ReadIdentity(const std::string& cert_path, const std::string& key_path,
                          std::string* cert_pem, std::string* key_pem) {
  if (cert_path.empty() != key_path.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key: give both (a certificate and its private key) or neither");
  }
  PARLEY_ASSIGN_OR_RETURN(*cert_pem, ReadPem(cert_path, "--tls-cert"));
  PARLEY_ASSIGN_OR_RETURN(*key_pem, ReadPem(key_path, "--tls-key"));
  PARLEY_ASSIGN_OR_RETURN(Cert cert, FirstCertificate(*cert_pem, cert_path, "--tls-cert"));
  PARLEY_ASSIGN_OR_RETURN(Key key, PrivateKey(*key_pem, key_path));
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat("--tls-key: ", key_path,
                                                   " is not the private key of the certificate in ",
                                                   cert_path, " (--tls-cert)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadCa(const std::string& path, const char* flag) {
  PARLEY_ASSIGN_OR_RETURN(std::string pem, ReadPem(path, flag));
  PARLEY_RETURN_IF_ERROR(FirstCertificate(pem, path, flag).status());
  return pem;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& files) {
  if (files.cert.empty() || files.key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key: TLS needs both a certificate and its private key");
  }
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  PARLEY_RETURN_IF_ERROR(ReadIdentity(files.cert, files.key, &pair.cert_chain, &pair.private_key));
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!files.client_ca.empty()) {
    PARLEY_ASSIGN_OR_RETURN(options.pem_root_certs, ReadCa(files.client_ca, "--tls-client-ca"));
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeClientCredentials(
    const ClientTlsFiles& files) {
  grpc::SslCredentialsOptions options;
  if (!files.ca.empty()) {
    PARLEY_ASSIGN_OR_RETURN(options.pem_root_certs, ReadCa(files.ca, "--tls-ca"));
  }
  if (!files.cert.empty() || !files.key.empty()) {
    PARLEY_RETURN_IF_ERROR(
        ReadIdentity(files.cert, files.key, &options.pem_cert_chain, &options.pem_private_key));
  }
  return grpc::SslCredentials(options);
}

}  // namespace parley::rpc
