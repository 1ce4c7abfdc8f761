import { useEffect, useState } from 'preact/hooks';
import { ApiError, answerMfa, confirm, forgotPassword, resetPassword, signIn, signUp, socialProviders } from './api.js';

type Mode = 'signin' | 'signup' | 'confirm' | 'mfa' | 'forgot' | 'reset';

const TITLES: Record<Mode, string> = {
  signin: 'Sign in',
  signup: 'Create an account',
  confirm: 'Confirm your email',
  mfa: 'Enter your sign-in code',
  forgot: 'Reset your password',
  reset: 'Choose a new password',
};

const SUBMITS: Record<Mode, string> = {
  signin: 'Sign in',
  signup: 'Sign up',
  confirm: 'Confirm',
  mfa: 'Verify',
  forgot: 'Send me a code',
  reset: 'Set password and sign in',
};

/** A sign-in elsewhere (a social provider's) that stopped at the second factor leaves its session in the fragment. */
function pendingMfaSession(): string | null {
  const session = new URLSearchParams(location.hash.slice(1)).get('mfa');
  if (session) history.replaceState(null, '', location.pathname + location.search);
  return session;
}

const SOCIAL_ERRORS: Record<string, string> = {
  denied: 'The sign-in was cancelled at the provider.',
  email_unverified: 'The provider has not verified your email address, so it cannot sign you in here.',
  expired: 'The sign-in took too long. Please try again.',
  unavailable: 'The provider could not be reached. Please try again later.',
};

/** A social sign-in that failed comes back with `?signin_error=<code>`: read once, then taken out of the address. */
function socialSignInError(): string | null {
  const params = new URLSearchParams(location.search);
  const code = params.get('signin_error');
  if (code === null) return null;
  params.delete('signin_error');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  return SOCIAL_ERRORS[code] ?? 'The sign-in with that provider did not work. Please try again.';
}

export function AuthForm({ onSignedIn, notice: initialNotice = null }: { onSignedIn: () => void; notice?: string | null }) {
  const [mfaSession, setMfaSession] = useState<string | null>(pendingMfaSession);
  const [providers, setProviders] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    void socialProviders().then(setProviders, () => {
      setProviders([]);
    });
  }, []);
  const [mode, setMode] = useState<Mode>(mfaSession ? 'mfa' : 'signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(socialSignInError);
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [busy, setBusy] = useState(false);

  const switchTo = (next: Mode) => {
    setMode(next);
    setError(null);
    setNotice(null);
    setCode('');
  };

  /** After the password is proven: signed in, or on to the second factor. */
  async function signInWith(newPassword: string) {
    const outcome = await signIn(email, newPassword);
    if (outcome.signedIn) {
      onSignedIn();
      return;
    }
    setMfaSession(outcome.mfaSession);
    switchTo('mfa');
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      switch (mode) {
        case 'signup': {
          const { confirmationRequired } = await signUp(email, password);
          if (confirmationRequired) switchTo('confirm');
          else await signInWith(password);
          break;
        }
        case 'confirm':
          await confirm(email, code.trim());
          await signInWith(password);
          break;
        case 'mfa':
          if (mfaSession) await answerMfa(mfaSession, code.trim());
          onSignedIn();
          break;
        case 'forgot':
          await forgotPassword(email);
          switchTo('reset');
          setNotice(`If ${email} has an account, a code is on its way there.`);
          break;
        case 'reset':
          await resetPassword({ email, code: code.trim(), newPassword: password });
          await signInWith(password);
          break;
        case 'signin':
          await signInWith(password);
      }
    } catch (err) {
      setError(messageFor(mode, err));
      if (err instanceof ApiError && err.code === 'invalid_mfa_session') {
        setMfaSession(null);
        switchTo('signin');
        setError(messageFor('mfa', err));
      }
    } finally {
      setBusy(false);
    }
  }

  const asksEmail = mode === 'signin' || mode === 'signup' || mode === 'forgot';
  const asksPassword = mode === 'signin' || mode === 'signup' || mode === 'reset';
  const asksCode = mode === 'confirm' || mode === 'mfa' || mode === 'reset';
  const newPassword = mode === 'signup' || mode === 'reset';
  return (
    <form class="card auth" onSubmit={submit} aria-labelledby="auth-title">
      <h2 id="auth-title">{TITLES[mode]}</h2>
      {notice && <p class="message">{notice}</p>}
      {asksEmail && (
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
      )}
      {asksCode && (
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
      {asksPassword && (
        <label>
          {mode === 'reset' ? 'New password' : 'Password'}
          <input
            type="password"
            name="password"
            autoComplete={newPassword ? 'new-password' : 'current-password'}
            required
            minLength={newPassword ? 8 : undefined}
            value={password}
            onInput={(e) => {
              setPassword(e.currentTarget.value);
            }}
            aria-describedby={newPassword ? 'password-rule' : undefined}
          />
        </label>
      )}
      {newPassword && (
        <p id="password-rule" class="hint">
          At least 8 characters, of two kinds or more: lower case, upper case, digits, symbols.
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {SUBMITS[mode]}
      </button>
      {mode === 'signin' && (
        <button
          type="button"
          class="link"
          onClick={() => {
            switchTo('forgot');
          }}
        >
          Forgot your password?
        </button>
      )}
      {mode === 'signin' && providers.length > 0 && (
        <div class="social" role="group" aria-label="Other ways to sign in">
          {providers.map((provider) => (
            <a key={provider.id} class="button" href={`/auth/oauth/start?provider=${encodeURIComponent(provider.id)}`}>
              Sign in with {provider.name}
            </a>
          ))}
        </div>
      )}
      {(mode === 'signin' || mode === 'signup' || mode === 'forgot' || mode === 'reset') && (
        <button
          type="button"
          class="link"
          onClick={() => {
            switchTo(mode === 'signin' ? 'signup' : 'signin');
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
  if (err.code === 'invalid_code') return 'That code is wrong or has expired. Ask for a new one if it keeps failing.';
  if (err.status === 401 && mode === 'signin') return 'Wrong email or password.';
  return err.message;
}
