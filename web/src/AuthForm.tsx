import { useState } from 'preact/hooks';
import { ApiError, confirm, signIn, signUp } from './api.js';

type Mode = 'signin' | 'signup' | 'confirm';

export function AuthForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [mode, setMode] = useState<Mode>('signin');
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
      }
      await signIn(email, password);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const title = mode === 'signup' ? 'Create an account' : mode === 'confirm' ? 'Confirm your email' : 'Sign in';
  return (
    <form class="card auth" onSubmit={submit} aria-labelledby="auth-title">
      <h2 id="auth-title">{title}</h2>
      {mode !== 'confirm' ? (
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
          Code from the email
          <input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
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
        {mode === 'signup' ? 'Sign up' : mode === 'confirm' ? 'Confirm' : 'Sign in'}
      </button>
      {mode !== 'confirm' && (
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
