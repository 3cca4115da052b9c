/** `/openapi/v3` routes (filled in when OpenAPI generation lands). */
import type { Hono } from "hono";
import type { Registry } from "../schema/registry-core";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function openApiRoutes(_app: Hono<any>, _registry: Registry): void {}
