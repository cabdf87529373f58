package parley

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	parleyv1 "github.com/parley/parley/gen/go/parley/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Two short wire reports of two different calls, so that pages of one
// call each make at least two pages whatever the seeds hold.
var articles = map[string]string{
	"xi_macron.txt": "Xi Jinping holds phone talks with Emmanuel Macron\n\n" +
		"BEIJING, March 3, 2021 (Xinhua) -- Chinese President Xi Jinping held " +
		"a phone call with French President Emmanuel Macron on Wednesday, " +
		"discussing climate change and trade.\n",
	"moon_trump.txt": "Moon Jae-in talks with Donald Trump by phone\n\n" +
		"SEOUL, May 8, 2018 (Yonhap) -- South Korean President Moon Jae-in " +
		"held a telephone conversation with U.S. President Donald Trump on " +
		"Tuesday about the Korean Peninsula.\n",
}

// seedsDir is shared/seeds beside the repository unless PARLEY_SEEDS_DIR
// says otherwise; the tests run without it.
func seedsDir() string {
	if d := os.Getenv("PARLEY_SEEDS_DIR"); d != "" {
		return d
	}
	wd, _ := os.Getwd() // a GOPATH link to clients/go/parley
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	return filepath.Join(wd, "..", "..", "..", "..", "shared", "seeds")
}

func writeFolder(t *testing.T) string {
	dir := t.TempDir()
	for name, text := range articles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seeds, _ := filepath.Glob(filepath.Join(seedsDir(), "*.txt"))
	if len(seeds) > 0 {
		os.Mkdir(filepath.Join(dir, "seeds"), 0o755)
	}
	for _, seed := range seeds {
		data, err := os.ReadFile(seed)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "seeds", filepath.Base(seed)), data, 0o644)
	}
	return dir
}

func TestAgainstServices(t *testing.T) {
	svc := startServices(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := Dial(svc.ingestAddr, svc.queryAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	dir := writeFolder(t)
	var responses []*parleyv1.IngestArticleResponse
	err = c.IngestFolder(ctx, dir, func(r *parleyv1.IngestArticleResponse) error {
		responses = append(responses, r)
		return nil
	})
	if err != nil {
		t.Fatalf("IngestFolder: %v", err)
	}
	names, _ := articleFiles(dir)

	t.Run("FolderAnswersEveryFileInOrder", func(t *testing.T) {
		if len(responses) != len(names) {
			t.Fatalf("%d responses for %d files", len(responses), len(names))
		}
		for i, r := range responses {
			if r.RequestId != names[i] || r.Error != nil || r.ArticleId <= 0 {
				t.Errorf("response %d = %v, want request_id %q, an article id, no error", i, r, names[i])
			}
		}
	})

	t.Run("ForEachCallPagesThroughExactlyTheIngestedCalls", func(t *testing.T) {
		ingested := map[int64]bool{}
		for _, r := range responses {
			for _, call := range r.GetEvents().GetCalls() {
				ingested[call.Id] = true
			}
		}
		if len(ingested) < 2 {
			t.Fatalf("ingest reported %d calls, want >= 2 (one per written article)", len(ingested))
		}
		var listed []int64
		err := c.ForEachCall(ctx, &parleyv1.ListCallsRequest{PageSize: 1}, func(call *parleyv1.Call) error {
			listed = append(listed, call.Id)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !sort.SliceIsSorted(listed, func(i, j int) bool { return listed[i] < listed[j] }) {
			t.Errorf("calls not ordered by id: %v", listed)
		}
		seen := map[int64]bool{}
		for _, id := range listed {
			if seen[id] || !ingested[id] {
				t.Errorf("call %d listed twice or never ingested", id)
			}
			seen[id] = true
		}
		if len(seen) != len(ingested) {
			t.Errorf("listed %d distinct calls, ingested %d", len(seen), len(ingested))
		}
	})

	t.Run("FirstPageOfOneHasNextToken", func(t *testing.T) {
		page, err := c.Query.ListCalls(ctx, &parleyv1.ListCallsRequest{PageSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Calls) != 1 || page.NextPageToken == "" {
			t.Errorf("first page: %d calls, token %q", len(page.Calls), page.NextPageToken)
		}
	})

	t.Run("ArticlesListedOnce", func(t *testing.T) {
		want := map[int64]bool{}
		for _, r := range responses {
			want[r.ArticleId] = true
		}
		got := map[int64]int{}
		err := c.ForEachArticle(ctx, &parleyv1.ListArticlesRequest{PageSize: 2}, func(a *parleyv1.Article) error {
			got[a.Id]++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range got {
			if n != 1 || !want[id] {
				t.Errorf("article %d listed %d times (ingested: %v)", id, n, want[id])
			}
		}
		if len(got) != len(want) {
			t.Errorf("listed %d articles, ingested %d", len(got), len(want))
		}
	})

	t.Run("SameTextIsDuplicate", func(t *testing.T) {
		var first int64
		for _, r := range responses {
			if r.RequestId == "xi_macron.txt" {
				first = r.ArticleId
			}
		}
		again, err := c.IngestText(ctx, &parleyv1.ArticleInput{Text: articles["xi_macron.txt"]}, "again")
		if err != nil {
			t.Fatal(err)
		}
		if !again.Duplicate || again.ArticleId != first || again.RequestId != "again" {
			t.Errorf("re-ingest = %v, want duplicate of article %d", again, first)
		}
	})

	t.Run("EmptyTextIsInvalidArgument", func(t *testing.T) {
		_, err := c.IngestText(ctx, &parleyv1.ArticleInput{}, "")
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("empty text: %v, want INVALID_ARGUMENT", err)
		}
	})

	t.Run("NegativePageSizeIsInvalidArgument", func(t *testing.T) {
		err := c.ForEachCall(ctx, &parleyv1.ListCallsRequest{PageSize: -1}, func(*parleyv1.Call) error { return nil })
		if status.Code(err) != codes.InvalidArgument || !strings.Contains(status.Convert(err).Message(), "page_size") {
			t.Errorf("page_size -1: %v, want INVALID_ARGUMENT naming page_size", err)
		}
	})

	t.Run("HealthServing", func(t *testing.T) {
		for _, which := range []string{"ingest", "query"} {
			if got, err := c.Health(ctx, which); got != "SERVING" || err != nil {
				t.Errorf("Health(%s) = %q, %v", which, got, err)
			}
		}
	})
}

func TestNonUTF8FileRefusedBeforeSending(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("caf\xe9"), 0o644)
	c, err := Dial("127.0.0.1:1", "") // nothing listens: the check must come first
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.IngestFolder(context.Background(), dir, func(*parleyv1.IngestArticleResponse) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "bad.txt: not UTF-8") {
		t.Errorf("IngestFolder = %v, want an error naming bad.txt", err)
	}
}

func TestQueryWithoutQueryAddressIsClearError(t *testing.T) {
	c, _ := Dial("127.0.0.1:1", "")
	defer c.Close()
	err := c.ForEachCall(context.Background(), &parleyv1.ListCallsRequest{}, func(*parleyv1.Call) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "no query address") {
		t.Errorf("ForEachCall = %v", err)
	}
}
