import { useState } from 'preact/hooks';
import { ApiError, deleteAccount, signOutEverywhere } from './api.js';

/** Ending every sign-in, and deleting the account for good (with the password, or a code when MFA is on). */
export function AccountActions({ onGone }: { onGone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [proof, setProof] = useState('');
  const [useCode, setUseCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function everywhere() {
    setBusy(true);
    try {
      await signOutEverywhere();
      onGone('You are signed out on every device.');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await deleteAccount(useCode ? { code: proof.trim() } : { password: proof });
      onGone('Your account is deleted. Its photos, albums and links are being removed.');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_credentials') setError('The password is wrong.');
      else if (err instanceof ApiError && err.code === 'invalid_mfa_code') setError('That code is wrong or was already used.');
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="danger-zone" aria-labelledby="sessions-title">
      <h3 id="sessions-title">Devices and account</h3>
      <p class="hint">Lost a phone, or used a shared computer? This ends every sign-in, this one included.</p>
      <button type="button" onClick={everywhere} disabled={busy}>
        Sign out everywhere
      </button>
      {!confirming ? (
        <p>
          <button
            type="button"
            class="danger"
            onClick={() => {
              setConfirming(true);
            }}
          >
            Delete account…
          </button>
        </p>
      ) : (
        <form onSubmit={remove} aria-label="Delete account">
          <p>This deletes every photo, album, share link and API key of this account, for good. It cannot be undone.</p>
          <label>
            {useCode ? 'Code from your authenticator app' : 'Your password'}
            {useCode ? (
              <input
                type="text"
                name="delete-code"
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                maxLength={32}
                value={proof}
                onInput={(e) => {
                  setProof(e.currentTarget.value);
                }}
              />
            ) : (
              <input
                type="password"
                name="delete-password"
                autoComplete="current-password"
                required
                maxLength={1024}
                value={proof}
                onInput={(e) => {
                  setProof(e.currentTarget.value);
                }}
              />
            )}
          </label>
          <button
            type="button"
            class="link"
            onClick={() => {
              setUseCode(!useCode);
              setProof('');
            }}
          >
            {useCode ? 'Use my password instead' : 'No password? Use a code from your authenticator app'}
          </button>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
          <button type="submit" class="danger" disabled={busy}>
            Delete my account
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              setError(null);
            }}
          >
            Keep it
          </button>
        </form>
      )}
      {!confirming && error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
