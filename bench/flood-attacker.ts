import autocannon from 'autocannon';
import fs from 'node:fs';

// The attacker of bench/flood.ts, in its own process so its load does not share the probe's event loop.
// argv: a file holding a JSON list of { options, connections }; prints a JSON list of { requests, statuses } when done.
interface Attack {
  options: autocannon.Options;
  connections: number;
}

const attacks = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Attack[];
const results = await Promise.all(attacks.map((a) => autocannon({ ...a.options, connections: a.connections })));
process.stdout.write(
  JSON.stringify(
    results.map((r) => ({
      requests: r.requests.total,
      statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
    })),
  ),
);
