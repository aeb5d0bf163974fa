export interface AppErrorOptions {
  code: string;
  status: number;
  detail?: string;
  cause?: unknown;
  extra?: Record<string, unknown>;
}

/** The one error type: a stable machine-readable code, the HTTP status it maps to, and a human detail. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(options: AppErrorOptions) {
    super(options.detail ?? options.code, { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.status = options.status;
    this.extra = options.extra ?? {};
  }

  static badRequest(code: string, detail: string, extra?: Record<string, unknown>): AppError {
    return new AppError({ code, status: 400, detail, extra });
  }
  static unauthorized(detail = 'Missing or invalid credentials'): AppError {
    return new AppError({ code: 'UNAUTHORIZED', status: 401, detail });
  }
  static forbidden(detail = 'Not allowed'): AppError {
    return new AppError({ code: 'FORBIDDEN', status: 403, detail });
  }
  static notFound(what: string): AppError {
    return new AppError({ code: 'NOT_FOUND', status: 404, detail: `${what} not found` });
  }
  static conflict(code: string, detail: string): AppError {
    return new AppError({ code, status: 409, detail });
  }
}
