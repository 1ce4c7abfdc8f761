import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

// The floor of any Node service for the upload bench: each request piped straight to a file, no parsing, no fsync.
const dir = process.argv[2]!;
let n = 0;
const server = http.createServer((req, res) => {
  pipeline(req, fs.createWriteStream(path.join(dir, `upload-${n++}`))).then(
    () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'),
    () => res.writeHead(500).end(),
  );
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
