/** A failed call as the apps show it: the problem's code, a sentence for a person, the HTTP status (0: no answer). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** A 400's field-by-field reasons, each at its path in the request body (`rules.stampsRequired`). */
  readonly fields: readonly FieldProblem[];

  constructor(code: string, message: string, status: number, fields: readonly FieldProblem[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

export interface FieldProblem {
  path: string;
  message: string;
}

export interface ProblemBody {
  code?: string;
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
}

export const NETWORK_MESSAGE = 'No connection to the server. Check the network and try again.';

/** Turns an API's problem+json into an ApiError with this app's sentence for its code, else the API's own words. */
export function problemReader(messages: Readonly<Record<string, string>>): (problem: ProblemBody | undefined, status: number) => ApiError {
  return (problem, status) => {
    const code = problem?.code ?? `HTTP_${status}`;
    const details = problem?.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    const text = messages[code] ?? problem?.detail ?? problem?.title ?? `Something went wrong (${status}).`;
    return new ApiError(code, details && code === 'VALIDATION_FAILED' ? `${text} ${details}` : text, status, problem?.errors);
  };
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : NETWORK_MESSAGE;
}
