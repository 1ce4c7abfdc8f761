import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  /** Stable identifier derived from the public key. */
  keyId: string;
}

function writeSecretFile(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Loads `<dataDir>/keys/<name>.pem`, generating a 2048-bit RSA key once if it is missing. */
export function loadOrCreateRsaKey(dataDir: string, name: string): RsaKeyPair {
  const file = path.join(dataDir, 'keys', `${name}.pem`);
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeSecretFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  const privateKeyPem = fs.readFileSync(file, 'utf8');
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }) as string;
  const keyId = createHash('sha256').update(publicKeyPem).digest('base64url').slice(0, 16);
  return { privateKeyPem, publicKeyPem, keyId };
}

/** Loads `<dataDir>/keys/<name>.key` (32 random bytes), generating it once. */
export function loadOrCreateSecret(dataDir: string, name: string): Buffer {
  const file = path.join(dataDir, 'keys', `${name}.key`);
  if (!fs.existsSync(file)) writeSecretFile(file, randomBytes(32));
  return fs.readFileSync(file);
}
