import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../domain/errors.js';
import { clientAddress } from '../http/rate-limits.js';
import {
  assertSameOrigin,
  clearRefreshCookie,
  refreshCookieOf,
  setRefreshCookie,
  type SessionCookieSettings,
} from '../http/session-cookie.js';
import type { Auth, Tokens as IssuedTokens } from '../ports/auth.js';
import type { SignInGuard } from '../services/sign-in-guard.js';
import {
  Confirmation,
  Credentials,
  Jwks,
  MfaChallengeAnswer,
  RefreshRequest,
  SignInRequest,
  SignInResult,
  SignUpResult,
  Tokens,
} from '../schemas/auth.js';
import { NoContent, errors } from '../schemas/common.js';

/** Credentials and tokens take a few KB at most: a larger body is refused before it is parsed. */
const AUTH_BODY_LIMIT = 16 * 1024;

export interface AuthRouteDeps {
  auth: Auth;
  /** Growing delays after wrong passwords and codes; null when rate limits are off. */
  guard: SignInGuard | null;
  publicUrl: string;
  cookies: SessionCookieSettings;
}

const noRefreshToken = () => new AppError(401, 'invalid_refresh_token', 'Send a refresh token, or sign in again');

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, { auth, guard, publicUrl, cookies }) => {
  await app.register(cookie);

  /** Tokens as JSON for API clients; for a cookie session the refresh token goes into the cookie instead. */
  const deliver = (reply: FastifyReply, tokens: IssuedTokens, inCookie: boolean) => {
    if (!inCookie) return tokens;
    setRefreshCookie(reply, tokens.refreshToken, cookies);
    const { refreshToken: _kept, ...rest } = tokens;
    return rest;
  };

  /** The refresh token a request presents: in its body (API clients), else the web app's cookie, from this origin only. */
  const presented = (request: FastifyRequest, body: { refreshToken?: string }): { token: string | null; inCookie: boolean } => {
    if (body.refreshToken !== undefined) return { token: body.refreshToken, inCookie: false };
    assertSameOrigin(request, publicUrl);
    return { token: refreshCookieOf(request), inCookie: true };
  };

  app.post(
    '/auth/signup',
    {
      config: { throttle: 'signup' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: { summary: 'Create an account', body: Credentials, response: { 201: SignUpResult, ...errors(400, 408, 409, 429) } },
    },
    async (request, reply) => reply.status(201).send(await auth.signUp(request.body.email, request.body.password)),
  );

  app.post(
    '/auth/confirm',
    {
      config: { throttle: 'signup' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'Confirm an account with the emailed code (Cognito)',
        body: Confirmation,
        response: { 204: NoContent, ...errors(400, 408, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      await auth.confirm(request.body.email, request.body.code);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/login',
    {
      config: { throttle: 'login' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'Sign in: tokens, or a second-factor challenge when the account has TOTP on',
        body: SignInRequest,
        response: { 200: SignInResult, ...errors(400, 408, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { email, password, sessionCookie = false } = request.body;
      // A cookie set for another site's form would sign the browser in as someone else: same origin only.
      if (sessionCookie) assertSameOrigin(request, publicUrl);
      const signIn = () => auth.login(email, password);
      const result = await (guard ? guard.attempt(email, clientAddress(request), signIn) : signIn());
      if ('challenge' in result) return { challenge: result.challenge.name, session: result.challenge.session };
      return deliver(reply, result.tokens, sessionCookie);
    },
  );

  app.post(
    '/auth/mfa/challenge',
    {
      config: { throttle: 'login' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary:
          "Finish a sign-in with a code from the authenticator app; a code is accepted once, a session's fifth wrong code ends it",
        body: MfaChallengeAnswer,
        response: { 200: Tokens, ...errors(400, 408, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { session, code, sessionCookie = false } = request.body;
      if (sessionCookie) assertSameOrigin(request, publicUrl);
      const account = await auth.challengeAccount(session);
      const answer = () => auth.answerMfaChallenge(session, code);
      const tokens = await (guard ? guard.secondFactor(account, clientAddress(request), answer) : answer());
      return deliver(reply, tokens, sessionCookie);
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { throttle: 'session' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'New tokens for a refresh token, which is spent: keep the new refresh token',
        body: RefreshRequest,
        response: { 200: Tokens, ...errors(400, 408, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, inCookie } = presented(request, request.body);
      try {
        if (token === null) throw noRefreshToken();
        return deliver(reply, await auth.refresh(token), inCookie);
      } catch (err) {
        if (inCookie) clearRefreshCookie(reply, cookies);
        throw err;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { throttle: 'session' },
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        summary: 'Revoke a refresh token (or the web session cookie)',
        body: RefreshRequest,
        response: { 204: NoContent, ...errors(400, 408, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, inCookie } = presented(request, request.body);
      if (token !== null) await auth.logout(token);
      if (inCookie) clearRefreshCookie(reply, cookies);
      return reply.status(204).send();
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      schema: { summary: "The local token issuer's public keys", response: { 200: Jwks, ...errors(404) } },
    },
    async (_request, reply) => {
      const jwks = await auth.jwks();
      if (!jwks) return reply.status(404).send({ error: { code: 'not_found', message: 'This issuer publishes no keys here' } });
      return reply.header('cache-control', 'public, max-age=3600').send(jwks as { keys: Record<string, unknown>[] });
    },
  );
};
