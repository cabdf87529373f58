package parley

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// Option configures Dial. The defaults are plaintext and no token; the
// TLS options are named after the parley CLI's flags and apply to both
// services.
type Option func(*settings)

type settings struct {
	tls             bool
	tlsCA           string
	tlsCert, tlsKey string
	tlsServerName   string
	token           string
	tokenSet        bool
	grpcDialOptions []grpc.DialOption
}

// WithTLS dials with TLS, verifying the servers against the system's
// trusted CAs. Implied by WithTLSCA and WithTLSCert.
func WithTLS() Option { return func(s *settings) { s.tls = true } }

// WithTLSCA dials with TLS, verifying the servers against the PEM CA
// bundle in caFile.
func WithTLSCA(caFile string) Option {
	return func(s *settings) { s.tls, s.tlsCA = true, caFile }
}

// WithTLSCert presents a client certificate (PEM files), for servers that
// require mutual TLS. Implies TLS.
func WithTLSCert(certFile, keyFile string) Option {
	return func(s *settings) { s.tls, s.tlsCert, s.tlsKey = true, certFile, keyFile }
}

// WithTLSServerName is the name the server certificates must carry, when
// it is not the address's host (e.g. a port-forward to 127.0.0.1).
func WithTLSServerName(name string) Option {
	return func(s *settings) { s.tlsServerName = name }
}

// WithToken sends "authorization: Bearer <token>" with every call, over
// TLS or plaintext alike. Surrounding whitespace is stripped, so a token
// file's contents will do.
func WithToken(token string) Option {
	return func(s *settings) { s.token, s.tokenSet = strings.TrimSpace(token), true }
}

// WithDialOptions passes options through to grpc.Dial (after Parley's own,
// so they take precedence).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(s *settings) { s.grpcDialOptions = append(s.grpcDialOptions, opts...) }
}

// dialOptions turns the settings into grpc.DialOptions; errors name the
// Option whose files or token cannot be used, before anything is dialed.
func (s *settings) dialOptions() ([]grpc.DialOption, error) {
	var opts []grpc.DialOption
	if s.tls {
		creds, err := s.transportCredentials()
		if err != nil {
			return nil, err
		}
		opts = append(opts, grpc.WithTransportCredentials(creds))
	} else {
		// gRPC-Go 1.33 (Debian) predates credentials/insecure.
		opts = append(opts, grpc.WithInsecure())
	}
	if s.tokenSet {
		if err := checkToken(s.token); err != nil {
			return nil, err
		}
		opts = append(opts, grpc.WithPerRPCCredentials(bearerToken("Bearer "+s.token)))
	}
	return append(opts, s.grpcDialOptions...), nil
}

func (s *settings) transportCredentials() (credentials.TransportCredentials, error) {
	config := &tls.Config{ServerName: s.tlsServerName, MinVersion: tls.VersionTLS12}
	if s.tlsCA != "" {
		pem, err := os.ReadFile(s.tlsCA)
		if err != nil {
			return nil, fmt.Errorf("parley: WithTLSCA: %w", err)
		}
		config.RootCAs = x509.NewCertPool()
		if !config.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("parley: WithTLSCA: %s: no PEM certificate", s.tlsCA)
		}
	}
	if s.tlsCert != "" || s.tlsKey != "" {
		pair, err := tls.LoadX509KeyPair(s.tlsCert, s.tlsKey)
		if err != nil {
			return nil, fmt.Errorf("parley: WithTLSCert(%q, %q): %w", s.tlsCert, s.tlsKey, err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return credentials.NewTLS(config), nil
}

// checkToken accepts what the services accept: printable ASCII, no spaces.
func checkToken(token string) error {
	if token == "" {
		return errors.New("parley: WithToken: token is empty")
	}
	for _, c := range token {
		if c < '!' || c > '~' {
			return errors.New("parley: WithToken: token must be printable ASCII without spaces")
		}
	}
	return nil
}

// bearerToken is the "authorization" header of every call. It does not
// require transport security: a token must also work on a plaintext
// loopback connection (gRPC-Go would otherwise refuse to send it).
type bearerToken string

func (b bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": string(b)}, nil
}

func (bearerToken) RequireTransportSecurity() bool { return false }
