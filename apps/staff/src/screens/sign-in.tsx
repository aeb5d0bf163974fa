import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../api.js';
import { setSession } from '../session.js';
import { ErrorMessage, Field } from '../../../shared/ui.js';

type Challenge = components['schemas']['SignInChallenge'];
type Tokens = components['schemas']['StaffTokens'];

export const PASSWORD_HINT = 'At least 12 characters, with an uppercase and a lowercase letter, a digit and a symbol.';

function submit(run: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    run();
  };
}

/** Email and password, then whatever the admin API asks next: a new password, TOTP set-up, a TOTP code. */
export function SignIn({ email: confirmedEmail, confirmed }: { email?: string; confirmed?: boolean }) {
  const navigate = useNavigate();
  const [email, setEmail] = useState(confirmedEmail ?? '');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Challenge>();
  const next = (answer: Tokens | Challenge) => {
    if (answer.status === 'challenge') {
      setStep(answer);
      return;
    }
    setSession({ email, accessToken: answer.accessToken, refreshToken: answer.refreshToken ?? undefined });
    void navigate({ to: '/businesses' });
  };
  const signIn = useMutation({ mutationFn: () => ok(api.POST('/auth/sign-in', { body: { email, password } })), onSuccess: next });

  if (step) return <ChallengeStep key={step.session} email={email} step={step} onAnswer={next} onRestart={() => setStep(undefined)} />;
  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Staff sign-in</h1>
      {confirmed && <p role="status">Your email is confirmed. Sign in to set up your authenticator.</p>}
      <form onSubmit={submit(() => signIn.mutate())}>
        <Field label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorMessage error={signIn.error} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}

function ChallengeStep({
  email,
  step,
  onAnswer,
  onRestart,
}: {
  email: string;
  step: Challenge;
  onAnswer: (answer: Tokens | Challenge) => void;
  onRestart: () => void;
}) {
  const [value, setValue] = useState('');
  const answer = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/auth/challenge', {
          body:
            step.challenge === 'NEW_PASSWORD_REQUIRED'
              ? { email, session: step.session, challenge: step.challenge, newPassword: value }
              : { email, session: step.session, challenge: step.challenge, code: value },
        }),
      ),
    onSuccess: onAnswer,
  });
  const expired = answer.error instanceof Error && 'code' in answer.error && answer.error.code === 'SESSION_INVALID';
  const title = { NEW_PASSWORD_REQUIRED: 'Choose your password', MFA_SETUP: 'Set up your authenticator', SOFTWARE_TOKEN_MFA: 'Authenticator code' }[
    step.challenge
  ];
  return (
    <section aria-labelledby="challenge-title">
      <h1 id="challenge-title">{title}</h1>
      {step.challenge === 'NEW_PASSWORD_REQUIRED' && <p>Your temporary password worked. Choose your own to go on.</p>}
      {step.challenge === 'MFA_SETUP' && step.totp && <TotpSetUp uri={step.totp.uri} secret={step.totp.secret} />}
      <form onSubmit={submit(() => answer.mutate())}>
        {step.challenge === 'NEW_PASSWORD_REQUIRED' ? (
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            hint={PASSWORD_HINT}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        ) : (
          <Field
            label="6-digit code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={value}
            onChange={(e) => setValue(e.target.value.trim())}
          />
        )}
        <ErrorMessage error={answer.error} />
        <button type="submit" disabled={answer.isPending}>
          {answer.isPending ? 'Checking…' : step.challenge === 'NEW_PASSWORD_REQUIRED' ? 'Save password' : 'Verify'}
        </button>
        {expired && (
          <button type="button" className="secondary" onClick={onRestart}>
            Start again
          </button>
        )}
      </form>
    </section>
  );
}

function TotpSetUp({ uri, secret }: { uri: string; secret: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let current = true;
    void QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [uri]);
  return (
    <figure className="qr">
      {src && <img src={src} data-uri={uri} alt="QR code to add this account to your authenticator app" width={220} height={220} />}
      <figcaption>
        Scan it with your authenticator app, or enter this key: <code className="secret">{secret}</code>. Staff accounts always need a code from it.
      </figcaption>
    </figure>
  );
}
