import { useState } from 'preact/hooks';
import { ApiError, changePassword } from './api.js';

/** Changing the password, with the current one. Other devices stay signed in; "Sign out everywhere" ends them. */
export function PasswordSettings() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setMessage(null);
    setBusy(true);
    try {
      await changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setMessage({ error: false, text: 'Your password is changed.' });
    } catch (err) {
      const text =
        err instanceof ApiError && err.code === 'invalid_credentials' ? 'The current password is wrong.' : (err as Error).message;
      setMessage({ error: true, text });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="password-title">
      <h3 id="password-title">Password</h3>
      <label>
        Current password
        <input
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={current}
          onInput={(e) => {
            setCurrent(e.currentTarget.value);
          }}
        />
      </label>
      <label>
        New password
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={8}
          value={next}
          onInput={(e) => {
            setNext(e.currentTarget.value);
          }}
          aria-describedby="new-password-rule"
        />
      </label>
      <p id="new-password-rule" class="hint">
        At least 8 characters, of two kinds or more: lower case, upper case, digits, symbols.
      </p>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'message'}>
          {message.text}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
