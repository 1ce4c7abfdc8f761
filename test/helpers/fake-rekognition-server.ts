import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { Test } from 'tap';

/**
 * A FAKE of Amazon Rekognition (there is no emulator of it): it answers
 * DetectLabels and DetectModerationLabels over Rekognition's JSON protocol.
 * It "sees" only the shape of the picture: every image is a "Photograph";
 * landscape ones are "Outdoors"; portrait ones are flagged by moderation,
 * which lets tests follow a flagged photo end to end.
 */
export async function startFakeRekognition(t: Test): Promise<{ endpoint: string; calls: string[] }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', async () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('RekognitionService.', '');
      calls.push(action);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      try {
        const bytes = Buffer.from(JSON.parse(raw).Image.Bytes, 'base64');
        const { width, height } = await sharp(bytes).metadata();
        if (action === 'DetectLabels') {
          const labels = [{ Name: 'Photograph', Confidence: 99.1 }];
          if (width > height) labels.push({ Name: 'Outdoors', Confidence: 81.23 });
          send(200, { Labels: labels, LabelModelVersion: '3.0' });
          return;
        }
        if (action === 'DetectModerationLabels') {
          send(200, { ModerationLabels: height > width ? [{ Name: 'Suggestive', Confidence: 88.8, ParentName: '' }] : [] });
          return;
        }
        send(400, { __type: 'InvalidParameterException', Message: `Unsupported action ${action}` });
      } catch (err) {
        send(400, { __type: 'InvalidImageFormatException', Message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}
