import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { type Role, useMembership } from '../../membership.js';
import { useSession } from '../../session.js';
import { Empty, ErrorMessage, Field, Loading } from '../../../../shared/ui.js';
import { ConfirmButton } from './form-parts.js';
import { useStores } from './store-options.js';
import { StoreScope, scopeText } from './store-scope.js';

type StaffMember = components['schemas']['StaffMember'];
type Store = components['schemas']['Store'];

const roleNames: Record<Role, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', cashier: 'Cashier' };

/** The roles the caller may hand out: the API lets only an owner grant the owner role. */
function grantable(callerRole: Role | undefined): Role[] {
  return callerRole === 'owner' ? ['cashier', 'manager', 'admin', 'owner'] : ['cashier', 'manager', 'admin'];
}

const staffKey = (businessId: string) => ['staff', businessId];

/** Staff and invitations: who works here, with which role and stores. */
export function Team() {
  const businessId = useSession()?.businessId ?? '';
  const { membership } = useMembership();
  const stores = useStores(businessId);
  const staff = useInfiniteQuery({
    queryKey: staffKey(businessId),
    queryFn: ({ pageParam }) => ok(api.GET('/businesses/{businessId}/staff', { params: { path: { businessId }, query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const members = staff.data?.pages.flatMap((page) => page.items) ?? [];
  const storeList = stores.data?.items ?? [];
  const roles = grantable(membership?.role);

  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title">Staff</h1>
      <InviteForm businessId={businessId} stores={storeList} roles={roles} />
      <h2>Members</h2>
      {(staff.isLoading || stores.isLoading) && <Loading what="the staff" />}
      <ErrorMessage error={staff.error ?? stores.error} />
      {staff.data && members.length === 0 && <Empty>No staff members yet.</Empty>}
      {members.length > 0 && (
        <ul className="plain">
          {members.map((member) => (
            <MemberRow key={member.cognitoSub} businessId={businessId} member={member} stores={storeList} roles={roles} />
          ))}
        </ul>
      )}
      {staff.hasNextPage && (
        <button type="button" className="secondary" disabled={staff.isFetchingNextPage} onClick={() => void staff.fetchNextPage()}>
          {staff.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

function RoleSelect({ label, roles, value, onChange }: { label: string; roles: readonly Role[]; value: Role; onChange: (role: Role) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {roleNames[role]}
          </option>
        ))}
      </select>
    </div>
  );
}

function InviteForm({ businessId, stores, roles }: { businessId: string; stores: readonly Store[]; roles: readonly Role[] }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [sentTo, setSentTo] = useState<string>();
  const invite = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/businesses/{businessId}/staff/invitations', {
          params: { path: { businessId } },
          body: { email: email.trim(), role, ...(storeIds.length > 0 ? { storeIds } : {}) },
        }),
      ),
    onMutate: () => setSentTo(undefined),
    onSuccess: async (member) => {
      setSentTo(member.username);
      setEmail('');
      setStoreIds([]);
      await queryClient.invalidateQueries({ queryKey: staffKey(businessId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="invite-title" className="card">
      <h2 id="invite-title">Invite a member</h2>
      <Field label="Email" type="email" required maxLength={320} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
      <RoleSelect label="Role" roles={roles} value={role} onChange={setRole} />
      {stores.length > 0 && <StoreScope legend="Stores" stores={stores} value={storeIds} onChange={setStoreIds} />}
      <ErrorMessage error={invite.error} />
      {sentTo && (
        <p role="status" className="applied">
          Invitation sent to {sentTo}: a temporary password is on its way by email, to be changed at the first sign-in.
        </p>
      )}
      <button type="submit" disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Send the invitation'}
      </button>
    </form>
  );
}

function MemberRow({ businessId, member, stores, roles }: { businessId: string; member: StaffMember; stores: readonly Store[]; roles: readonly Role[] }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: staffKey(businessId) });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/businesses/{businessId}/staff/{cognitoSub}', { params: { path: { businessId, cognitoSub: member.cognitoSub } } })),
    onSuccess: refresh,
  });
  return (
    <li className="card">
      <h3>{member.username}</h3>
      <p>
        {roleNames[member.role]} · {scopeText(member.storeIds, stores)}
      </p>
      {editing ? (
        <EditMember businessId={businessId} member={member} stores={stores} roles={roles} onDone={() => setEditing(false)} />
      ) : (
        <>
          <button type="button" className="secondary" onClick={() => setEditing(true)} aria-label={`Change ${member.username}`}>
            Change
          </button>
          <ConfirmButton
            label={`Remove ${member.username}`}
            question={`Remove ${member.username} from the business?`}
            confirmLabel="Yes, remove"
            disabled={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </>
      )}
      <ErrorMessage error={remove.error} />
    </li>
  );
}

function EditMember({
  businessId,
  member,
  stores,
  roles,
  onDone,
}: {
  businessId: string;
  member: StaffMember;
  stores: readonly Store[];
  roles: readonly Role[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(member.role);
  const [storeIds, setStoreIds] = useState<string[]>(member.storeIds ?? []);
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/businesses/{businessId}/staff/{cognitoSub}', {
          params: { path: { businessId, cognitoSub: member.cognitoSub } },
          body: { role, storeIds: storeIds.length > 0 ? storeIds : null },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: staffKey(businessId) });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  // An admin looking at an owner is offered the owner role too, so the select shows what is; the API refuses the change.
  const offered = roles.includes(member.role) ? roles : [...roles, member.role];
  return (
    <form onSubmit={submit} aria-label={`Change ${member.username}`}>
      <RoleSelect label={`Role of ${member.username}`} roles={offered} value={role} onChange={setRole} />
      {stores.length > 0 && <StoreScope legend={`Stores of ${member.username}`} stores={stores} value={storeIds} onChange={setStoreIds} />}
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
