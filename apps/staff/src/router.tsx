import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, createRootRoute, createRoute, createRouter, lazyRouteComponent, redirect, useNavigate } from '@tanstack/react-router';
import { api, ok } from './api.js';
import { mayUse, useMembership } from './membership.js';
import { Businesses } from './screens/businesses.js';
import { Counter } from './screens/counter.js';
import { SignIn } from './screens/sign-in.js';
import { SignUp } from './screens/sign-up.js';
import { Loading } from '../../shared/ui.js';
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
  const { membership } = useMembership();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="Main">
          <span className="brand">Loyalty staff</span>
          {session?.businessId && <Link to="/counter">Counter</Link>}
          {mayUse(membership?.role, 'setUp') && <BackOfficeLinks />}
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
const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { email?: string; confirmed?: boolean } => ({
    ...(typeof search.email === 'string' && { email: search.email }),
    ...(search.confirmed === true && { confirmed: true }),
  }),
  component: () => <SignIn {...signIn.useSearch()} />,
});
const signUp = createRoute({ getParentRoute: () => root, path: '/sign-up', component: SignUp });
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

// Back office (set-up): owners, admins and managers; a cashier who types the URL lands at the counter. Loaded on first use.
function BackOfficeLinks() {
  return (
    <>
      <Link to="/back-office/settings">Settings</Link>
      <Link to="/back-office/brands">Brands</Link>
      <Link to="/back-office/stores">Stores</Link>
      <Link to="/back-office/programs">Programs</Link>
    </>
  );
}
const setUp = createRoute({
  getParentRoute: () => root,
  path: '/back-office',
  beforeLoad: async () => {
    signedIn();
    const businessId = getSession()?.businessId;
    if (!businessId) throw redirect({ to: '/businesses' });
    const mine = await ok(api.GET('/me/businesses'));
    if (!mayUse(mine.items.find((business) => business.id === businessId)?.role, 'setUp')) throw redirect({ to: '/counter' });
  },
});
const setUpScreen = <Path extends string>(path: Path, load: Parameters<typeof lazyRouteComponent>[0], name: string) =>
  createRoute({ getParentRoute: () => setUp, path, component: lazyRouteComponent(load, name) });
const settings = setUpScreen('/settings', () => import('./screens/back-office/settings.js'), 'BusinessSettings');
const brands = setUpScreen('/brands', () => import('./screens/back-office/brands.js'), 'Brands');
const stores = setUpScreen('/stores', () => import('./screens/back-office/stores.js'), 'Stores');
const programs = setUpScreen('/programs', () => import('./screens/back-office/programs.js'), 'Programs');
const LazyCatalog = lazyRouteComponent(() => import('./screens/back-office/catalog.js'), 'Catalog');
const catalog = createRoute({
  getParentRoute: () => setUp,
  path: '/programs/$programId/rewards',
  component: () => <LazyCatalog programId={catalog.useParams().programId} />,
});
const backOffice = setUp.addChildren([settings, brands, stores, programs, catalog]);

export const router = createRouter({
  routeTree: root.addChildren([home, signIn, signUp, businesses, counter, backOffice]),
  defaultNotFoundComponent: () => <p>There is no such page.</p>,
  defaultPendingComponent: () => <Loading what="the page" />,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
