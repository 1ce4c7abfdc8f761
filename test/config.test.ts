import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults describe the embedded laptop setup', async (t) => {
  const config = loadConfig({});
  t.match(config, { mode: 'local', role: 'all', port: 3000, host: '127.0.0.1', publicUrl: 'http://localhost:3000', maxUploadBytes: 52_428_800, maxPixels: 100_000_000, accessTokenSeconds: 900, logLevel: 'info' });
  t.ok(config.dataDir.endsWith('/data'));
});

t.test('values are read and trailing slashes dropped', async (t) => {
  const config = loadConfig({ PORT: '8080', ROLE: 'worker', PUBLIC_URL: 'https://photos.example.com/', MAX_UPLOAD_BYTES: '1000', LOG_LEVEL: 'debug' });
  t.match(config, { port: 8080, role: 'worker', publicUrl: 'https://photos.example.com', maxUploadBytes: 1000, logLevel: 'debug' });
  t.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
});

t.test('a bad value stops the start with a message naming it', async (t) => {
  const cases: Record<string, string>[] = [
    { PORT: 'eighty' },
    { PORT: '70000' },
    { ROLE: 'everything' },
    { MODE: 'cloud' },
    { MAX_UPLOAD_BYTES: '-1' },
    { MAX_UPLOAD_BYTES: '1.5' },
    { LOG_LEVEL: 'loud' },
    { PUBLIC_URL: 'not a url' },
    { PUBLIC_URL: 'ftp://example.com' },
    { WORKER_CONCURRENCY: '0' },
  ];
  for (const env of cases) {
    const [name] = Object.keys(env);
    t.throws(() => loadConfig(env), { name: 'ConfigError', message: new RegExp(name!) }, `${JSON.stringify(env)} is refused`);
  }
  t.ok(new ConfigError('x') instanceof Error);
});
