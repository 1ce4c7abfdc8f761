import { ConfigError, loadConfig } from './config.js';
import { startService } from './service.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`photoshare: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const service = await startService(config);
  if (service.url)
    process.stdout.write(`photoshare (${config.role}) listening on ${service.url} — public URL ${config.publicUrl}\n`);
  else process.stdout.write(`photoshare worker started (data in ${config.dataDir})\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`photoshare: ${signal} received, finishing in-flight work\n`);
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`photoshare: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
}

await main();
