import net from 'node:net';

/**
 * Writes bytes to the server as they are (no client library to tidy them up)
 * and reads until the server closes: send `Connection: close`, or a request
 * the server refuses and closes on.
 */
export async function rawRequest(
  base: string,
  head: string,
  body: Buffer | string = '',
): Promise<{ status: number; headers: string; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      // No half-close: the server must answer on its own, as it would to a client that waits.
      socket.write(head);
      socket.write(body);
    });
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      const split = data.indexOf('\r\n\r\n');
      resolve({ status, headers: data.slice(0, split), text: data.slice(split + 4) });
    });
  });
}
