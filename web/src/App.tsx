import { useEffect, useState } from 'preact/hooks';
import { resumeSession, signOut, whenSignedOut } from './api.js';
import { AuthForm } from './AuthForm.js';
import { Library } from './Library.js';

export function App() {
  // Unknown until the session cookie, if any, has been tried.
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => {
    whenSignedOut(() => {
      setSignedIn(false);
    });
    void resumeSession().then(setSignedIn);
  }, []);

  return (
    <>
      <header class="bar">
        <h1>photoshare</h1>
        {signedIn && (
          <button
            type="button"
            onClick={() =>
              signOut().then(() => {
                setSignedIn(false);
              })
            }
          >
            Sign out
          </button>
        )}
      </header>
      <main>
        {signedIn === null ? null : signedIn ? (
          <Library />
        ) : (
          <AuthForm
            onSignedIn={() => {
              setSignedIn(true);
            }}
          />
        )}
      </main>
    </>
  );
}
