package parley

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	parleyv1 "github.com/parley/parley/gen/go/parley/v1"
)

// IngestFolder streams every *.txt file under dir (sorted by path) to the
// bulk IngestArticles method and calls fn with each response, in file
// order; a response's RequestId is the file's path relative to dir. A file
// the server rejects comes back with its Error set and the stream goes on.
// Files are checked to be UTF-8 before anything is sent: a bad one is an
// error naming it, and nothing is stored.
func (c *Client) IngestFolder(ctx context.Context, dir string, fn func(*parleyv1.IngestArticleResponse) error) error {
	if c.Ingest == nil {
		return errors.New("parley: client has no ingest address")
	}
	names, err := articleFiles(dir)
	if err != nil {
		return err
	}
	for _, name := range names {
		if _, err := readUTF8(dir, name); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // also ends the sender if fn stops early
	stream, err := c.Ingest.IngestArticles(ctx)
	if err != nil {
		return err
	}
	sendErr := make(chan error, 1)
	go func() { sendErr <- sendAll(stream, dir, names) }()

	received := 0
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		received++
		if err := fn(resp); err != nil {
			return err
		}
	}
	if err := <-sendErr; err != nil {
		return err
	}
	if received != len(names) {
		return fmt.Errorf("parley: sent %d articles, got %d responses", len(names), received)
	}
	return nil
}

func sendAll(stream parleyv1.IngestService_IngestArticlesClient, dir string, names []string) error {
	for _, name := range names {
		text, err := readUTF8(dir, name)
		if err != nil {
			return err
		}
		req := &parleyv1.IngestArticleRequest{
			Article: &parleyv1.ArticleInput{Text: text}, RequestId: name}
		if err := stream.Send(req); err != nil {
			// The server ended the stream; Recv reports why.
			return nil
		}
	}
	return stream.CloseSend()
}

func articleFiles(dir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".txt") {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			names = append(names, rel)
		}
		return nil
	})
	sort.Strings(names)
	return names, err
}

func readUTF8(dir, name string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return "", err
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("parley: %s: not UTF-8", filepath.Join(dir, name))
	}
	return string(data), nil
}
