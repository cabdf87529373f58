// The Node client against the real services (see services.js).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');
const { Client, grpc } = require('..');
const { Services, binaries, SKIP_REASON } = require('./services');

const SEEDS = process.env.PARLEY_SEEDS_DIR ||
  path.join(__dirname, '..', '..', '..', '..', 'shared', 'seeds');

// Two short wire reports of two different calls, so that pages of one call
// each make at least two pages whatever the seeds hold.
const ARTICLES = {
  'xi_macron.txt': 'Xi Jinping holds phone talks with Emmanuel Macron\n\n' +
    'BEIJING, March 3, 2021 (Xinhua) -- Chinese President Xi Jinping held ' +
    'a phone call with French President Emmanuel Macron on Wednesday, ' +
    'discussing climate change and trade.\n',
  'moon_trump.txt': 'Moon Jae-in talks with Donald Trump by phone\n\n' +
    'SEOUL, May 8, 2018 (Yonhap) -- South Korean President Moon Jae-in ' +
    'held a telephone conversation with U.S. President Donald Trump on ' +
    'Tuesday about the Korean Peninsula.\n',
};

function writeFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-articles-'));
  for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(dir, name), text);
  if (fs.existsSync(SEEDS)) fs.cpSync(SEEDS, path.join(dir, 'seeds'), { recursive: true });
  return dir;
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('client against the services', { skip: binaries() ? false : SKIP_REASON }, () => {
  let services; let client; let folder; let responses;

  before(async () => {
    services = await new Services().start();
    client = new Client({ ingest: services.ingestAddr, query: services.queryAddr });
    folder = writeFolder();
    responses = await collect(client.ingestFolder(folder));
  });

  after(async () => {
    if (client) client.close();
    if (services) await services.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('the folder stream answers every file, in order', () => {
    const names = fs.readdirSync(folder, { recursive: true }).filter((n) => n.endsWith('.txt')).sort();
    assert.deepEqual(responses.map((r) => r.requestId), names);
    for (const r of responses) {
      assert.equal(r.error, null, `${r.requestId}: ${JSON.stringify(r.error)}`);
      assert.ok(r.articleId > 0, r.requestId);
    }
  });

  test('calls() pages through exactly the ingested calls', async () => {
    const ingested = new Set(responses.flatMap((r) => r.events.calls.map((c) => c.id)));
    assert.ok(ingested.size >= 2, 'each written article reports a call');
    const listed = (await collect(client.calls({ pageSize: 1 }))).map((c) => c.id);
    assert.deepEqual(listed, [...listed].sort((a, b) => a - b), 'ordered by id');
    assert.equal(new Set(listed).size, listed.length, 'no call twice across pages');
    assert.deepEqual(new Set(listed), ingested);
  });

  test('a first page of one has a next page token', async () => {
    const page = await new Promise((resolve, reject) => client.query.ListCalls(
      { pageSize: 1 }, (err, res) => (err ? reject(err) : resolve(res))));
    assert.equal(page.calls.length, 1);
    assert.notEqual(page.nextPageToken, '');
  });

  test('articles() lists each ingested article once', async () => {
    const listed = (await collect(client.articles({ pageSize: 2 }))).map((a) => a.id);
    const ingested = [...new Set(responses.map((r) => r.articleId))];
    assert.deepEqual(listed.sort((a, b) => a - b), ingested.sort((a, b) => a - b));
  });

  test('the same text again is a duplicate of the same article', async () => {
    const first = responses.find((r) => r.requestId === 'xi_macron.txt');
    const again = await client.ingestText(ARTICLES['xi_macron.txt'], { requestId: 'again' });
    assert.equal(again.duplicate, true);
    assert.equal(again.articleId, first.articleId);
    assert.equal(again.requestId, 'again');
  });

  test('empty text is INVALID_ARGUMENT', async () => {
    await assert.rejects(client.ingestText(''), (e) => e.code === grpc.status.INVALID_ARGUMENT);
  });

  test('a negative page size is INVALID_ARGUMENT naming page_size', async () => {
    await assert.rejects(collect(client.calls({ pageSize: -1 })),
      (e) => e.code === grpc.status.INVALID_ARGUMENT && e.details.includes('page_size'));
  });

  test('both services report SERVING', async () => {
    assert.equal(await client.health('ingest'), 'SERVING');
    assert.equal(await client.health('query'), 'SERVING');
  });
});

describe('client without a server', () => {
  test('a non-UTF-8 file is refused before anything is sent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-bad-'));
    fs.writeFileSync(path.join(dir, 'bad.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const client = new Client({ ingest: '127.0.0.1:1' }); // nothing listens there
    try {
      await assert.rejects(collect(client.ingestFolder(dir)), /bad\.txt: not UTF-8/);
    } finally {
      client.close();
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('a query without a query address is a clear error', async () => {
    const client = new Client({ ingest: '127.0.0.1:1' });
    await assert.rejects(collect(client.calls()), /no query address/);
    client.close();
  });
});
