import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { SocialSignInError, type SignInFailure } from '../domain/social-sign-in.js';
import { setRefreshCookie, type SessionCookieSettings } from '../http/session-cookie.js';
import { OAuthCallbackQuery, OAuthProviders, OAuthStartQuery } from '../schemas/oauth.js';
import { Redirect, errors } from '../schemas/common.js';
import type { SocialSignInService } from '../services/social-sign-in-service.js';

export interface OAuthRouteDeps {
  social: SocialSignInService;
  /** The web session's cookie (Secure when the public URL is https, as the sign-in's cookie is). */
  cookies: SessionCookieSettings;
}

/** The sign-in in progress, sealed (AES-GCM): sent back only to these routes. */
const PENDING_COOKIE = 'ps_oauth';
const PENDING_PATH = '/auth/oauth';
/** Nothing here takes a body. */
const NO_BODY = 1024;

/**
 * "Sign in with …": the OpenID Connect authorization code flow. The browser is redirected to the provider with a
 * fresh PKCE challenge, state and nonce, and keeps them sealed in a cookie; the provider redirects it back to the
 * callback, which ends at `/` signed in (the refresh token in the session cookie) or at `/?signin_error=<code>`.
 */
export const oauthRoutes: FastifyPluginAsyncTypebox<OAuthRouteDeps> = async (app, { social, cookies }) => {
  await app.register(cookie);
  // Lax: the provider's redirect back is a cross-site top-level GET, which a Strict cookie would not come with.
  const pendingCookie = { path: PENDING_PATH, httpOnly: true, sameSite: 'lax', secure: cookies.secure } as const;

  app.get(
    '/auth/oauth/providers',
    {
      config: { throttle: 'anonymous' },
      bodyLimit: NO_BODY,
      schema: { summary: 'The providers to offer as "Sign in with …"', response: { 200: OAuthProviders, ...errors() } },
    },
    async () => ({ providers: social.providers() }),
  );

  app.get(
    '/auth/oauth/start',
    {
      config: { throttle: 'login' },
      bodyLimit: NO_BODY,
      schema: {
        summary: "Starts a sign-in: a redirect to the provider's sign-in page",
        querystring: OAuthStartQuery,
        response: {
          302: { ...Redirect, description: "To the provider's authorization endpoint, with the sign-in's cookie" },
          303: { ...Redirect, description: 'To `/?signin_error=unavailable` when the provider cannot be reached' },
          ...errors(400, 404),
        },
      },
    },
    async (request, reply) => {
      let started: Awaited<ReturnType<SocialSignInService['begin']>>;
      try {
        started = await social.begin(request.query.provider);
      } catch (err) {
        return reply.redirect(failureUrl(err, request.log), 303);
      }
      if (!started) return reply.status(404).send({ error: { code: 'not_found', message: 'No such sign-in provider' } });
      reply.setCookie(PENDING_COOKIE, started.sealed, { ...pendingCookie, maxAge: started.maxAgeSeconds });
      return reply.redirect(started.url, 302);
    },
  );

  app.get(
    '/auth/oauth/callback',
    {
      config: { throttle: 'login' },
      bodyLimit: NO_BODY,
      schema: {
        summary: 'Where the provider sends the browser back: signs in and redirects to the web app',
        querystring: OAuthCallbackQuery,
        response: {
          303: {
            ...Redirect,
            description:
              'To `/` signed in (the refresh token in the session cookie), `/#mfa=<session>` when the account asks for a ' +
              'TOTP code, or `/?signin_error=<code>` (expired, invalid_state, denied, provider_error, email_unverified, unavailable, failed)',
          },
          ...errors(400),
        },
      },
    },
    async (request, reply) => {
      const sealed = request.cookies[PENDING_COOKIE];
      // Whatever happens next, this sign-in is over.
      reply.clearCookie(PENDING_COOKIE, pendingCookie);
      let target: string;
      try {
        const signIn = await social.finish(sealed, new URLSearchParams(request.query as Record<string, string>));
        if ('challenge' in signIn) {
          // The web app shows the code form; a fragment never reaches a server or a log.
          target = `/#mfa=${encodeURIComponent(signIn.challenge.session)}`;
        } else {
          setRefreshCookie(reply, signIn.tokens.refreshToken, cookies);
          target = '/';
        }
      } catch (err) {
        target = failureUrl(err, request.log);
      }
      return reply.redirect(target, 303);
    },
  );
};

type Log = Pick<FastifyBaseLogger, 'info' | 'error'>;

/** Back to the web app with the reason; a refusal is logged at info, anything else (our fault) as an error. */
function failureUrl(err: unknown, log: Log): string {
  let code: SignInFailure = 'failed';
  if (err instanceof SocialSignInError) {
    code = err.code;
    log.info({ signInError: code, reason: err.message }, 'social sign-in refused');
  } else {
    log.error({ err }, 'social sign-in failed');
  }
  return `/?signin_error=${code}`;
}
