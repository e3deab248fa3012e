/** A refusal a route handler answers with: an HTTP status and a readable message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The ZIM error code behind it, when there is one. */
    readonly code = 0,
  ) {
    super(message);
  }
}

/** Runs a handler body; an HttpError becomes its JSON answer, anything else a 500 (logged). */
export async function answer(work: () => Promise<unknown>): Promise<Response> {
  try {
    const body = await work();
    return Response.json(body ?? { ok: true }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if (error instanceof HttpError) {
      return Response.json(
        { code: error.code, message: error.message },
        { status: error.status, headers: { 'cache-control': 'no-store' } },
      );
    }
    console.error('[convene] host API failed', error);
    return Response.json({ code: 0, message: 'The request failed on the server' }, { status: 500 });
  }
}

/** The request's JSON body, or a 400. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new HttpError(400, 'The request body must be JSON');
  }
}
