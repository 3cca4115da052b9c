/** A small client for driving the real Worker (SELF) in workerd tests, authenticated as cluster-admin. */
import { SELF } from "cloudflare:test";

export const TOKEN = "test-admin-token";
export const BASE = "https://k8s.test";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  contentType?: string;
  accept?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

export async function call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? TOKEN}`;
  if (opts.accept) headers.Accept = opts.accept;
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    payload = typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
    headers["Content-Type"] = opts.contentType ?? "application/json";
  }
  const res = await SELF.fetch(BASE + path, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const get = (path: string, opts?: CallOptions) => call("GET", path, undefined, opts);
export const post = (path: string, body: unknown, opts?: CallOptions) => call("POST", path, body, opts);
export const put = (path: string, body: unknown, opts?: CallOptions) => call("PUT", path, body, opts);
export const del = (path: string, body?: unknown, opts?: CallOptions) => call("DELETE", path, body, opts);
export const patch = (path: string, body: unknown, type: string, opts?: CallOptions) =>
  call("PATCH", path, body, { ...opts, contentType: type });

let n = 0;
/** A unique namespace name per test, created on demand. */
export async function freshNamespace(prefix = "t"): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;
  const res = await post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  if (res.status !== 201) throw new Error(`namespace create failed: ${res.status} ${res.text}`);
  return name;
}

export const configMap = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

export const deployment = (name: string, replicas = 1, image = "nginx:1.27") => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image }] } },
  },
});

/** Reads watch events (newline-delimited JSON) until `n` arrived or `timeoutMs` passed; then cancels. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function watchEvents(path: string, n: number, opts: CallOptions & { timeoutMs?: number; during?: () => Promise<unknown> } = {}): Promise<any[]> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
  if (opts.accept) headers.Accept = opts.accept;
  const res = await SELF.fetch(BASE + path, { headers });
  if (res.status !== 200) throw new Error(`watch failed: ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const during = opts.during?.();
  const out: unknown[] = [];
  let buf = "";
  const dec = new TextDecoder();
  const deadline = Date.now() + (opts.timeoutMs ?? 3000);
  try {
    while (out.length < n && Date.now() < deadline) {
      const r = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((res) => setTimeout(() => res({ done: true, value: undefined }), Math.max(1, deadline - Date.now()))),
      ]);
      if (r.done) break;
      buf += dec.decode(r.value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        out.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
    await during;
  }
  return out.slice(0, n);
}
