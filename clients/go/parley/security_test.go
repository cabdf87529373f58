package parley

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	parleyv1 "github.com/parley/parley/gen/go/parley/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const securityArticle = "Xi Jinping holds phone talks with Emmanuel Macron\n\n" +
	"BEIJING, March 3, 2021 (Xinhua) -- Chinese President Xi Jinping held " +
	"a phone call with French President Emmanuel Macron on Wednesday.\n"

// tokenFile writes a fresh random token (with a trailing newline, as a
// file would have it) into dir; returns the token and the file.
func tokenFile(t *testing.T, dir string) (string, string) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		t.Fatal(err)
	}
	token, path := hex.EncodeToString(raw), filepath.Join(dir, "token")
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return token, path
}

// testPKI runs clients/testing/make_test_pki.sh (the openssl CLI) into a
// temporary directory and returns a function naming its files.
func testPKI(t *testing.T) func(string) string {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("the openssl CLI is needed to make test certificates")
	}
	wd, _ := os.Getwd() // a GOPATH link to clients/go/parley
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	dir := t.TempDir()
	script := filepath.Join(wd, "..", "..", "testing", "make_test_pki.sh")
	if out, err := exec.Command(script, dir).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return func(name string) string { return filepath.Join(dir, name) }
}

func dialOrFatal(t *testing.T, svc *services, opts ...Option) *Client {
	t.Helper()
	c, err := Dial(svc.ingestAddr, svc.queryAddr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func wantCode(t *testing.T, what string, err error, want codes.Code) {
	t.Helper()
	if status.Code(err) != want {
		t.Errorf("%s: %v, want %v", what, err, want)
	}
}

func TestTokenOnPlaintext(t *testing.T) {
	token, file := tokenFile(t, t.TempDir())
	svc := startServicesWith(t, serviceFlags{ingest: []string{"--auth-token-file", file}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	article := &parleyv1.ArticleInput{Text: securityArticle}

	t.Run("RightTokenIngestsUnaryAndStream", func(t *testing.T) {
		c := dialOrFatal(t, svc, WithToken(token+"\n"))
		stored, err := c.IngestText(ctx, article, "unary")
		if err != nil || stored.ArticleId <= 0 {
			t.Fatalf("IngestText = %v, %v", stored, err)
		}
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Replace(securityArticle, "Wednesday", "Thursday", 1)), 0o644)
		var streamed []*parleyv1.IngestArticleResponse
		err = c.IngestFolder(ctx, dir, func(r *parleyv1.IngestArticleResponse) error {
			streamed = append(streamed, r)
			return nil
		})
		if err != nil || len(streamed) != 1 || streamed[0].Error != nil || streamed[0].ArticleId <= stored.ArticleId {
			t.Fatalf("IngestFolder = %v, %v", streamed, err)
		}
	})
	t.Run("NoTokenIsUnauthenticated", func(t *testing.T) {
		c := dialOrFatal(t, svc)
		_, err := c.IngestText(ctx, &parleyv1.ArticleInput{Text: securityArticle + "no token\n"}, "")
		wantCode(t, "no token", err, codes.Unauthenticated)
		if !strings.Contains(status.Convert(err).Message(), "authorization") {
			t.Errorf("message %q does not name authorization", status.Convert(err).Message())
		}
	})
	t.Run("WrongTokenIsUnauthenticated", func(t *testing.T) {
		c := dialOrFatal(t, svc, WithToken(token+"x"))
		_, err := c.IngestText(ctx, article, "")
		wantCode(t, "wrong token", err, codes.Unauthenticated)
	})
	t.Run("HealthNeedsNoToken", func(t *testing.T) {
		if got, err := dialOrFatal(t, svc).Health(ctx, "ingest"); got != "SERVING" || err != nil {
			t.Errorf("Health(ingest) = %q, %v", got, err)
		}
	})
	t.Run("NothingStoredWithoutTheToken", func(t *testing.T) {
		n := 0
		err := dialOrFatal(t, svc).ForEachArticle(ctx, &parleyv1.ListArticlesRequest{}, func(*parleyv1.Article) error {
			n++
			return nil
		})
		if err != nil || n != 2 {
			t.Errorf("%d articles stored (%v), want 2: the two sent with the token", n, err)
		}
	})
}

func TestMutualTLS(t *testing.T) {
	pki := testPKI(t)
	token, file := tokenFile(t, t.TempDir())
	serve := []string{"--tls-cert", pki("server.pem"), "--tls-key", pki("server.key")}
	full := []Option{WithTLSCA(pki("ca.pem")), WithTLSCert(pki("client.pem"), pki("client.key"))}
	svc := startServicesWith(t, serviceFlags{
		ingest: append(append([]string{}, serve...), "--tls-client-ca", pki("ca.pem"), "--auth-token-file", file),
		query:  serve,
		health: full,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	article := &parleyv1.ArticleInput{Text: securityArticle}
	health := func(c *Client) error { _, err := c.Health(ctx, "query"); return err }

	t.Run("CAClientCertAndTokenReachBothServices", func(t *testing.T) {
		c := dialOrFatal(t, svc, append(full, WithToken(token))...)
		stored, err := c.IngestText(ctx, article, "")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		err = c.ForEachArticle(ctx, &parleyv1.ListArticlesRequest{}, func(a *parleyv1.Article) error {
			found = found || a.Id == stored.ArticleId
			return nil
		})
		if err != nil || !found {
			t.Errorf("article %d listed: %v (%v)", stored.ArticleId, found, err)
		}
	})
	t.Run("CAAloneReachesServerOnlyTLS", func(t *testing.T) {
		if err := health(dialOrFatal(t, svc, WithTLSCA(pki("ca.pem")))); err != nil {
			t.Error(err)
		}
	})
	t.Run("ServerNameOverrideIsChecked", func(t *testing.T) {
		if err := health(dialOrFatal(t, svc, WithTLSCA(pki("ca.pem")), WithTLSServerName("localhost"))); err != nil {
			t.Errorf("localhost: %v", err)
		}
		err := health(dialOrFatal(t, svc, WithTLSCA(pki("ca.pem")), WithTLSServerName("wrong.example")))
		wantCode(t, "wrong.example", err, codes.Unavailable)
	})
	t.Run("PlaintextIsUnavailable", func(t *testing.T) {
		wantCode(t, "plaintext", health(dialOrFatal(t, svc)), codes.Unavailable)
	})
	t.Run("UntrustedCAIsUnavailable", func(t *testing.T) {
		wantCode(t, "other CA", health(dialOrFatal(t, svc, WithTLSCA(pki("other-ca.pem")))), codes.Unavailable)
	})
	t.Run("NoClientCertIsUnavailable", func(t *testing.T) {
		_, err := dialOrFatal(t, svc, WithTLSCA(pki("ca.pem")), WithToken(token)).IngestText(ctx, article, "")
		wantCode(t, "no client certificate", err, codes.Unavailable)
	})
	t.Run("ClientCertWithoutTokenIsUnauthenticated", func(t *testing.T) {
		_, err := dialOrFatal(t, svc, full...).IngestText(ctx, article, "")
		wantCode(t, "no token", err, codes.Unauthenticated)
	})
}

func TestSecurityOptionsWithoutServer(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"UnreadableCA", []Option{WithTLSCA("/nonexistent/ca.pem")}, "WithTLSCA: open /nonexistent/ca.pem"},
		{"CAIsNotPEM", []Option{WithTLSCA("security_test.go")}, "WithTLSCA: security_test.go: no PEM certificate"},
		{"BadKeyPair", []Option{WithTLSCert("security_test.go", "security_test.go")}, "WithTLSCert("},
		{"TokenWithSpace", []Option{WithToken("two words")}, "WithToken: token must be printable ASCII"},
		{"EmptyToken", []Option{WithToken(" \n")}, "WithToken: token is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Dial("127.0.0.1:1", "", tc.opts...)
			if err == nil {
				c.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Dial = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
