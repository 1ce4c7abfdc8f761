import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/** One message as the server received it. */
export interface ReceivedMail {
  /** `user:pass` from AUTH PLAIN, or null when the client did not authenticate. */
  auth: string | null;
  from: string;
  to: string[];
  /** The DATA as sent (headers and body, dot-stuffing undone). */
  data: string;
}

/**
 * A FAKE SMTP server for tests (the npm package smtp-server is not installed): enough of RFC 5321 for nodemailer
 * to deliver over plain TCP: EHLO (offering AUTH PLAIN, no STARTTLS), AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT. It takes any credentials and records them with each message.
 */
export async function startFakeSmtp(t: Test): Promise<{ url: (userinfo?: string) => string; received: ReceivedMail[] }> {
  const received: ReceivedMail[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let auth: string | null = null;
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply('250-fake.smtp\r\n250-AUTH PLAIN\r\n250 8BITMIME');
      else if (verb === 'AUTH') {
        const [, mechanism, initial] = line.split(' ');
        if (mechanism?.toUpperCase() !== 'PLAIN' || !initial) return reply('504 only AUTH PLAIN with an initial response');
        const [, user, pass] = Buffer.from(initial, 'base64').toString().split('\0');
        auth = `${user}:${pass}`;
        reply('235 2.7.0 accepted');
      } else if (verb === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        to = [];
        reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        reply('250 2.1.5 ok');
      } else if (verb === 'DATA') {
        inData = true;
        reply('354 end with <CRLF>.<CRLF>');
      } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
      else if (verb === 'QUIT') {
        reply('221 bye');
        socket.end();
      } else reply('502 not implemented');
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push({ auth, from, to, data });
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        command(line);
      }
    });
    socket.on('error', () => undefined);
    reply('220 fake.smtp ESMTP');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );
  const { port } = server.address() as AddressInfo;
  return { url: (userinfo) => `smtp://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${port}`, received };
}
