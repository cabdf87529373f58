// parley-calls: ingests a folder of articles (optional), then prints the
// calls of one participant. An example of the parley Go client.
//
//	parley-calls -ingest 127.0.0.1:50051 -query 127.0.0.1:50052 \
//	    -folder /work/shared/seeds -participant "Hu Jintao"
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
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
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := parley.Dial(*ingest, *query)
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
