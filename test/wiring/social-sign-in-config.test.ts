import t from 'tap';
import { loadConfig } from '../../src/config.js';

const provider = {
  id: 'google',
  name: 'Google',
  issuer: 'https://accounts.google.com',
  clientId: 'c',
  clientSecret: 's3cret-value',
};

t.test('OIDC_PROVIDERS: providers by configuration in local mode', async (t) => {
  t.same(loadConfig({}).socialSignIn, { kind: 'oidc', providers: [] }, 'none by default');
  t.same(loadConfig({ OIDC_PROVIDERS: JSON.stringify([provider]) }).socialSignIn, { kind: 'oidc', providers: [provider] });
  const refused = (value: unknown, message: RegExp) =>
    t.throws(() => loadConfig({ OIDC_PROVIDERS: typeof value === 'string' ? value : JSON.stringify(value) }), { message });
  refused('{not json', /must be a JSON array/);
  refused([{ ...provider, issuer: 'http://accounts.example.com' }], /must be https:\/\//);
  refused([provider, provider], /names an id twice/);
  refused([{ ...provider, id: 'Has Spaces' }], /id must be/);
  refused([{ ...provider, clientSecret: 7 }], /clientSecret must be a string/);
  refused(
    Array.from({ length: 11 }, (_, i) => ({ ...provider, id: `p${i}` })),
    /at most 10/,
  );
  try {
    loadConfig({ OIDC_PROVIDERS: JSON.stringify([{ ...provider, issuer: 'ftp://x' }]) });
  } catch (err) {
    t.notMatch((err as Error).message, /s3cret/, 'a refusal never shows the secret');
  }
  t.equal(
    loadConfig({ OIDC_PROVIDERS: JSON.stringify([{ ...provider, issuer: 'http://127.0.0.1:4000' }]) }).socialSignIn.kind,
    'oidc',
    'http:// on the loopback (a test provider)',
  );
});

t.test("COGNITO_OAUTH_PROVIDERS: the pool's providers in aws mode", async (t) => {
  const aws = {
    MODE: 'aws',
    ROLE: 'worker',
    AWS_REGION: 'us-east-1',
    ORIGINALS_BUCKET: 'o',
    PROCESSED_BUCKET: 'p',
    QUEUE_URL: 'http://q',
  };
  t.same(loadConfig(aws).socialSignIn, { kind: 'cognito', providers: [], clientSecret: null, issuer: null });
  t.same(loadConfig({ ...aws, COGNITO_OAUTH_PROVIDERS: 'Google, Corp-OIDC', COGNITO_CLIENT_SECRET: 'x' }).socialSignIn, {
    kind: 'cognito',
    providers: ['Google', 'Corp-OIDC'],
    clientSecret: 'x',
    issuer: null,
  });
  t.throws(() => loadConfig({ ...aws, COGNITO_OAUTH_PROVIDERS: 'Google,<script>' }), { message: /not a provider name/ });
});
