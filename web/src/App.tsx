import { useEffect, useState } from 'preact/hooks';
import { me, resumeSession, signOut, whenSignedOut } from './api.js';
import { Account } from './Account.js';
import { AuthForm } from './AuthForm.js';
import { Library } from './Library.js';

type View = 'library' | 'account';

const viewOf = (path: string): View => (path === '/account' ? 'account' : 'library');

export function App() {
  // Unknown until the session cookie, if any, has been tried.
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [email, setEmail] = useState<string | null>(null);
  const [view, setView] = useState<View>(viewOf(location.pathname));
  const [farewell, setFarewell] = useState<string | null>(null);
  useEffect(() => {
    whenSignedOut(() => {
      setSignedIn(false);
    });
    void resumeSession().then(setSignedIn);
    const onPop = () => {
      setView(viewOf(location.pathname));
    };
    addEventListener('popstate', onPop);
    return () => {
      removeEventListener('popstate', onPop);
    };
  }, []);
  useEffect(() => {
    if (signedIn)
      void me().then(
        (who) => {
          setEmail(who.email);
        },
        () => {
          setEmail(null);
        },
      );
    else setEmail(null);
  }, [signedIn]);

  const go = (next: View) => {
    history.pushState(null, '', next === 'account' ? '/account' : '/');
    setView(next);
  };

  return (
    <>
      <header class="bar">
        <h1>photoshare</h1>
        {signedIn && (
          <nav class="who" aria-label="Account">
            {email && <span class="email">{email}</span>}
            <button
              type="button"
              aria-current={view === 'account' ? 'page' : undefined}
              onClick={() => {
                go('account');
              }}
            >
              Account
            </button>
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
          </nav>
        )}
      </header>
      <main>
        {signedIn === null ? null : !signedIn ? (
          <AuthForm
            notice={farewell}
            onSignedIn={() => {
              setFarewell(null);
              setSignedIn(true);
            }}
          />
        ) : view === 'account' ? (
          <Account
            email={email}
            onClose={() => {
              go('library');
            }}
            onGone={(message) => {
              void signOut().then(() => {
                setFarewell(message);
                go('library');
                setSignedIn(false);
              });
            }}
          />
        ) : (
          <Library />
        )}
      </main>
    </>
  );
}
