#!/usr/bin/env node
// Ingests a folder of articles (optional), then prints the calls of one
// participant:
//   node examples/calls_by_participant.js --ingest 127.0.0.1:50051 \
//     --query 127.0.0.1:50052 --folder /work/shared/seeds --participant "Hu Jintao"
'use strict';

const { parseArgs } = require('node:util');
const { Client } = require('..');

async function main() {
  const { values: args } = parseArgs({
    options: {
      ingest: { type: 'string', default: '127.0.0.1:50051' },
      query: { type: 'string', default: '127.0.0.1:50052' },
      folder: { type: 'string' },
      participant: { type: 'string', default: '' },
    },
  });
  const parley = new Client({ ingest: args.ingest, query: args.query });
  try {
    if (args.folder) {
      for await (const r of parley.ingestFolder(args.folder)) {
        const state = r.error ? r.error.message : r.duplicate ? 'duplicate' : 'stored';
        console.log(`${r.requestId}: article ${r.articleId} ${state}`);
      }
    }
    for await (const call of parley.calls({ participant: args.participant })) {
      const d = call.date;
      const when = d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : 'undated';
      const who = call.participants.map((p) => p.name).join(' / ');
      console.log(`call ${call.id} ${when}: ${who}; topics: ${call.topics.join(', ')}`);
    }
  } finally {
    parley.close();
  }
}

main().catch((err) => { console.error(err.message); process.exitCode = 1; });
