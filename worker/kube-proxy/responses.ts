/** The data path's own answers: plain-text bodies naming what failed. */

const text = (status: number, body: string) => new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** A hop NetworkPolicy denies: 403 at once (upstream drops the packet and the client times out). */
export const policyDenied = (reason: string) => text(403, `kube-edge network policy: ${reason}`);
/** Nothing can serve (no ready endpoint, unknown Service): 503, as the API server's service proxy answers. */
export const unavailable = (message: string) => text(503, message);
/** The network could not reach the target (refused, no such host, simulated pod): 502. */
export const badGateway = (message: string) => text(502, message);
export const badRequest = (message: string) => text(400, message);
