import { useState } from 'preact/hooks';
import { ApiError, answerMfa, confirm, signIn, signUp } from './api.js';

type Mode = 'signin' | 'signup' | 'confirm' | 'mfa';

/** A sign-in elsewhere (a social provider's) that stopped at the second factor leaves its session in the fragment. */
function pendingMfaSession(): string | null {
  const session = new URLSearchParams(location.hash.slice(1)).get('mfa');
  if (session) history.replaceState(null, '', location.pathname + location.search);
  return session;
}

export function AuthForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [mfaSession, setMfaSession] = useState<string | null>(pendingMfaSession);
  const [mode, setMode] = useState<Mode>(mfaSession ? 'mfa' : 'signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      if (mode === 'signup') {
        const { confirmationRequired } = await signUp(email, password);
        if (confirmationRequired) {
          setMode('confirm');
          return;
        }
      } else if (mode === 'confirm') {
        await confirm(email, code);
      } else if (mode === 'mfa' && mfaSession) {
        await answerMfa(mfaSession, code);
        onSignedIn();
        return;
      }
      const outcome = await signIn(email, password);
      if (!outcome.signedIn) {
        setMfaSession(outcome.mfaSession);
        setCode('');
        setMode('mfa');
        return;
      }
      onSignedIn();
    } catch (err) {
      setError(messageFor(mode, err));
      if (err instanceof ApiError && err.code === 'invalid_mfa_session') {
        setMfaSession(null);
        setMode('signin');
      }
    } finally {
      setBusy(false);
    }
  }

  const title =
    mode === 'signup'
      ? 'Create an account'
      : mode === 'confirm'
        ? 'Confirm your email'
        : mode === 'mfa'
          ? 'Enter your sign-in code'
          : 'Sign in';
  return (
    <form class="card auth" onSubmit={submit} aria-labelledby="auth-title">
      <h2 id="auth-title">{title}</h2>
      {mode !== 'confirm' && mode !== 'mfa' ? (
        <>
          <label>
            Email
            <input
              type="email"
              name="email"
              autoComplete="email"
              required
              value={email}
              onInput={(e) => {
                setEmail(e.currentTarget.value);
              }}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              name="password"
              autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
              required
              minLength={mode === 'signup' ? 8 : undefined}
              value={password}
              onInput={(e) => {
                setPassword(e.currentTarget.value);
              }}
              aria-describedby={mode === 'signup' ? 'password-rule' : undefined}
            />
          </label>
          {mode === 'signup' && (
            <p id="password-rule" class="hint">
              At least 8 characters, mixing letters with digits or symbols.
            </p>
          )}
        </>
      ) : (
        <label>
          {mode === 'mfa' ? 'Code from your authenticator app (or a recovery code)' : 'Code from the email'}
          <input
            name="code"
            inputMode={mode === 'mfa' ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            required
            maxLength={32}
            value={code}
            onInput={(e) => {
              setCode(e.currentTarget.value);
            }}
          />
        </label>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {mode === 'signup' ? 'Sign up' : mode === 'confirm' ? 'Confirm' : mode === 'mfa' ? 'Verify' : 'Sign in'}
      </button>
      {(mode === 'signin' || mode === 'signup') && (
        <button
          type="button"
          class="link"
          onClick={() => {
            setMode(mode === 'signin' ? 'signup' : 'signin');
            setError(null);
          }}
        >
          {mode === 'signin' ? 'New here? Create an account' : 'Have an account? Sign in'}
        </button>
      )}
    </form>
  );
}

function messageFor(mode: Mode, err: unknown): string {
  if (!(err instanceof ApiError)) return (err as Error).message;
  if (err.code === 'invalid_mfa_code') return 'That code is wrong or was already used. Try the next one.';
  if (err.code === 'invalid_mfa_session') return 'The sign-in timed out. Please sign in again.';
  if (err.status === 401 && mode !== 'mfa') return 'Wrong email or password.';
  return err.message;
}
