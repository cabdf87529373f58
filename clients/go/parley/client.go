// Package parley is a small Go client for Parley's gRPC ingest and query
// services: it owns the connections, follows AIP-158 page tokens for you
// and streams a folder of articles to the bulk ingest method.
//
//	c, err := parley.Dial("127.0.0.1:50051", "127.0.0.1:50052")
//	if err != nil { ... }
//	defer c.Close()
//	err = c.ForEachCall(ctx, &parleyv1.ListCallsRequest{Participant: "Xi Jinping"},
//		func(call *parleyv1.Call) error { fmt.Println(call.Id); return nil })
//
// Errors are the services' own gRPC statuses (status.Code(err) and
// status.Convert(err).Message(), which names the offending field).
package parley

import (
	"context"
	"errors"
	"fmt"

	parleyv1 "github.com/parley/parley/gen/go/parley/v1"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"
)

// Client talks to one ingest service and one query service. The raw stubs
// are exported for methods the helpers do not cover (WatchEvents, Get*).
type Client struct {
	Ingest parleyv1.IngestServiceClient // nil without an ingest address
	Query  parleyv1.QueryServiceClient  // nil without a query address

	conns map[string]*grpc.ClientConn // "ingest", "query"
}

// Dial connects to the services (either address may be empty to leave
// that service out); options set TLS, mutual TLS and a bearer token (see
// Option; default: plaintext, no token). Connections are made lazily, so
// an unreachable server or a failed TLS handshake shows up as an
// UNAVAILABLE error on the first call, not here; unusable TLS files or
// token are reported here, naming the Option.
func Dial(ingestAddr, queryAddr string, options ...Option) (*Client, error) {
	var s settings
	for _, option := range options {
		option(&s)
	}
	opts, err := s.dialOptions()
	if err != nil {
		return nil, err
	}
	c := &Client{conns: map[string]*grpc.ClientConn{}}
	for name, addr := range map[string]string{"ingest": ingestAddr, "query": queryAddr} {
		if addr == "" {
			continue
		}
		conn, err := grpc.Dial(addr, opts...)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("dial %s service at %s: %w", name, addr, err)
		}
		c.conns[name] = conn
	}
	if conn := c.conns["ingest"]; conn != nil {
		c.Ingest = parleyv1.NewIngestServiceClient(conn)
	}
	if conn := c.conns["query"]; conn != nil {
		c.Query = parleyv1.NewQueryServiceClient(conn)
	}
	return c, nil
}

// Close closes both connections and returns the first error.
func (c *Client) Close() error {
	var first error
	for _, conn := range c.conns {
		if err := conn.Close(); err != nil && first == nil {
			first = err
		}
	}
	c.conns = nil
	return first
}

// IngestText stores one article and returns the stored events.
func (c *Client) IngestText(ctx context.Context, article *parleyv1.ArticleInput, requestID string) (*parleyv1.IngestArticleResponse, error) {
	if c.Ingest == nil {
		return nil, errors.New("parley: client has no ingest address")
	}
	return c.Ingest.IngestArticle(ctx, &parleyv1.IngestArticleRequest{Article: article, RequestId: requestID})
}

// Health returns the standard gRPC health status ("SERVING", ...) of the
// "ingest" or "query" service.
func (c *Client) Health(ctx context.Context, which string) (string, error) {
	conn := c.conns[which]
	if conn == nil {
		return "", fmt.Errorf("parley: client has no %s address", which)
	}
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		return "", err
	}
	return resp.Status.String(), nil
}

// eachPage calls fetch until the server returns an empty next-page token,
// handing every item to fn; setToken stores the token into the request.
func eachPage[T any](fetch func() ([]T, string, error), setToken func(string), fn func(T) error) error {
	for {
		items, next, err := fetch()
		if err != nil {
			return err
		}
		for _, item := range items {
			if err := fn(item); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		setToken(next)
	}
}

func (c *Client) query() error {
	if c.Query == nil {
		return errors.New("parley: client has no query address")
	}
	return nil
}

// ForEachCall calls fn for every call matching req's filters, across all
// pages (req itself is not modified). An error from fn stops the walk and
// is returned.
func (c *Client) ForEachCall(ctx context.Context, req *parleyv1.ListCallsRequest, fn func(*parleyv1.Call) error) error {
	if err := c.query(); err != nil {
		return err
	}
	req = proto.Clone(req).(*parleyv1.ListCallsRequest)
	return eachPage(func() ([]*parleyv1.Call, string, error) {
		resp, err := c.Query.ListCalls(ctx, req)
		return resp.GetCalls(), resp.GetNextPageToken(), err
	}, func(t string) { req.PageToken = t }, fn)
}

// ForEachQuote: ForEachCall for quotes.
func (c *Client) ForEachQuote(ctx context.Context, req *parleyv1.ListQuotesRequest, fn func(*parleyv1.Quote) error) error {
	if err := c.query(); err != nil {
		return err
	}
	req = proto.Clone(req).(*parleyv1.ListQuotesRequest)
	return eachPage(func() ([]*parleyv1.Quote, string, error) {
		resp, err := c.Query.ListQuotes(ctx, req)
		return resp.GetQuotes(), resp.GetNextPageToken(), err
	}, func(t string) { req.PageToken = t }, fn)
}

// ForEachSanction: ForEachCall for sanctions.
func (c *Client) ForEachSanction(ctx context.Context, req *parleyv1.ListSanctionsRequest, fn func(*parleyv1.Sanction) error) error {
	if err := c.query(); err != nil {
		return err
	}
	req = proto.Clone(req).(*parleyv1.ListSanctionsRequest)
	return eachPage(func() ([]*parleyv1.Sanction, string, error) {
		resp, err := c.Query.ListSanctions(ctx, req)
		return resp.GetSanctions(), resp.GetNextPageToken(), err
	}, func(t string) { req.PageToken = t }, fn)
}

// ForEachArticle: ForEachCall for articles.
func (c *Client) ForEachArticle(ctx context.Context, req *parleyv1.ListArticlesRequest, fn func(*parleyv1.Article) error) error {
	if err := c.query(); err != nil {
		return err
	}
	req = proto.Clone(req).(*parleyv1.ListArticlesRequest)
	return eachPage(func() ([]*parleyv1.Article, string, error) {
		resp, err := c.Query.ListArticles(ctx, req)
		return resp.GetArticles(), resp.GetNextPageToken(), err
	}, func(t string) { req.PageToken = t }, fn)
}

// ForEachActor: ForEachCall for actors.
func (c *Client) ForEachActor(ctx context.Context, req *parleyv1.ListActorsRequest, fn func(*parleyv1.Actor) error) error {
	if err := c.query(); err != nil {
		return err
	}
	req = proto.Clone(req).(*parleyv1.ListActorsRequest)
	return eachPage(func() ([]*parleyv1.Actor, string, error) {
		resp, err := c.Query.ListActors(ctx, req)
		return resp.GetActors(), resp.GetNextPageToken(), err
	}, func(t string) { req.PageToken = t }, fn)
}
