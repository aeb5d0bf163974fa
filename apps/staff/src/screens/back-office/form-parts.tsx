import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ApiError } from '../../../../shared/problems.js';
import { useMembership, mayUse } from '../../membership.js';
import { useSession } from '../../session.js';

/** Why each field was refused, by its path in the request body; empty when nothing was. */
export type FieldErrors = Readonly<Record<string, string>>;

/** The API's 400 reasons field by field, so each one shows beside its own input. */
export function apiFieldErrors(error: unknown): FieldErrors {
  return error instanceof ApiError ? Object.fromEntries(error.fields.map((field) => [field.path, field.message])) : {};
}

export function useBusinessId(): string {
  return useSession()?.businessId ?? '';
}

/** Brands, stores and the business itself are the owners' and admins'; a manager reads them. */
export function useMayManageBusiness(): boolean {
  return mayUse(useMembership().membership?.role, 'manageBusiness');
}

export function onSubmit(run: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    run();
  };
}

/** A number input's text as the API wants it: nothing typed is `empty` (undefined for a default, null for "no limit"). */
export function numberOr<T extends undefined | null>(text: string, empty: T): number | T {
  return text.trim() === '' ? empty : Number(text);
}

export function SelectField({
  label,
  error,
  children,
  ...select
}: { label: string; error?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined} {...select}>
        {children}
      </select>
      {error && (
        <small id={`${id}-error`} className="error field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/**
 * A form's heading that takes the focus when the form opens: the button that opened it is gone, and a
 * keyboard user goes on from here instead of from the top of the page.
 */
export function FormTitle({ id, children }: { id: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h2 id={id} ref={heading} tabIndex={-1}>
      {children}
    </h2>
  );
}

/** A button whose action cannot be undone: it asks once more, in the page, before it acts; the focus follows the question. */
export function ConfirmButton({
  label,
  question,
  confirmLabel = `Yes, ${label.charAt(0).toLowerCase()}${label.slice(1)}`,
  onConfirm,
  disabled,
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const answered = useRef(false);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (answered.current) trigger.current?.focus();
  }, [asking]);
  const answer = (confirmed: boolean) => {
    answered.current = true;
    setAsking(false);
    if (confirmed) onConfirm();
  };
  if (!asking)
    return (
      <button ref={trigger} type="button" className="danger" onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <span>{question}</span>{' '}
      <button ref={yes} type="button" className="danger" onClick={() => answer(true)}>
        {confirmLabel}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => answer(false)}>
        Cancel
      </button>
    </span>
  );
}
