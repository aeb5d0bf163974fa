import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { Link, Outlet, createRootRoute, createRoute, createRouter, lazyRouteComponent, redirect, useNavigate } from '@tanstack/react-router';
import { api, ok } from './api.js';
import { type backOfficeRoles, mayUse, type Role, useMembership } from './membership.js';
import { RoleGate } from './screens/back-office/role-gate.js';
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
          {session?.businessId && <BackOfficeLinks role={membership?.role} />}
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
const inBusiness = () => {
  signedIn();
  if (!getSession()?.businessId) throw redirect({ to: '/businesses' });
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
  beforeLoad: inBusiness,
  component: Counter,
});

// The back office, each screen loaded on first use and shown only to the roles that may use it; a
// cashier who types a URL lands at the counter.
function BackOfficeLinks({ role }: { role: Role | undefined }) {
  return (
    <>
      {mayUse(role, 'setUp') && (
        <>
          <Link to="/back-office/settings">Settings</Link>
          <Link to="/back-office/brands">Brands</Link>
          <Link to="/back-office/stores">Stores</Link>
          <Link to="/back-office/programs">Programs</Link>
        </>
      )}
      {mayUse(role, 'team') && (
        <>
          <Link to="/back-office/team">Staff</Link>
          <Link to="/back-office/api-keys">API keys</Link>
        </>
      )}
      {mayUse(role, 'audit') && <Link to="/back-office/audit">Audit log</Link>}
      {mayUse(role, 'team') && <Link to="/back-office/exports">Exports</Link>}
      {mayUse(role, 'dashboard') && <Link to="/back-office/dashboard">Dashboard</Link>}
    </>
  );
}
const backOfficeRoot = createRoute({
  getParentRoute: () => root,
  path: '/back-office',
  beforeLoad: inBusiness,
});
type Screen = keyof typeof backOfficeRoles;
const gated = (screen: Screen, Component: ComponentType) => () => (
  <RoleGate screen={screen}>
    <Component />
  </RoleGate>
);
const backOfficeScreen = <Path extends string>(screen: Screen, path: Path, load: Parameters<typeof lazyRouteComponent>[0], name: string) =>
  createRoute({ getParentRoute: () => backOfficeRoot, path, component: gated(screen, lazyRouteComponent(load, name)) });
const LazyCatalog = lazyRouteComponent(() => import('./screens/back-office/catalog.js'), 'Catalog');
const catalog = createRoute({
  getParentRoute: () => backOfficeRoot,
  path: '/programs/$programId/rewards',
  component: gated('setUp', () => <LazyCatalog programId={catalog.useParams().programId} />),
});
const backOffice = backOfficeRoot.addChildren([
  backOfficeScreen('setUp', '/settings', () => import('./screens/back-office/settings.js'), 'BusinessSettings'),
  backOfficeScreen('setUp', '/brands', () => import('./screens/back-office/brands.js'), 'Brands'),
  backOfficeScreen('setUp', '/stores', () => import('./screens/back-office/stores.js'), 'Stores'),
  backOfficeScreen('setUp', '/programs', () => import('./screens/back-office/programs.js'), 'Programs'),
  catalog,
  backOfficeScreen('team', '/team', () => import('./screens/back-office/team.js'), 'Team'),
  backOfficeScreen('team', '/api-keys', () => import('./screens/back-office/api-keys.js'), 'ApiKeys'),
  backOfficeScreen('audit', '/audit', () => import('./screens/back-office/audit-log.js'), 'AuditLog'),
  backOfficeScreen('team', '/exports', () => import('./screens/back-office/exports.js'), 'Exports'),
  // recharts stays in this screen's chunk, out of the counter's first load.
  backOfficeScreen('dashboard', '/dashboard', () => import('./screens/back-office/dashboard.js'), 'Dashboard'),
]);

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
