import { useEffect, useState } from 'preact/hooks';
import { hasSession, signOut, whenSignedOut } from './api.js';
import { AuthForm } from './AuthForm.js';
import { Library } from './Library.js';

export function App() {
  const [signedIn, setSignedIn] = useState(hasSession());
  useEffect(() => {
    whenSignedOut(() => {
      setSignedIn(false);
    });
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
        {signedIn ? (
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
