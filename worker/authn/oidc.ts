/** Service-account issuer discovery: /.well-known/openid-configuration and /openid/v1/jwks. Placeholder. */
import type { Hono } from "hono";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function oidcRoutes(_app: Hono<any>): void {}
