import http from 'node:http';
import Provider from 'oidc-provider';
import type { Test } from 'tap';
import { freePort } from './free-port.js';

export interface TestAccount {
  email: string;
  emailVerified: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in with a login name; a name not here is `<name>@example.com`, verified. */
  accounts: Map<string, TestAccount>;
  /** The query of every authorization request the provider received. */
  authorizationRequests: URLSearchParams[];
  /** The `OIDC_PROVIDERS` entry for this provider. */
  entry(id?: string, name?: string): Record<string, string>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port, with one confidential client whose
 * redirect URI is the service's callback. PKCE is required, ID tokens carry `email` and `email_verified`, refresh
 * tokens are issued (what Cognito's token endpoint answers), and its development login and consent pages take any
 * login name with any password: `signInAtProvider` fills them in over HTTP, a browser test clicks them.
 */
export async function startOidcProvider(t: Test, redirectUri: string, port?: number): Promise<TestOidcProvider> {
  const listenOn = port ?? (await freePort());
  const issuer = `http://127.0.0.1:${listenOn}`;
  const clientId = 'photoshare';
  const clientSecret = 'a-test-client-secret-not-for-use-anywhere';
  const accounts = new Map<string, TestAccount>();
  const authorizationRequests: URLSearchParams[] = [];
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id) ?? { email: `${id}@example.com`, emailVerified: true };
      return { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [] },
    // The email claims go in the ID token itself, as Google's and Cognito's do.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    issueRefreshToken: () => true,
    // Cognito's hosted UI takes identity_provider; this provider accepts it so that a test can see it was sent.
    extraParams: ['identity_provider'],
    cookies: { keys: ['test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth') authorizationRequests.push(new URLSearchParams(ctx.querystring));
    await next();
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(listenOn, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    authorizationRequests,
    entry: (id = 'test', name = 'Test Provider') => ({ id, name, issuer, clientId, clientSecret }),
  };
}

/**
 * Follows an authorization URL through the provider's login and consent pages as a browser would (its own cookie
 * jar, the forms posted), signing in as `login`; answers the URL the provider finally redirects to (the callback).
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const origin = new URL(authorizationUrl).origin;
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body && { body }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    if (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      url = new URL(res.headers.get('location')!, url);
      body = undefined;
      if (url.origin !== origin) return url;
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (res.status !== 200 || !action || !prompt) throw new Error(`the provider answered ${res.status}: ${page.slice(0, 300)}`);
    body =
      prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'any password' }) : new URLSearchParams({ prompt });
    url = new URL(action.replace(/&amp;/g, '&'), url);
  }
  throw new Error('the provider did not redirect back within 20 steps');
}
