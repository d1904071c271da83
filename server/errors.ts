// Domain errors. Services throw AppError; tRPC (server/trpc/init.ts) and the REST edges map
// it once to a status and a JSON body.

export const appErrorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  /** A part the request needs (database, Redis) is down for a moment: retry after a pause. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

export class AppError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** A stable machine-readable reason, e.g. "SOLD_OUT", for clients to branch on. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.httpStatus = appErrorStatus[code];
  }
}
