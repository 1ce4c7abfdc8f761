import { useEffect, useState } from 'preact/hooks';
import { ApiError, disableTotp, mfaStatus, setupTotp, verifyTotp, type MfaStatus, type TotpEnrolment } from './api.js';
import { QrCode } from './QrCode.js';

type Step = { kind: 'idle' } | { kind: 'enrolling'; enrolment: TotpEnrolment } | { kind: 'codes'; codes: string[] };

/** Two-step sign-in: turn TOTP on with a QR code and a first code, keep the recovery codes, turn it off. */
export function TwoStepSettings() {
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    mfaStatus().then(setStatus, (err: unknown) => {
      setError((err as Error).message);
    });
  useEffect(() => {
    void reload();
  }, []);

  async function run(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'password_required') setNeedsPassword(true);
      setError(
        err instanceof ApiError && err.code === 'invalid_mfa_code'
          ? 'That code is wrong or was already used.'
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  }

  const start = () =>
    run(async () => {
      setStep({ kind: 'enrolling', enrolment: await setupTotp() });
      setCode('');
    });
  const confirmCode = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      const { recoveryCodes } = await verifyTotp({ code: code.trim(), ...(password && { password }) });
      setCode('');
      setPassword('');
      setStep(recoveryCodes ? { kind: 'codes', codes: recoveryCodes } : { kind: 'idle' });
      await reload();
    });
  };
  const turnOff = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      await disableTotp({ code: code.trim(), ...(password && { password }) });
      setCode('');
      setPassword('');
      setNeedsPassword(false);
      await reload();
    });
  };

  const codeInput = (
    <label>
      Code from the app
      <input
        name="totp-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        maxLength={32}
        value={code}
        onInput={(e) => {
          setCode(e.currentTarget.value);
        }}
      />
    </label>
  );

  return (
    <section aria-labelledby="two-step-title">
      <h3 id="two-step-title">Two-step sign-in</h3>
      {status === null ? (
        <p class="hint">Loading…</p>
      ) : step.kind === 'enrolling' ? (
        <form onSubmit={confirmCode}>
          <p>Scan this with an authenticator app, then enter the code it shows.</p>
          <QrCode text={step.enrolment.otpauthUri} label="QR code for your authenticator app" />
          <p class="hint">
            Or type this key: <code data-testid="totp-secret">{step.enrolment.secret}</code>
          </p>
          {codeInput}
          <label>
            Your password
            <input
              type="password"
              name="current-password"
              autoComplete="current-password"
              value={password}
              onInput={(e) => {
                setPassword(e.currentTarget.value);
              }}
            />
          </label>
          <button type="submit" disabled={busy}>
            Turn on
          </button>
        </form>
      ) : step.kind === 'codes' ? (
        <div>
          <p>Two-step sign-in is on. Keep these recovery codes somewhere safe: each signs you in once without your phone.</p>
          <ul class="recovery-codes" aria-label="Recovery codes">
            {step.codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setStep({ kind: 'idle' });
            }}
          >
            I have saved them
          </button>
        </div>
      ) : status.totp ? (
        <form onSubmit={turnOff}>
          <p>
            On: signing in asks for a code from your authenticator app.
            {status.recoveryCodesLeft !== null && ` ${status.recoveryCodesLeft} recovery codes left.`}
          </p>
          {codeInput}
          {needsPassword && (
            <label>
              Password
              <input
                type="password"
                name="current-password"
                autoComplete="current-password"
                required
                value={password}
                onInput={(e) => {
                  setPassword(e.currentTarget.value);
                }}
              />
            </label>
          )}
          <button type="submit" disabled={busy}>
            Turn off two-step sign-in
          </button>
        </form>
      ) : (
        <div>
          <p>Off: your password alone signs you in.</p>
          <button type="button" onClick={start} disabled={busy}>
            Set up two-step sign-in
          </button>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
