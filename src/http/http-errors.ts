// The HTTP API's refusals: a status code and a sentence saying what was wrong and what was
// expected, sent as {"error": {"status": ..., "message": ...}}.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra headers, e.g. Allow for 405 or WWW-Authenticate for 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(status: number, message: string): string {
  return JSON.stringify({ error: { status, message } });
}
