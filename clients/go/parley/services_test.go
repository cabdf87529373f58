package parley

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// services runs the real parley-ingest and parley-query binaries (paths
// from PARLEY_INGEST_BIN and PARLEY_QUERY_BIN) on free loopback ports over
// one SQLite file in a temporary directory, until the test ends.
type services struct {
	ingestAddr, queryAddr string
}

// serviceFlags are extra flags for each service (TLS, token) and the Dial
// options their health checks need (TLS files).
type serviceFlags struct {
	ingest, query []string
	health        []Option
}

func startServices(t *testing.T) *services {
	t.Helper()
	return startServicesWith(t, serviceFlags{})
}

func startServicesWith(t *testing.T, flags serviceFlags) *services {
	t.Helper()
	ingestBin, queryBin := os.Getenv("PARLEY_INGEST_BIN"), os.Getenv("PARLEY_QUERY_BIN")
	if ingestBin == "" || queryBin == "" {
		t.Skip("set PARLEY_INGEST_BIN and PARLEY_QUERY_BIN to the service binaries " +
			"(or PARLEY_BIN_DIR for clients/run_tests.sh) to run these tests")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "parley.db")
	return &services{
		ingestAddr: startOne(t, ingestBin, db, filepath.Join(dir, "ingest.log"), flags.ingest, flags.health),
		queryAddr:  startOne(t, queryBin, db, filepath.Join(dir, "query.log"), flags.query, flags.health),
	}
}

// freePort asks the kernel for a port free now; the services take
// --listen HOST:PORT, so a port-0 listener cannot be handed over.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startOne(t *testing.T, bin, db, logPath string, args []string, health []Option) string {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--listen", addr, "--db", db}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); log.Close(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	if err := waitServing(addr, exited, health); err != nil {
		out, _ := os.ReadFile(logPath)
		t.Fatalf("%s on %s: %v; its log:\n%s", bin, addr, err, out)
	}
	return addr
}

func waitServing(addr string, exited <-chan struct{}, health []Option) error {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("exited before SERVING")
		default:
		}
		if checkServing(addr, health) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("not SERVING after 20s")
}

// checkServing dials afresh each time: a refused connection backs off for
// seconds before it is tried again.
func checkServing(addr string, health []Option) bool {
	c, err := Dial("", addr, health...)
	if err != nil {
		return false
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	status, err := c.Health(ctx, "query")
	return err == nil && status == "SERVING"
}
