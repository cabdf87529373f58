// Runs the real parley-ingest and parley-query binaries (paths from
// PARLEY_INGEST_BIN and PARLEY_QUERY_BIN) on free loopback ports over one
// SQLite file in a temporary directory. Extra flags per service (TLS,
// token) and the Client options their health checks need are optional.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('..');

const SKIP_REASON = 'set PARLEY_INGEST_BIN and PARLEY_QUERY_BIN to the service binaries ' +
  '(or PARLEY_BIN_DIR for clients/run_tests.sh) to run these tests';

function binaries() {
  const ingest = process.env.PARLEY_INGEST_BIN;
  const query = process.env.PARLEY_QUERY_BIN;
  return ingest && query ? { ingest, query } : null;
}

// A port free now: the services take --listen HOST:PORT.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitServing(addr, child, logPath, clientOptions) {
  const client = new Client({ ...clientOptions, query: addr, timeoutSeconds: 1 });
  try {
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && child.exitCode === null && child.pid !== undefined) {
      try {
        if ((await client.health('query')) === 'SERVING') return;
      } catch { /* not up yet */ }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.close();
  }
  throw new Error(`service on ${addr} not SERVING (exit code ${child.exitCode}); ` +
    `its log:\n${fs.readFileSync(logPath, 'utf8')}`);
}

class Services {
  // ingestArgs, queryArgs: extra flags; clientOptions: Client options for
  // the health checks (e.g. tlsCa for a TLS service).
  constructor({ ingestArgs = [], queryArgs = [], clientOptions = {} } = {}) {
    this.args = { ingest: ingestArgs, query: queryArgs };
    this.clientOptions = clientOptions;
  }

  async start() {
    const bins = binaries();
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-'));
    this.db = path.join(this.dir, 'parley.db');
    this.children = [];
    this.ingestAddr = await this._startOne(bins.ingest, 'ingest');
    this.queryAddr = await this._startOne(bins.query, 'query');
    return this;
  }

  async _startOne(bin, name) {
    const addr = `127.0.0.1:${await freePort()}`;
    const logPath = path.join(this.dir, `${name}.log`);
    const log = fs.openSync(logPath, 'w');
    const args = ['--listen', addr, '--db', this.db, ...this.args[name]];
    const child = spawn(bin, args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child.once('error', (err) => fs.appendFileSync(logPath, `spawn failed: ${err.message}\n`));
    this.children.push(child);
    await waitServing(addr, child, logPath, this.clientOptions);
    return addr;
  }

  async stop() {
    await Promise.all(this.children.map((child) => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    })));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { Services, binaries, SKIP_REASON };
