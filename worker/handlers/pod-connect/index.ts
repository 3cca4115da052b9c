/**
 * The pod "connect" subresources (log, proxy, exec, attach, portforward) as verb → handler tables for
 * handlers/subresources.ts. Verbs follow the request-info parse (GET/HEAD get, POST create, PUT update, PATCH
 * patch, DELETE delete, OPTIONS options), so RBAC sees `get pods/log`, `create pods/exec`, `<verb> pods/proxy`.
 */
import type { Handler } from "../subresources";
import { getPodLog } from "./pod-log";
import { proxyPod } from "./pod-proxy";
import { attachPod, execPod, portForwardPod } from "./pod-streams";

export const POD_CONNECT_SUBRESOURCES: Record<string, Record<string, Handler>> = {
  "/pods/log": { get: getPodLog },
  "/pods/proxy": { get: proxyPod, create: proxyPod, update: proxyPod, patch: proxyPod, delete: proxyPod, options: proxyPod },
  "/pods/exec": { get: execPod, create: execPod },
  "/pods/attach": { get: attachPod, create: attachPod },
  "/pods/portforward": { get: portForwardPod, create: portForwardPod },
};
