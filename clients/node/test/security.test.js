// Client TLS, mutual TLS and bearer tokens against the real services.
// Certificates come from ../../testing/make_test_pki.sh (the openssl CLI),
// generated afresh in a temporary directory; nothing is committed.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');
const { Client, grpc } = require('..');
const { Services, binaries, SKIP_REASON } = require('./services');

const MAKE_PKI = path.join(__dirname, '..', '..', 'testing', 'make_test_pki.sh');
const ARTICLE = 'Xi Jinping holds phone talks with Emmanuel Macron\n\n' +
  'BEIJING, March 3, 2021 (Xinhua) -- Chinese President Xi Jinping held ' +
  'a phone call with French President Emmanuel Macron on Wednesday.\n';

function hasOpenssl() {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// A fresh directory with a random token file (trailing newline, as a file
// would have it) and, with pki, the test certificates.
function secrets({ pki }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-pki-'));
  if (pki) execFileSync(MAKE_PKI, [dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const token = crypto.randomBytes(16).toString('hex');
  fs.writeFileSync(path.join(dir, 'token'), `${token}\n`, { mode: 0o600 });
  return { dir, token, file: (name) => path.join(dir, name) };
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const hasCode = (code) => (e) => e.code === code;

describe('token on plaintext', { skip: binaries() ? false : SKIP_REASON }, () => {
  let s; let services; const clients = [];
  const client = (options = {}) => {
    const c = new Client({ ingest: services.ingestAddr, query: services.queryAddr, ...options });
    clients.push(c);
    return c;
  };

  before(async () => {
    s = secrets({ pki: false });
    services = await new Services({ ingestArgs: ['--auth-token-file', s.file('token')] }).start();
  });
  after(async () => {
    for (const c of clients) c.close();
    if (services) await services.stop();
    if (s) fs.rmSync(s.dir, { recursive: true, force: true });
  });

  test('the right token ingests, unary and streamed', async () => {
    const c = client({ token: `${s.token}\n` });
    const stored = await c.ingestText(ARTICLE, { requestId: 'unary' });
    assert.ok(stored.articleId > 0);
    const folder = fs.mkdtempSync(path.join(s.dir, 'articles-'));
    fs.writeFileSync(path.join(folder, 'a.txt'), ARTICLE.replace('Wednesday', 'Thursday'));
    const [streamed, ...rest] = await collect(c.ingestFolder(folder));
    assert.equal(rest.length, 0);
    assert.equal(streamed.error, null);
    assert.ok(streamed.articleId > stored.articleId);
  });

  test('no token is UNAUTHENTICATED, naming authorization', async () => {
    await assert.rejects(client().ingestText(`${ARTICLE}no token\n`),
      (e) => e.code === grpc.status.UNAUTHENTICATED && e.details.includes('authorization'));
  });

  test('a wrong token is UNAUTHENTICATED, unary and streamed', async () => {
    const c = client({ token: `${s.token}x` });
    await assert.rejects(c.ingestText(ARTICLE), hasCode(grpc.status.UNAUTHENTICATED));
    const folder = fs.mkdtempSync(path.join(s.dir, 'articles-'));
    fs.writeFileSync(path.join(folder, 'a.txt'), ARTICLE);
    await assert.rejects(collect(c.ingestFolder(folder)), hasCode(grpc.status.UNAUTHENTICATED));
  });

  test('health needs no token', async () => {
    assert.equal(await client().health('ingest'), 'SERVING');
  });

  test('only the articles sent with the token are stored', async () => {
    assert.equal((await collect(client().articles())).length, 2);
  });
});

describe('mutual TLS', { skip: !binaries() ? SKIP_REASON : !hasOpenssl() && 'needs the openssl CLI' }, () => {
  let s; let services; let full; const clients = [];
  const client = (options = {}) => {
    const c = new Client({
      ingest: services.ingestAddr, query: services.queryAddr, timeoutSeconds: 5, ...options,
    });
    clients.push(c);
    return c;
  };

  before(async () => {
    s = secrets({ pki: true });
    full = { tlsCa: s.file('ca.pem'), tlsCert: s.file('client.pem'), tlsKey: s.file('client.key') };
    const serve = ['--tls-cert', s.file('server.pem'), '--tls-key', s.file('server.key')];
    services = await new Services({
      ingestArgs: [...serve, '--tls-client-ca', s.file('ca.pem'), '--auth-token-file', s.file('token')],
      queryArgs: serve,
      clientOptions: full,
    }).start();
  });
  after(async () => {
    for (const c of clients) c.close();
    if (services) await services.stop();
    if (s) fs.rmSync(s.dir, { recursive: true, force: true });
  });

  test('CA, client certificate and token reach both services', async () => {
    const c = client({ ...full, token: s.token });
    const stored = await c.ingestText(ARTICLE);
    assert.ok((await collect(c.articles())).some((a) => a.id === stored.articleId));
  });

  test('the CA alone reaches the server-only TLS query service', async () => {
    assert.equal(await client({ tlsCa: s.file('ca.pem') }).health('query'), 'SERVING');
  });

  test('the server name override is checked against the certificate', async () => {
    const right = client({ tlsCa: s.file('ca.pem'), tlsServerName: 'localhost' });
    assert.equal(await right.health('query'), 'SERVING');
    const wrong = client({ tlsCa: s.file('ca.pem'), tlsServerName: 'wrong.example' });
    await assert.rejects(wrong.health('query'), hasCode(grpc.status.UNAVAILABLE));
  });

  test('a plaintext client is UNAVAILABLE', async () => {
    await assert.rejects(client().health('query'), hasCode(grpc.status.UNAVAILABLE));
  });

  test('an untrusted CA is UNAVAILABLE', async () => {
    await assert.rejects(client({ tlsCa: s.file('other-ca.pem') }).health('query'),
      hasCode(grpc.status.UNAVAILABLE));
  });

  test('no client certificate is UNAVAILABLE on mutual TLS', async () => {
    await assert.rejects(client({ tlsCa: s.file('ca.pem'), token: s.token }).ingestText(ARTICLE),
      hasCode(grpc.status.UNAVAILABLE));
  });

  test('a client certificate without the token is UNAUTHENTICATED', async () => {
    await assert.rejects(client(full).ingestText(ARTICLE), hasCode(grpc.status.UNAUTHENTICATED));
  });
});

describe('security options without a server', () => {
  test('a certificate without its key names tlsKey', () => {
    assert.throws(() => new Client({ ingest: '127.0.0.1:1', tlsCert: __filename }), /^Error: tlsKey: needed with tlsCert/);
  });
  test('an unreadable CA names tlsCa', () => {
    assert.throws(() => new Client({ ingest: '127.0.0.1:1', tlsCa: '/nonexistent/ca.pem' }),
      /^Error: tlsCa: \/nonexistent\/ca.pem: ENOENT/);
  });
  test('a CA that is not PEM names tlsCa', () => {
    assert.throws(() => new Client({ ingest: '127.0.0.1:1', tlsCa: __filename }), /tlsCa: .*no PEM certificate/);
  });
  test('an empty token or one with a space names token', () => {
    for (const bad of ['two words', ' \n', 'caf\u00e9']) {
      assert.throws(() => new Client({ ingest: '127.0.0.1:1', token: bad }), /^Error: token: /);
    }
  });
});
