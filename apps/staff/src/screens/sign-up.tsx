import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ok } from '../api.js';
import { ErrorMessage, Field } from '../../../shared/ui.js';
import { PASSWORD_HINT } from './sign-in.js';

function submit(run: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    run();
  };
}

/** A new owner's own account: email and password, then the code we email. Signing in (with TOTP set-up) comes next. */
export function SignUp() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useMutation({ mutationFn: () => ok(api.POST('/auth/sign-up', { body: { email, password } })) });

  if (signUp.isSuccess) return <ConfirmCode email={email} />;
  return (
    <section aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">Create an account</h1>
      <p>For business owners starting out. Staff of an existing business are invited by its owner instead.</p>
      <form onSubmit={submit(() => signUp.mutate())}>
        <Field label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          hint={PASSWORD_HINT}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={signUp.error} />
        <button type="submit" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating…' : 'Create the account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}

function ConfirmCode({ email }: { email: string }) {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () => ok(api.POST('/auth/confirm', { body: { email, code } })),
    onSuccess: () => navigate({ to: '/sign-in', search: { email, confirmed: true } }),
  });
  const resend = useMutation({ mutationFn: () => ok(api.POST('/auth/resend-code', { body: { email } })) });
  return (
    <section aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your email</h1>
      <p>We sent a code to {email}. Enter it to confirm the address.</p>
      <form onSubmit={submit(() => confirm.mutate())}>
        <Field
          label="Confirmation code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{4,8}"
          required
          value={code}
          onChange={(e) => setCode(e.target.value.trim())}
        />
        <ErrorMessage error={confirm.error ?? resend.error} />
        {resend.isSuccess && <p role="status">A new code is on its way.</p>}
        <button type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? 'Confirming…' : 'Confirm'}
        </button>{' '}
        <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
          Send a new code
        </button>
      </form>
    </section>
  );
}
