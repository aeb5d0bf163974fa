import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, createRootRoute, createRoute, createRouter, redirect, useNavigate } from '@tanstack/react-router';
import { type ComponentType, Suspense, lazy } from 'react';
import { Loading } from '../../shared/ui.js';
import { type backOfficeRoles, mayUse, useMembership } from './membership.js';
import { RoleGate } from './screens/back-office/role-gate.js';
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
          {session?.businessId && <TeamLinks />}
          {session?.businessId && <DashboardLink />}
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

// Back office, part 2: staff, POS keys, the audit log and exports, each loaded when first opened.
function TeamLinks() {
  const role = useMembership().membership?.role;
  if (!mayUse(role, 'team')) return null;
  return (
    <>
      <Link to="/team">Staff</Link>
      <Link to="/api-keys">API keys</Link>
      {mayUse(role, 'audit') && <Link to="/audit">Audit log</Link>}
      <Link to="/exports">Exports</Link>
    </>
  );
}
const inBusiness = () => {
  signedIn();
  if (!getSession()?.businessId) throw redirect({ to: '/businesses' });
};
/** A back-office screen loaded when first opened, shown only to the roles that may use it. */
function gated(screen: keyof typeof backOfficeRoles, load: () => Promise<ComponentType>) {
  const Screen = lazy(async () => ({ default: await load() }));
  return () => (
    <RoleGate screen={screen}>
      <Suspense fallback={<Loading what="the screen" />}>
        <Screen />
      </Suspense>
    </RoleGate>
  );
}
const team = createRoute({
  getParentRoute: () => root,
  path: '/team',
  beforeLoad: inBusiness,
  component: gated('team', async () => (await import('./screens/back-office/team.js')).Team),
});
const apiKeys = createRoute({
  getParentRoute: () => root,
  path: '/api-keys',
  beforeLoad: inBusiness,
  component: gated('team', async () => (await import('./screens/back-office/api-keys.js')).ApiKeys),
});
const audit = createRoute({
  getParentRoute: () => root,
  path: '/audit',
  beforeLoad: inBusiness,
  component: gated('audit', async () => (await import('./screens/back-office/audit-log.js')).AuditLog),
});
const exportsRoute = createRoute({
  getParentRoute: () => root,
  path: '/exports',
  beforeLoad: inBusiness,
  component: gated('team', async () => (await import('./screens/back-office/exports.js')).Exports),
});
const teamRoutes = [team, apiKeys, audit, exportsRoute];

// The owner dashboard: recharts stays in its chunk, out of the counter's first load.
function DashboardLink() {
  return mayUse(useMembership().membership?.role, 'dashboard') ? <Link to="/dashboard">Dashboard</Link> : null;
}
const dashboard = createRoute({
  getParentRoute: () => root,
  path: '/dashboard',
  beforeLoad: inBusiness,
  component: gated('dashboard', async () => (await import('./screens/back-office/dashboard.js')).Dashboard),
});

export const router = createRouter({
  routeTree: root.addChildren([home, signIn, businesses, counter, ...teamRoutes, dashboard]),
  defaultNotFoundComponent: () => <p>There is no such page.</p>,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
