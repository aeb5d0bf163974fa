import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ok } from '../api.js';
import { config } from '../config.js';
import { setSession } from '../session.js';
import { startSocialSignIn } from '../social.js';
import { ErrorMessage, Field } from '../../../shared/ui.js';

const PASSWORD_HINT = 'At least 10 characters, with a lowercase letter and a digit.';

function submit(run: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    run();
  };
}

export function SignIn({ email: initialEmail = '' }: { email?: string }) {
  const navigate = useNavigate();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string>();
  const [code, setCode] = useState('');
  const finish = (tokens: { accessToken: string; refreshToken?: string }) => {
    setSession({ email, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    void navigate({ to: '/cards' });
  };
  const signIn = useMutation({
    mutationFn: () => ok(api.POST('/auth/sign-in', { body: { email, password } })),
    onSuccess: (answer) => ('challenge' in answer ? setChallenge(answer.session) : finish(answer)),
  });
  const mfa = useMutation({
    mutationFn: () => ok(api.POST('/auth/mfa', { body: { email, session: challenge ?? '', code } })),
    onSuccess: finish,
  });

  if (challenge)
    return (
      <section aria-labelledby="mfa-title">
        <h1 id="mfa-title">Authenticator code</h1>
        <form onSubmit={submit(() => mfa.mutate())}>
          <Field
            label="6-digit code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <ErrorMessage error={mfa.error} />
          <button type="submit" disabled={mfa.isPending}>
            {mfa.isPending ? 'Checking…' : 'Verify'}
          </button>
        </form>
      </section>
    );

  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <form onSubmit={submit(() => signIn.mutate())}>
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorMessage error={signIn.error} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {config.hostedUiUrl && config.clientId && (
        <button type="button" className="secondary" onClick={() => void startSocialSignIn()}>
          Sign in with Google
        </button>
      )}
      <p>
        <Link to="/forgot-password">Forgot password?</Link> · <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}

export function Register() {
  const navigate = useNavigate();
  const [form, setForm] = useState({ displayName: '', email: '', password: '' });
  const register = useMutation({
    mutationFn: () => ok(api.POST('/auth/register', { body: form })),
    onSuccess: () => navigate({ to: '/confirm', search: { email: form.email } }),
  });
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">Create an account</h1>
      <form onSubmit={submit(() => register.mutate())}>
        <Field label="Your name" autoComplete="name" required value={form.displayName} onChange={set('displayName')} />
        <Field label="Email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint={PASSWORD_HINT}
          value={form.password}
          onChange={set('password')}
        />
        <ErrorMessage error={register.error} />
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have one? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}

export function Confirm({ email }: { email: string }) {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () => ok(api.POST('/auth/confirm', { body: { email, code } })),
    onSuccess: () => navigate({ to: '/sign-in', search: { email } }),
  });
  const resend = useMutation({ mutationFn: () => ok(api.POST('/auth/resend-code', { body: { email } })) });
  return (
    <section aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your email</h1>
      <p>We sent a code to {email}.</p>
      <form onSubmit={submit(() => confirm.mutate())}>
        <Field label="Code from the email" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <ErrorMessage error={confirm.error ?? resend.error} />
        <button type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? 'Confirming…' : 'Confirm'}
        </button>
      </form>
      <button type="button" className="secondary" onClick={() => resend.mutate()} disabled={resend.isPending}>
        Send a new code
      </button>
      {resend.isSuccess && <p role="status">A new code is on its way.</p>}
    </section>
  );
}

export function ForgotPassword() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => ok(api.POST('/auth/forgot-password', { body: { email } })),
    onSuccess: () => navigate({ to: '/reset-password', search: { email } }),
  });
  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot password</h1>
      <form onSubmit={submit(() => request.mutate())}>
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <ErrorMessage error={request.error} />
        <button type="submit" disabled={request.isPending}>
          Send me a code
        </button>
      </form>
    </section>
  );
}

export function ResetPassword({ email }: { email: string }) {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => ok(api.POST('/auth/reset-password', { body: { email, code, password } })),
    onSuccess: () => navigate({ to: '/sign-in', search: { email } }),
  });
  return (
    <section aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <p>Enter the code we sent to {email}.</p>
      <form onSubmit={submit(() => reset.mutate())}>
        <Field label="Code from the email" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          hint={PASSWORD_HINT}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={reset.error} />
        <button type="submit" disabled={reset.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}
