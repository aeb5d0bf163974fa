/** What travels in the outbox row's headers column besides the event itself. */
export interface EventHeaders {
  correlationId: string;
  causationId: string | null;
  traceparent?: string;
}

export function readHeaders(json: unknown, fallbackCorrelationId: string): EventHeaders {
  const headers = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const traceparent = text(headers.traceparent);
  return {
    correlationId: text(headers.correlationId) ?? fallbackCorrelationId,
    causationId: text(headers.causationId) ?? null,
    ...(traceparent ? { traceparent } : {}),
  };
}
