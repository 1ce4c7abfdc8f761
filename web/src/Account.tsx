import { AccountActions } from './AccountActions.js';
import { PasswordSettings } from './PasswordSettings.js';
import { TwoStepSettings } from './TwoStepSettings.js';

/** The signed-in user's own settings: how they sign in, and their account. */
export function Account({
  email,
  onClose,
  onGone,
}: {
  email: string | null;
  onClose: () => void;
  /** Signed out everywhere or deleted: back to the sign-in form with this message. */
  onGone: (message: string) => void;
}) {
  return (
    <section class="card account" aria-labelledby="account-title">
      <h2 id="account-title">Your account</h2>
      {email && (
        <p>
          Signed in as <strong>{email}</strong>
        </p>
      )}
      <PasswordSettings />
      <TwoStepSettings />
      <AccountActions onGone={onGone} />
      <button type="button" class="link" onClick={onClose}>
        Back to your photos
      </button>
    </section>
  );
}
