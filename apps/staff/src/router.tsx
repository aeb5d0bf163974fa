import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, createRootRoute, createRoute, createRouter, redirect, useNavigate } from '@tanstack/react-router';
import { api, ok } from './api.js';
import { Businesses } from './screens/businesses.js';
import { Counter } from './screens/counter.js';
import { SignIn } from './screens/sign-in.js';
import { getSession, setSession, useSession } from './session.js';

function SignOut() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => ok(api.POST('/auth/sign-out', { body: { refreshToken: getSession()?.refreshToken } })),
    onSettled: async () => {
      setSession(null);
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    },
  });
  return (
    <button type="button" className="link" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      Sign out
    </button>
  );
}

function Layout() {
  const session = useSession();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="Main">
          <span className="brand">Loyalty staff</span>
          {session?.businessId && <Link to="/counter">Counter</Link>}
          {session && (
            <Link to="/businesses" search={{ choose: true }}>
              Businesses
            </Link>
          )}
        </nav>
        {session && <SignOut />}
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

const signedIn = () => {
  if (!getSession()) throw redirect({ to: '/sign-in' });
};

const root = createRootRoute({ component: Layout });
const home = createRoute({
  getParentRoute: () => root,
  path: '/',
  beforeLoad: () => {
    const session = getSession();
    throw redirect({ to: !session ? '/sign-in' : session.businessId ? '/counter' : '/businesses' });
  },
});
const signIn = createRoute({ getParentRoute: () => root, path: '/sign-in', component: SignIn });
const businesses = createRoute({
  getParentRoute: () => root,
  path: '/businesses',
  beforeLoad: signedIn,
  validateSearch: (search: Record<string, unknown>): { choose?: boolean } => (search.choose === true ? { choose: true } : {}),
  component: () => <Businesses choose={businesses.useSearch().choose === true} />,
});
const counter = createRoute({
  getParentRoute: () => root,
  path: '/counter',
  beforeLoad: () => {
    signedIn();
    if (!getSession()?.businessId) throw redirect({ to: '/businesses' });
  },
  component: Counter,
});

export const router = createRouter({
  routeTree: root.addChildren([home, signIn, businesses, counter]),
  defaultNotFoundComponent: () => <p>There is no such page.</p>,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
