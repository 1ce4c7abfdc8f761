import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { Test } from 'tap';
import { CloudFrontFormatSigner } from '../../src/adapters/local/cloudfront-format-signer.js';
import type { RsaKeyPair } from '../../src/adapters/local/key-files.js';

/**
 * A stand-in for the CloudFront distribution in front of the processed
 * bucket: it checks canned-policy signed URLs with the trusted public key, as
 * CloudFront does, and serves the object from S3 (403 otherwise).
 */
export async function startFakeCloudFront(t: Test, s3: S3Client, bucket: string, key: RsaKeyPair): Promise<{ baseUrl: string }> {
  let origin = '';
  let verifier: CloudFrontFormatSigner | null = null;
  const server = http.createServer(async (req, res) => {
    const verdict = verifier!.verify(new URL(req.url ?? '/', origin), new Date());
    if ('refused' in verdict) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return res.end(`AccessDenied (${verdict.refused})`);
    }
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: verdict.key }));
      res.writeHead(200, {
        'content-type': object.ContentType ?? 'application/octet-stream',
        'content-length': String(object.ContentLength),
      });
      (object.Body as Readable).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('NoSuchKey');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  verifier = new CloudFrontFormatSigner(origin, key);
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });
  // The signer's URLs carry the /cdn/ prefix the verifier expects.
  return { baseUrl: `${origin}/cdn` };
}
