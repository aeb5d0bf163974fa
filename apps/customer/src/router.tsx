import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, createRootRoute, createRoute, createRouter, lazyRouteComponent, redirect, useNavigate } from '@tanstack/react-router';
import { api, ok } from './api.js';
import { ErrorMessage, useOnline } from '../../shared/ui.js';
import { getSession, setSession, useSession } from './session.js';
import { callbackUrl, takeVerifier } from './social.js';
import { CardScreen } from './screens/card.js';

// The card screen is what opens at a counter (and offline): it ships in the first chunk, the rest load on the way.
const auth = () => import('./screens/auth.js');
const Register = lazyRouteComponent(auth, 'Register');
const ForgotPassword = lazyRouteComponent(auth, 'ForgotPassword');
const SignIn = lazyRouteComponent(auth, 'SignIn');
const Confirm = lazyRouteComponent(auth, 'Confirm');
const ResetPassword = lazyRouteComponent(auth, 'ResetPassword');
const Discover = lazyRouteComponent(() => import('./screens/discover.js'), 'Discover');
const Cards = lazyRouteComponent(() => import('./screens/cards.js'), 'Cards');
const Profile = lazyRouteComponent(() => import('./screens/profile.js'), 'Profile');

function Layout() {
  const session = useSession();
  const online = useOnline();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="Main">
          <span className="brand">Loyalty</span>
          {session && (
            <>
              <Link to="/cards">My cards</Link>
              <Link to="/discover">Discover</Link>
              <Link to="/profile">Profile</Link>
            </>
          )}
        </nav>
        {!online && (
          <span className="offline-badge" role="status">
            Offline
          </span>
        )}
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

function SocialCallback({ code }: { code?: string }) {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const codeVerifier = takeVerifier();
    if (!code || !codeVerifier) {
      void navigate({ to: '/sign-in' });
      return;
    }
    ok(api.POST('/auth/social/token', { body: { code, codeVerifier, redirectUri: callbackUrl() } }))
      .then(async (tokens) => {
        setSession({ email: '', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
        const me = await ok(api.GET('/me'));
        setSession({ email: me.email ?? '', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
        await navigate({ to: '/cards' });
      })
      .catch(setError);
  }, [code, navigate]);
  return (
    <section aria-labelledby="callback-title">
      <h1 id="callback-title">Signing you in…</h1>
      <ErrorMessage error={error} />
    </section>
  );
}

const emailSearch = (search: Record<string, unknown>): { email?: string } => (typeof search.email === 'string' ? { email: search.email } : {});
const signedIn = () => {
  if (!getSession()) throw redirect({ to: '/sign-in' });
};

const root = createRootRoute({ component: Layout });
const home = createRoute({
  getParentRoute: () => root,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: getSession() ? '/cards' : '/sign-in' });
  },
});
const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  validateSearch: emailSearch,
  component: () => <SignIn email={signIn.useSearch().email} />,
});
const register = createRoute({ getParentRoute: () => root, path: '/register', component: Register });
const confirm = createRoute({
  getParentRoute: () => root,
  path: '/confirm',
  validateSearch: emailSearch,
  component: () => <Confirm email={confirm.useSearch().email ?? ''} />,
});
const forgot = createRoute({ getParentRoute: () => root, path: '/forgot-password', component: ForgotPassword });
const reset = createRoute({
  getParentRoute: () => root,
  path: '/reset-password',
  validateSearch: emailSearch,
  component: () => <ResetPassword email={reset.useSearch().email ?? ''} />,
});
const callback = createRoute({
  getParentRoute: () => root,
  path: '/auth/callback',
  validateSearch: (search: Record<string, unknown>) => ({ code: typeof search.code === 'string' ? search.code : undefined }),
  component: () => <SocialCallback code={callback.useSearch().code} />,
});
const discover = createRoute({ getParentRoute: () => root, path: '/discover', beforeLoad: signedIn, component: Discover });
const cards = createRoute({ getParentRoute: () => root, path: '/cards', beforeLoad: signedIn, component: Cards });
const card = createRoute({
  getParentRoute: () => root,
  path: '/cards/$cardId',
  beforeLoad: signedIn,
  component: () => <CardScreen cardId={card.useParams().cardId} />,
});
const profile = createRoute({ getParentRoute: () => root, path: '/profile', beforeLoad: signedIn, component: Profile });

export const router = createRouter({
  routeTree: root.addChildren([home, signIn, register, confirm, forgot, reset, callback, discover, cards, card, profile]),
  defaultNotFoundComponent: () => <p>There is no such page.</p>,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
