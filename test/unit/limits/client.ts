/**
 * Calls the Worker's fetch export directly with the test bindings plus per-call overrides (limits, audit),
 * as the fuzz harness does (faster than SELF, and lets a test set a binding for one request).
 */
import { createExecutionContext, env } from "cloudflare:test";
import worker from "../../../worker/index";

export const ADMIN_TOKEN = "test-admin-token";
/** test/fixtures/static-tokens.csv: alice (group devs), not in system:masters. */
export const ALICE_TOKEN = "alice-token";

export interface Call {
  method?: string;
  token?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  vars?: Record<string, string>;
}

type WorkerFetch = (r: Request, e: unknown, c: ExecutionContext) => Promise<Response>;

export function fetchApi(path: string, call: Call = {}): Promise<Response> {
  const headers = new Headers(call.headers);
  const token = call.token === undefined ? ADMIN_TOKEN : call.token;
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  let body: BodyInit | undefined;
  if (call.body !== undefined) {
    const raw = typeof call.body === "string" || call.body instanceof Uint8Array || call.body instanceof ReadableStream;
    body = raw ? (call.body as BodyInit) : JSON.stringify(call.body);
    headers.set("Content-Type", call.contentType ?? "application/json");
  }
  const request = new Request(`https://k8s.test${path}`, { method: call.method ?? "GET", headers, body });
  return (worker.fetch as unknown as WorkerFetch)(request, { ...env, ...call.vars }, createExecutionContext());
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function callApi(path: string, call: Call = {}): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetchApi(path, call);
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Creates a namespace where `user` may get/list/watch ConfigMaps (a Role and RoleBinding), as the admin. */
export async function namespaceFor(prefix: string, user: string): Promise<string> {
  const ns = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const steps: [string, unknown][] = [
    ["/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }],
    [
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`,
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "cm-reader" },
        rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
      },
    ],
    [
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "cm-reader" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cm-reader" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
      },
    ],
  ];
  for (const [path, body] of steps) {
    const res = await callApi(path, { method: "POST", body });
    if (res.status !== 201) throw new Error(`POST ${path} → ${res.status} ${res.text}`);
  }
  return ns;
}
