// Node.js client for Parley's gRPC ingest and query services.
//
// The contracts are loaded at run time from the repository's proto/ folder
// (the single source; nothing generated is committed). Messages are plain
// objects with camelCase fields, enums as their names ("MEDIUM_PHONE") and
// int64 ids as Numbers (ids stay far below 2^53).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const health = require('grpc-health-check');

const PROTO_DIR = process.env.PARLEY_PROTO_DIR || path.join(__dirname, '..', '..', 'proto');
const LOAD_OPTIONS = { longs: Number, enums: String, defaults: true, oneofs: true };
// Seconds allowed for one unary call or one page; streams have none.
const DEFAULT_TIMEOUT_S = 30;

function loadPackages() {
  const parley = grpc.loadPackageDefinition(protoLoader.loadSync(
    ['parley/v1/ingest_service.proto', 'parley/v1/query_service.proto'],
    { ...LOAD_OPTIONS, includeDirs: [PROTO_DIR] })).parley.v1;
  const healthV1 = grpc.loadPackageDefinition(
    protoLoader.loadSync(health.protoPath, LOAD_OPTIONS)).grpc.health.v1;
  return { parley, healthV1 };
}
const { parley: pb, healthV1 } = loadPackages();

// Calls a unary method as a Promise; rejects with the gRPC error (err.code
// is a grpc.status number, err.details the server's message).
function unary(stub, method, request, timeoutS) {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + timeoutS * 1000);
    stub[method](request, { deadline }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

// Paths of the *.txt files under dir, relative to it, sorted.
function articleFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: false })
    .filter((name) => name.endsWith('.txt') && fs.statSync(path.join(dir, name)).isFile())
    .sort();
}

function readUtf8(file) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof TypeError) throw new Error(`${file}: not UTF-8`);
    throw e;
  }
}

// The bytes of a PEM file, or an Error naming the option: gRPC itself would
// only fail later, at the handshake, with a vague error.
function readPem(option, file, what, marker) {
  let data;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${option}: ${file}: ${e.code || e.message}`);
  }
  if (!data.includes(marker)) throw new Error(`${option}: ${file}: no PEM ${what}`);
  return data;
}

// grpc ChannelCredentials from the TLS options; insecure without any.
function channelCredentials({ tls, tlsCa, tlsCert, tlsKey }) {
  if (Boolean(tlsCert) !== Boolean(tlsKey)) {
    const [missing, given] = tlsCert ? ['tlsKey', 'tlsCert'] : ['tlsCert', 'tlsKey'];
    throw new Error(`${missing}: needed with ${given} (a client certificate and its key go together)`);
  }
  if (!tls && !tlsCa && !tlsCert) return grpc.credentials.createInsecure();
  const cert = ['certificate', '-----BEGIN CERTIFICATE-----'];
  return grpc.credentials.createSsl(
    tlsCa ? readPem('tlsCa', tlsCa, ...cert) : null,
    tlsKey ? readPem('tlsKey', tlsKey, 'private key', 'PRIVATE KEY-----') : null,
    tlsCert ? readPem('tlsCert', tlsCert, ...cert) : null);
}

// The token as sent; the services accept printable ASCII without spaces.
function checkToken(token) {
  if (typeof token !== 'string') throw new Error(`token: expected a string, got ${typeof token}`);
  const trimmed = token.trim();
  if (!trimmed) throw new Error('token: empty');
  if (!/^[!-~]+$/.test(trimmed)) throw new Error('token: must be printable ASCII without spaces');
  return trimmed;
}

// Adds "authorization: Bearer <token>" to every call's metadata. An
// interceptor rather than call credentials: grpc-js composes those only
// with TLS, and a token must also work on a plaintext loopback channel.
function bearerInterceptor(token) {
  const header = `Bearer ${token}`;
  return (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('authorization', header);
      next(metadata, listener);
    },
  });
}

// Resolves when the stream can take more writes, or when it has ended.
function drainedOrEnded(call) {
  return new Promise((resolve) => {
    const done = () => { call.off('drain', done); call.off('status', done); resolve(); };
    call.on('drain', done);
    call.on('status', done);
  });
}

class Client {
  // ingest, query: 'host:port'; either may be left out when only the other
  // service is used. Connections are lazy: an unreachable server or a
  // failed TLS handshake rejects the first call with UNAVAILABLE.
  //
  // Security (both services; defaults: plaintext, no token), named as the
  // parley CLI's flags:
  //   tls: true            TLS, server verified against the system's CAs;
  //   tlsCa: PATH          TLS, server verified against this PEM CA bundle;
  //   tlsCert, tlsKey      a client certificate (PEM files), for mutual TLS;
  //   tlsServerName: NAME  the name the server certificate must carry, when
  //                        it is not the address's host (a port-forward);
  //   token: TOKEN         sent as "authorization: Bearer TOKEN" on every
  //                        call, TLS or not (surrounding whitespace
  //                        stripped, so a file's contents will do).
  // Unusable settings throw here, naming the option.
  constructor({
    ingest, query, timeoutSeconds = DEFAULT_TIMEOUT_S,
    tls = false, tlsCa, tlsCert, tlsKey, tlsServerName, token,
  } = {}) {
    this.timeoutS = timeoutSeconds;
    this.addrs = { ingest, query };
    this._creds = channelCredentials({ tls, tlsCa, tlsCert, tlsKey });
    this._options = {};
    if (tlsServerName) this._options['grpc.ssl_target_name_override'] = tlsServerName;
    if (token !== undefined && token !== null) {
      this._options.interceptors = [bearerInterceptor(checkToken(token))];
    }
    // Raw stubs, for methods the helpers do not cover (WatchEvents, ...).
    this.ingest = ingest ? new pb.IngestService(ingest, this._creds, this._options) : null;
    this.query = query ? new pb.QueryService(query, this._creds, this._options) : null;
  }

  close() {
    for (const stub of [this.ingest, this.query]) if (stub) stub.close();
  }

  _stub(which) {
    const stub = this[which];
    if (!stub) throw new Error(`Client has no ${which} address`);
    return stub;
  }

  // Stores one article; resolves to its IngestArticleResponse.
  ingestText(text, { source = '', url = '', published = null, externalId = '', requestId = '' } = {}) {
    const article = { text, source, url, published, externalId };
    return unary(this._stub('ingest'), 'IngestArticle', { article, requestId }, this.timeoutS);
  }

  // Dry run: the events of one article, nothing stored.
  extractText(text, { published = null } = {}) {
    return unary(this._stub('ingest'), 'ExtractArticle', { article: { text, published } }, this.timeoutS);
  }

  // Streams every *.txt file under dir (sorted) to IngestArticles and
  // yields one response per file, in order, with requestId the file's path
  // relative to dir. A file the server rejects yields a response with
  // `error` set; the stream goes on. Every file is checked to be UTF-8
  // before anything is sent: a bad one throws, naming it.
  async *ingestFolder(dir) {
    const stub = this._stub('ingest');
    const names = articleFiles(dir);
    for (const name of names) readUtf8(path.join(dir, name));
    const call = stub.IngestArticles();
    let sendError = null;
    (async () => {
      for (const name of names) {
        const request = { article: { text: readUtf8(path.join(dir, name)) }, requestId: name };
        if (!call.write(request)) await drainedOrEnded(call);
      }
      call.end();
    })().catch((err) => { sendError = err; call.cancel(); });
    try {
      for await (const response of call) yield response;
    } catch (err) {
      // We cancel when sending fails (a file changed since the check): say why.
      throw sendError && err.code === grpc.status.CANCELLED ? sendError : err;
    } finally {
      call.cancel(); // no-op once the stream has ended; stops it if the caller quit early
    }
  }

  // Yields every item of a List method across all pages.
  async *_pages(method, itemsField, filters) {
    const stub = this._stub('query');
    const request = { ...filters };
    for (;;) {
      const response = await unary(stub, method, request, this.timeoutS);
      yield* response[itemsField];
      if (!response.nextPageToken) return;
      request.pageToken = response.nextPageToken;
    }
  }

  // Async iterators over every matching record; filters are the List
  // request's fields in camelCase: { participant, country, dateRange:
  // { start: {year, month, day}, end: ... }, topic, medium, pageSize, ... }.
  calls(filters = {}) { return this._pages('ListCalls', 'calls', filters); }
  quotes(filters = {}) { return this._pages('ListQuotes', 'quotes', filters); }
  sanctions(filters = {}) { return this._pages('ListSanctions', 'sanctions', filters); }
  actors(filters = {}) { return this._pages('ListActors', 'actors', filters); }
  articles(filters = {}) { return this._pages('ListArticles', 'articles', filters); }

  getCall(id) { return unary(this._stub('query'), 'GetCall', { id }, this.timeoutS); }
  getArticle(id) { return unary(this._stub('query'), 'GetArticle', { id }, this.timeoutS); }
  getActor(id) { return unary(this._stub('query'), 'GetActor', { id }, this.timeoutS); }

  // Standard gRPC health status ('SERVING', ...) of 'ingest' or 'query'.
  async health(which = 'query', service = '') {
    this._stub(which);
    const client = new healthV1.Health(this.addrs[which], this._creds, this._options);
    try {
      return (await unary(client, 'Check', { service }, this.timeoutS)).status;
    } finally {
      client.close();
    }
  }
}

module.exports = { Client, grpc, protos: pb, PROTO_DIR };
