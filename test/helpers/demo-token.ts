/** A demo token from a server's GET /api/token (no vitest here, so bench/ scripts share it). */
export async function demoToken(url: string, userID: string): Promise<string> {
  const response = await fetch(`${url}/api/token?userID=${encodeURIComponent(userID)}`);
  const body = (await response.json()) as { token?: string; message?: string };
  if (!body.token) throw new Error(`no token: ${body.message ?? response.status}`);
  return body.token;
}
