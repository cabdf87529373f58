// parley-calls: ingests a folder of articles (optional), then prints the
// calls of one participant. An example of the parley Go client.
//
//	parley-calls -ingest 127.0.0.1:50051 -query 127.0.0.1:50052 \
//	    -folder /work/shared/seeds -participant "Hu Jintao"
//
// Against secured services add -tls-ca ca.pem (TLS), -tls-cert client.pem
// -tls-key client.key (mutual TLS) and -token-file token (bearer token).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/parley/parley/clients/go/parley"
	parleyv1 "github.com/parley/parley/gen/go/parley/v1"
)

func main() {
	ingest := flag.String("ingest", "127.0.0.1:50051", "ingest service address")
	query := flag.String("query", "127.0.0.1:50052", "query service address")
	folder := flag.String("folder", "", "folder of .txt articles to ingest first")
	participant := flag.String("participant", "", "only calls with this participant")
	tlsCA := flag.String("tls-ca", "", "PEM CA bundle: dial with TLS, verifying the servers against it")
	tlsCert := flag.String("tls-cert", "", "PEM client certificate, for mutual TLS (with -tls-key)")
	tlsKey := flag.String("tls-key", "", "PEM private key of -tls-cert")
	tlsServerName := flag.String("tls-server-name", "", "name the server certificates carry, if not the host")
	tokenFile := flag.String("token-file", "", "file holding the bearer token the ingest service wants")
	flag.Parse()

	var opts []parley.Option
	if *tlsCA != "" {
		opts = append(opts, parley.WithTLSCA(*tlsCA))
	}
	if *tlsCert != "" || *tlsKey != "" {
		opts = append(opts, parley.WithTLSCert(*tlsCert, *tlsKey))
	}
	if *tlsServerName != "" {
		opts = append(opts, parley.WithTLSServerName(*tlsServerName))
	}
	if *tokenFile != "" {
		token, err := os.ReadFile(*tokenFile)
		if err != nil {
			log.Fatalf("-token-file: %v", err)
		}
		opts = append(opts, parley.WithToken(string(token)))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := parley.Dial(*ingest, *query, opts...)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	if *folder != "" {
		err := c.IngestFolder(ctx, *folder, func(r *parleyv1.IngestArticleResponse) error {
			state := "stored"
			if r.Error != nil {
				state = r.Error.Message
			} else if r.Duplicate {
				state = "duplicate"
			}
			fmt.Printf("%s: article %d %s\n", r.RequestId, r.ArticleId, state)
			return nil
		})
		if err != nil {
			log.Fatalf("ingest %s: %v", *folder, err)
		}
	}
	err = c.ForEachCall(ctx, &parleyv1.ListCallsRequest{Participant: *participant},
		func(call *parleyv1.Call) error {
			var who []string
			for _, p := range call.Participants {
				who = append(who, p.Name)
			}
			when := "undated"
			if d := call.Date; d != nil {
				when = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
			}
			fmt.Printf("call %d %s: %s; topics: %s\n", call.Id, when,
				strings.Join(who, " / "), strings.Join(call.Topics, ", "))
			return nil
		})
	if err != nil {
		log.Fatal(err)
	}
}
