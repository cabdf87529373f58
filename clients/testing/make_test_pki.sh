#!/bin/sh
# Writes a throwaway PKI for the client suites' TLS tests into DIR (which
# must exist), with the openssl CLI; nothing is committed. EC P-256, valid
# for a day:
#   ca.pem                     the CA the services and clients trust
#   server.pem, server.key     SAN DNS:localhost, IP:127.0.0.1, signed by ca
#   client.pem, client.key     client identity for mutual TLS, signed by ca
#   other-ca.pem               an unrelated CA nobody should trust
# Usage: make_test_pki.sh DIR
set -eu
dir=${1:?usage: make_test_pki.sh DIR}
cd "$dir"
ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
quiet() { "$@" 2>/dev/null || { echo "make_test_pki.sh: failed: $*" >&2; exit 1; }; }

quiet openssl req -x509 $ec -days 1 -subj /CN=parley-test-ca -keyout ca.key -out ca.pem
quiet openssl req -x509 $ec -days 1 -subj /CN=parley-other-ca -keyout other-ca.key -out other-ca.pem
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
printf 'extendedKeyUsage=clientAuth\n' > client.ext
for who in server client; do
  quiet openssl req $ec -subj "/CN=parley-test-$who" -keyout "$who.key" -out "$who.csr"
  quiet openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
    -extfile "$who.ext" -out "$who.pem"
done
rm -f ./*.csr ./*.ext ca.srl
