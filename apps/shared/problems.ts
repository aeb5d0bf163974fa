/** A failed call as the apps show it: the problem's code, a sentence for a person, the HTTP status (0: no answer). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export interface ProblemBody {
  code?: string;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export const NETWORK_MESSAGE = 'No connection to the server. Check the network and try again.';

/** Turns an API's problem+json into an ApiError with this app's sentence for its code, else the API's own words. */
export function problemReader(messages: Readonly<Record<string, string>>): (problem: ProblemBody | undefined, status: number) => ApiError {
  return (problem, status) => {
    const code = problem?.code ?? `HTTP_${status}`;
    const details = problem?.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    const text = messages[code] ?? problem?.detail ?? problem?.title ?? `Something went wrong (${status}).`;
    return new ApiError(code, details && code === 'VALIDATION_FAILED' ? `${text} ${details}` : text, status);
  };
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : NETWORK_MESSAGE;
}
