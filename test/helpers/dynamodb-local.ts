import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { waitFor } from './client.js';
import { freePort } from './free-port.js';

// Amazon's DynamoDB Local, as the npm package amplify-dynamodb-simulator carries it: a jar that Java 17 runs.
const EMULATOR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')),
  'emulator',
);

/**
 * DynamoDB Local in memory on a free loopback port, stopped at the test's end; its endpoint.
 * `-sharedDb`: one database whatever the access key (without it, each key sees tables of its own).
 */
export async function startDynamoDbLocal(t: Test): Promise<string> {
  const port = await freePort();
  // Even in memory it writes a metadata file into its working directory: give it one of its own.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-local-'));
  const java = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(EMULATOR, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(EMULATOR, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-port',
      String(port),
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) =>
    java.once('exit', () => {
      resolve();
    }),
  );
  t.teardown(async () => {
    java.kill();
    await exited;
    fs.rmSync(cwd, { recursive: true, force: true });
  });
  const failed = new Promise<never>((_, reject) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    java.stdout.on('data', keep);
    java.stderr.on('data', keep);
    java.once('error', reject);
    java.once('exit', (code) => {
      reject(new Error(`DynamoDB Local exited (${code}) before listening:\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // It prints its configuration before it binds the port: ready is when it answers HTTP (a 400 to a bare GET).
  const answers = async () => {
    const answered = await waitFor(
      async () => {
        try {
          await (await fetch(endpoint)).arrayBuffer();
          return true;
        } catch {
          return false; // not listening yet
        }
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    if (!answered) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
  };
  await Promise.race([answers(), failed]);
  return endpoint;
}
