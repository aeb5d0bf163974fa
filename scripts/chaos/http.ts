export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** One JSON request; a network error or a timeout throws, as it would at a real till. */
export async function request<T = Record<string, unknown>>(
  url: string,
  method: string,
  options: { token?: string; apiKey?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.apiKey ? { authorization: `ApiKey ${options.apiKey}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  let body: unknown = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body: body as T };
}

/** Setup calls retry until they succeed: the system may be mid-fault. */
export async function created(url: string, options: Parameters<typeof request>[2], expected = 201): Promise<Record<string, unknown>> {
  const answer = await request(url, 'POST', options);
  if (answer.status !== expected) throw new Error(`POST ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
