/**
 * The hostile request families of `npm run fuzz` (scripts/fuzz.mjs). Each family turns a seeded random
 * source into one request: { family, identity, method, path, headers, body, contentType, create }.
 * `create` marks a POST into the creates namespace whose acceptance the runner tracks (a rejected create must
 * store nothing; an accepted one must be there). Mutations other than those creates stay in the sandbox
 * namespace, so the fuzzer cannot delete system namespaces or the objects it checks.
 */

/** mulberry32: a small seeded PRNG, so a run can be repeated with `--seed`. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const MiB = 1024 * 1024;
const printable = (r, max) => Array.from({ length: r.int(max + 1) }, () => String.fromCharCode(0x20 + r.int(0x5f))).join("");

/** Hostile bodies, built once (some are megabytes): [label, text, contentType]. */
export function hostileBodies() {
  const bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
    "bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`).join("\n");
  return [
    ["deep-json", `{"a":${"[".repeat(200_000)}${"]".repeat(200_000)}}`, "application/json"],
    ["deep-json-unclosed", "[".repeat(300_000), "application/json"],
    ["deep-yaml-flow", "[".repeat(3 * MiB - 64), "application/yaml"],
    ["deep-yaml-map", "{a: ".repeat(200_000), "application/yaml"],
    ["yaml-alias-bomb", bomb, "application/yaml"],
    ["yaml-many-aliases", `a: &a x\nb: [${"*a,".repeat(300_000)}]`, "application/yaml"],
    ["yaml-anchor-fanout", `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fanout\ndata:\n  a: &big ${"x".repeat(MiB)}\nx: [${Array(99).fill("*big").join(",")}]\n`, "application/yaml"],
    ["yaml-self-alias", "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: self\n  labels: *m\n", "application/yaml"],
    ["over-3MiB", JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { a: "x".repeat(3 * MiB + 10) } }), "application/json"],
    ["object-over-1.5MiB", JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "big" }, stringData: { a: "x".repeat(1.6 * MiB) } }), "application/json"],
    ["cm-over-1MiB", JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { a: "x".repeat(MiB + 1) } }), "application/json"],
    ["annotations-over-256KiB", JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ann", annotations: { a: "x".repeat(257 * 1024) } } }), "application/json"],
    ["many-keys-yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\ndata:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: v`).join("\n")}\n`, "application/yaml"],
    ["protobuf-garbage", "k8s\u0000\u0012\u00ff\u00ff\u00ff\u00ff\u000f", "application/vnd.kubernetes.protobuf"],
  ];
}

const cm = (name, extra = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...extra.metadata }, data: extra.data ?? { a: "b" } });

/** A small mutation of a valid ConfigMap: wrong types, bad names and labels, unknown fields, duplicates. */
function mutatedConfigMap(r, name) {
  const variants = [
    () => JSON.stringify(cm(name)),
    () => JSON.stringify(cm(name, { metadata: { labels: { [printable(r, 70) || "k"]: printable(r, 70) } } })),
    () => JSON.stringify({ ...cm(name), data: { a: r.int(100) } }),
    () => JSON.stringify({ ...cm(name), metadata: { name: name.toUpperCase() } }),
    () => JSON.stringify({ ...cm(name), metadata: { name: `${name}/../x` } }),
    () => JSON.stringify({ ...cm(name), metadata: { name: "n".repeat(254) } }),
    () => JSON.stringify({ ...cm(name), metadata: { name, namespace: "kube-system" } }),
    () => JSON.stringify({ ...cm(name), kind: r.pick(["Secret", "", "Pod", 7]) }),
    () => JSON.stringify({ ...cm(name), spec: { unknown: true } }),
    () => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","name":"${name}-dup"}}`,
    () => JSON.stringify(cm(name)).slice(0, r.int(60)),
    () => `${JSON.stringify(cm(name))}${printable(r, 10)}`,
    () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "${printable(r, 20).replace(/["\\]/g, "")}"\n`,
    () => printable(r, 200),
    () => JSON.stringify([cm(name)]),
    () => "null",
  ];
  return r.pick(variants)();
}

/** Identities: the admin (system:masters), a static-token user with a Role in the two fuzz namespaces, anonymous, garbage. */
export const IDENTITIES = {
  admin: (token) => ({ Authorization: `Bearer ${token}` }),
  fuzzer: () => ({ Authorization: "Bearer fuzz-user-token" }),
  anonymous: () => ({}),
  garbage: (_t, r) => ({ Authorization: r.pick(["Bearer nope", "Bearer ", "Basic Zm9vOmJhcg==", "Negotiate x", `Bearer ${printable(r, 80).replace(/\s/g, "")}`, "bearer  x y"]) }),
};

function identity(r) {
  const x = r.next();
  return x < 0.4 ? "admin" : x < 0.75 ? "fuzzer" : x < 0.88 ? "anonymous" : "garbage";
}

/** The families: name → (r, ctx) → request. ctx: { i, createNs, sandboxNs, bodies }. */
export const FAMILIES = {
  bodies(r, ctx) {
    const name = `fz-${ctx.i}`;
    const hostile = r.chance(0.02);
    const [label, body, contentType] = hostile ? r.pick(ctx.bodies) : ["mutated", mutatedConfigMap(r, name), r.pick(["application/json", "application/json", "application/yaml", "text/plain", undefined])];
    const query = r.pick(["", "", "?fieldValidation=Strict", "?fieldValidation=Warn", "?fieldValidation=Ignore", "?dryRun=All", "?fieldValidation=nope"]);
    return { label, method: "POST", path: `/api/v1/namespaces/${ctx.createNs}/configmaps${query}`, body, contentType, create: !query.includes("dryRun") };
  },

  patches(r, ctx) {
    const target = `/api/v1/namespaces/${ctx.sandboxNs}/configmaps/target-${r.int(4)}`;
    const ops = () => Array.from({ length: 1 + r.int(5) }, () => ({ op: r.pick(["add", "remove", "replace", "move", "copy", "test", "nope"]), path: r.pick(["/data/a", "/data/-", "/metadata/labels/x", "/metadata/name", "/nope/x", "", "/data", "/metadata/annotations/a~1b"]), from: r.pick(["/data", "/data/a", "/metadata", undefined]), value: r.pick(["v", 1, null, { a: "b" }, [1]]) }));
    const kind = r.int(6);
    if (kind === 0 && r.chance(0.05)) {
      return { label: "json-10001-ops", method: "PATCH", path: target, body: JSON.stringify(Array(10_001).fill({ op: "test", path: "/data/a", value: "b" })), contentType: "application/json-patch+json" };
    }
    if (kind === 0) return { label: "json-copy-doubling", method: "PATCH", path: target, body: JSON.stringify([{ op: "add", path: "/data/seed", value: "x".repeat(512) }, ...Array.from({ length: 40 }, (_, j) => ({ op: "copy", from: "/data", path: `/data/c${j}` }))]), contentType: "application/json-patch+json" };
    if (kind <= 2) return { label: "json-patch", method: "PATCH", path: target, body: JSON.stringify(ops()), contentType: "application/json-patch+json" };
    if (kind === 3) return { label: "merge-patch", method: "PATCH", path: target, body: r.pick([JSON.stringify({ data: { [printable(r, 10) || "k"]: printable(r, 10) } }), JSON.stringify({ metadata: { labels: { "bad key!": "v" } } }), "null", "[]", printable(r, 40), '{"metadata":{"name":"other"}}']), contentType: "application/merge-patch+json" };
    if (kind === 4) return { label: "apply", method: "PATCH", path: `${target}?fieldManager=fuzz${r.chance(0.3) ? "&force=true" : ""}`, body: r.pick([JSON.stringify(cm(target.split("/").pop(), { data: { a: printable(r, 10) } })), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${target.split("/").pop()}\ndata: [1, 2]\n`, printable(r, 60)]), contentType: "application/apply-patch+yaml" };
    return { label: "patch-content-type", method: "PATCH", path: target, body: "{}", contentType: r.pick(["application/json", "text/plain", "application/strategic-merge-patch+json; charset=x", printable(r, 30) || "x"]) };
  },

  selectors(r, ctx) {
    const ns = r.pick([ctx.createNs, ctx.sandboxNs]);
    const selector = r.pick([
      `labelSelector=${encodeURIComponent(printable(r, 40))}`,
      `fieldSelector=${encodeURIComponent(printable(r, 40))}`,
      r.pick(["labelSelector=a%20in%20(x,y),b!=c", "labelSelector=!a", "fieldSelector=metadata.name%3Dtarget-1", "fieldSelector=metadata.namespace!%3Dx", "labelSelector=a%3D%3D%3Db", `labelSelector=${"a,".repeat(5000)}a`]),
      `limit=${r.pick([-1, 0, 1, 500, 99999999999, "x"])}&continue=${encodeURIComponent(printable(r, 30))}`,
      `resourceVersion=${r.pick(["0", "1", "x", "-1", ""])}&resourceVersionMatch=${r.pick(["NotOlderThan", "Exact", "nope", ""])}`,
      `timeoutSeconds=${r.pick(["-1", "x", "1"])}`,
    ]);
    const watch = r.chance(0.002) ? "&watch=true&timeoutSeconds=1" : "";
    return { label: watch ? "watch" : "list", method: "GET", path: `/api/v1/namespaces/${ns}/configmaps?${selector}${watch}`, stream: !!watch };
  },

  headers(r, ctx) {
    const headers = {};
    if (r.chance(0.4)) headers[r.pick(["Impersonate-User", "Impersonate-Group", "Impersonate-Uid", `Impersonate-Extra-${r.pick(["scopes", "a%20b", "x"])}`])] = r.pick(["alice", "system:admin", "system:masters", printable(r, 30), ""]);
    if (r.chance(0.5)) headers.Accept = r.pick(["application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "application/json;as=Table;v=v1;g=meta.k8s.io", "text/html", "*/*", printable(r, 40)]);
    if (r.chance(0.3)) headers["Audit-ID"] = printable(r, 40).trim() || "x";
    if (r.chance(0.3)) headers["X-Forwarded-For"] = printable(r, 60);
    if (r.chance(0.2)) headers["User-Agent"] = printable(r, 80);
    if (r.chance(0.5)) {
      const name = `fz-h-${ctx.i}`;
      return { label: "create", method: "POST", path: `/api/v1/namespaces/${ctx.createNs}/configmaps`, headers, body: JSON.stringify(cm(name)), contentType: r.pick(["application/json", "application/yaml", printable(r, 30), "application/json; charset=utf-8"]), create: true };
    }
    return { label: "get", method: "GET", path: r.pick([`/api/v1/namespaces/${ctx.sandboxNs}/configmaps`, "/api/v1/namespaces", "/apis", "/version", "/openapi/v2"]), headers };
  },

  paths(r, ctx) {
    const seg = () => r.pick(["api", "apis", "v1", "apps", "namespaces", ctx.sandboxNs, "configmaps", "pods", "target-1", "status", "scale", "log", "..", "%2e%2e", "%2F", "a%2Fb", "%ff", "%", "x".repeat(300), ";", "%3F", "", encodeURIComponent(printable(r, 8))]);
    const anywhere = `/${r.pick(["api", "apis"])}/${Array.from({ length: r.int(7) }, seg).join("/")}`;
    const inSandbox = `/api/v1/namespaces/${ctx.sandboxNs}/${r.pick(["configmaps", "secrets", "pods", seg()])}/${Array.from({ length: r.int(3) }, () => r.pick(["target-2", "status", seg()])).join("/")}`;
    const path = r.chance(0.5) ? anywhere : inSandbox;
    let method = r.pick(["GET", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
    if (!["GET", "HEAD", "OPTIONS"].includes(method) && !insideSandbox(path, ctx.sandboxNs)) method = "GET";
    const writes = !["GET", "HEAD", "OPTIONS"].includes(method);
    return { label: writes ? "write" : "read", method, path, ...(writes ? { body: JSON.stringify(cm("target-2")), contentType: r.pick(["application/json", "application/merge-patch+json"]) } : {}) };
  },
};

/**
 * Mutations only where they cannot hurt: objects inside the sandbox namespace once the URL is normalized and
 * parsed as the server does (empty segments dropped) — never the namespace itself or its status/finalize.
 */
export function insideSandbox(path, sandbox) {
  const parts = new URL(`https://x${path}`).pathname.split("/").filter(Boolean);
  if (parts[0] !== "api" || parts[1] !== "v1" || parts[2] !== "namespaces" || parts[3] !== sandbox || parts.length < 5) return false;
  return !(parts.length === 5 && (parts[4] === "status" || parts[4] === "finalize"));
}

const WEIGHTS = [["bodies", 3], ["patches", 2], ["selectors", 2], ["headers", 2], ["paths", 2]];

/** The i-th request of a run. */
export function nextRequest(r, ctx) {
  const total = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let x = r.int(total);
  const [family] = WEIGHTS.find(([, w]) => (x -= w) < 0);
  const req = FAMILIES[family](r, ctx);
  const who = identity(r);
  return { family, identity: who, ...req, headers: { ...IDENTITIES[who](ctx.adminToken, r), ...req.headers } };
}
