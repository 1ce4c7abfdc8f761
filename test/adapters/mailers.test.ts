import t, { type Test } from 'tap';
import type { InfoLog } from '../../src/adapters/local/log-mailer.js';
import { loadConfig } from '../../src/config.js';
import { localAdapters } from '../../src/wiring/local-adapters.js';
import { waitFor } from '../helpers/client.js';
import { tempDir } from '../helpers/factories.js';
import { startFakeSmtp } from '../helpers/fake-smtp-server.js';
import { codeIn } from '../helpers/mailbox.js';

/** Local adapters as the service wires them for this environment, with one account. */
async function withAccount(t: Test, env: Record<string, string>, log?: InfoLog) {
  const config = loadConfig({ LOG_LEVEL: 'silent', LABELS: 'off', ...env, DATA_DIR: tempDir(t) });
  const adapters = localAdapters(config, log ? { log } : {});
  t.teardown(() => adapters.close());
  await adapters.auth!.signUp('mia@example.com', 'correct-horse-9');
  return adapters;
}

t.test('with SMTP_URL the code is mailed through the SMTP server, from MAIL_FROM', async (t) => {
  const smtp = await startFakeSmtp(t);
  const adapters = await withAccount(t, {
    SMTP_URL: smtp.url('mailer%40example.com:s3cret%21'),
    MAIL_FROM: 'Photos <photos@example.com>',
  });
  await adapters.passwords!.requestReset('mia@example.com');
  t.equal(smtp.received.length, 1);
  const [mail] = smtp.received;
  t.equal(mail!.auth, 'mailer@example.com:s3cret!', 'the credentials in the URL, decoded');
  t.equal(mail!.from, 'photos@example.com');
  t.same(mail!.to, ['mia@example.com']);
  t.match(mail!.data, /^From: Photos <photos@example\.com>$/m);
  t.match(mail!.data, /^Subject: Your photoshare password reset code$/m);
  t.match(codeIn(mail!.data), /^\d{8}$/);
  await adapters.passwords!.requestReset('nobody@example.com');
  t.equal(smtp.received.length, 1, 'nothing is sent for an address without an account');
});

t.test('without SMTP_URL the message, code included, is written to the log at info level', async (t) => {
  const lines: { obj: { mail?: { to: string; text: string } }; msg: string }[] = [];
  const adapters = await withAccount(t, {}, { info: (obj: object, msg: string) => lines.push({ obj, msg }) });
  await adapters.passwords!.requestReset('mia@example.com');
  const line = await waitFor(() => lines.find((l) => l.obj.mail?.to === 'mia@example.com'));
  t.ok(line);
  t.match(codeIn(line!.obj.mail!.text), /^\d{8}$/);
  t.match(line!.msg, /no SMTP_URL/);
});

t.test('SMTP_URL must be an smtp:// or smtps:// URL', async (t) => {
  t.throws(() => loadConfig({ SMTP_URL: 'http://example.com' }), /SMTP_URL must be an smtp/);
  t.equal(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com' }).mail.smtpUrl, 'smtps://u:p@mail.example.com');
  t.equal(loadConfig({ PUBLIC_URL: 'https://photos.example.com' }).mail.from, 'photoshare <no-reply@photos.example.com>');
});
