import { useEffect, useState } from 'preact/hooks';
import { me, resumeSession, signOut, whenSignedOut } from './api.js';
import { Account } from './Account.js';
import { AlbumPage } from './AlbumPage.js';
import { Albums } from './Albums.js';
import { AuthForm } from './AuthForm.js';
import { Favorites } from './Favorites.js';
import { follow, navigate, usePlace, type Place } from './router.js';
import { Search } from './Search.js';
import { Timeline } from './Timeline.js';
import { Trash } from './Trash.js';

const SECTIONS = [
  { href: '/', label: 'Photos', pages: ['timeline'] },
  { href: '/search', label: 'Search', pages: ['search'] },
  { href: '/favorites', label: 'Favourites', pages: ['favorites'] },
  { href: '/albums', label: 'Albums', pages: ['albums', 'album'] },
  { href: '/trash', label: 'Trash', pages: ['trash'] },
] as const;

const TITLES: Record<Place['route']['page'], string> = {
  timeline: 'Photos',
  favorites: 'Favourites',
  search: 'Search',
  albums: 'Albums',
  album: 'Album',
  trash: 'Trash',
  account: 'Your account',
  missing: 'Page not found',
};

export function App() {
  // Unknown until the session cookie, if any, has been tried.
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [email, setEmail] = useState<string | null>(null);
  const [farewell, setFarewell] = useState<string | null>(null);
  const place = usePlace();
  useEffect(() => {
    whenSignedOut(() => {
      setSignedIn(false);
    });
    void resumeSession().then(setSignedIn);
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
  useEffect(() => {
    document.title = signedIn ? `${TITLES[place.route.page]} · photoshare` : 'photoshare';
  }, [place.route.page, signedIn]);

  return (
    <>
      {signedIn && (
        <a class="skip" href="#content">
          Skip to content
        </a>
      )}
      <header class="bar">
        <h1>
          {signedIn ? (
            <a
              href="/"
              onClick={(e) => {
                follow(e, '/');
              }}
            >
              photoshare
            </a>
          ) : (
            'photoshare'
          )}
        </h1>
        {signedIn && (
          <nav class="sections" aria-label="Library">
            {SECTIONS.map((s) => (
              <a
                key={s.href}
                href={s.href}
                aria-current={(s.pages as readonly string[]).includes(place.route.page) ? 'page' : undefined}
                onClick={(e) => {
                  follow(e, s.href);
                }}
              >
                {s.label}
              </a>
            ))}
          </nav>
        )}
        {signedIn && (
          <nav class="who" aria-label="Account">
            {email && <span class="email">{email}</span>}
            <a
              href="/account"
              class="button-like"
              aria-current={place.route.page === 'account' ? 'page' : undefined}
              onClick={(e) => {
                follow(e, '/account');
              }}
            >
              Account
            </a>
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
      <main id="content">
        {signedIn === null ? null : !signedIn ? (
          <AuthForm
            notice={farewell}
            onSignedIn={() => {
              setFarewell(null);
              setSignedIn(true);
            }}
          />
        ) : (
          <Page
            place={place}
            email={email}
            onGone={(message) => {
              void signOut().then(() => {
                setFarewell(message);
                navigate('/');
                setSignedIn(false);
              });
            }}
          />
        )}
      </main>
    </>
  );
}

function Page({ place, email, onGone }: { place: Place; email: string | null; onGone: (message: string) => void }) {
  const { route, photoId } = place;
  switch (route.page) {
    case 'timeline':
      return <Timeline openPhotoId={photoId} query={new URLSearchParams(location.search)} />;
    case 'favorites':
      return <Favorites openPhotoId={photoId} />;
    case 'search':
      return <Search query={route.query} openPhotoId={photoId} />;
    case 'albums':
      return <Albums />;
    case 'album':
      return <AlbumPage albumId={route.albumId} openPhotoId={photoId} />;
    case 'trash':
      return <Trash />;
    case 'account':
      return (
        <Account
          email={email}
          onClose={() => {
            navigate('/');
          }}
          onGone={onGone}
        />
      );
    case 'missing':
      return (
        <section class="card">
          <h2>Page not found</h2>
          <p>There is nothing at this address.</p>
          <a
            href="/"
            onClick={(e) => {
              follow(e, '/');
            }}
          >
            Back to your photos
          </a>
        </section>
      );
  }
}
