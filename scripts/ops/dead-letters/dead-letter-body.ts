/** What a dead letter's body says about its event, read loosely: the body may be exactly what failed to parse. */
export interface EventFields {
  eventId?: string;
  eventType?: string;
  businessId?: string;
}

export function eventFields(body: string): EventFields {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const { id, type, businessId } = json as Record<string, unknown>;
  return { eventId: text(id), eventType: text(type), businessId: text(businessId) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
