/**
 * The pod connect routes through the real Worker: options and container validation, the pod and node
 * lookups, RBAC on the subresources, the proxy's name/port/address rules and the refused stream subresources.
 * What the kubelet itself answers is tested where KubeletDO implements it.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, call, freshNamespace, get, patch, post, TOKEN } from "../../api/client";
import { as, grant, unique } from "../../security/helpers";

let ns: string;
let ghost: string;
const P = () => `/api/v1/namespaces/${ns}/pods`;

const podOf = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec });

async function create(body: unknown) {
  const res = await post(`${P()}`, body);
  expect(res.status, res.text).toBe(201);
}

beforeAll(async () => {
  ns = await freshNamespace("podconn");
  ghost = unique("ghost-node");
  await create(podOf("single", { containers: [{ name: "app", image: "img" }] }));
  await create(podOf("multi", { initContainers: [{ name: "setup", image: "img" }], containers: [{ name: "a", image: "img" }, { name: "b", image: "img" }] }));
  await create(podOf("bound", { nodeName: ghost, containers: [{ name: "app", image: "img", ports: [{ containerPort: 8080 }] }] }));
  const ip = await patch(`${P()}/bound/status`, { status: { podIP: "10.244.9.9", podIPs: [{ ip: "10.244.9.9" }] } }, "application/merge-patch+json");
  expect(ip.status, ip.text).toBe(200);
});

describe("GET pods/{name}/log", () => {
  it.each([
    ["missing", "", 404, "NotFound", 'pods "missing" not found'],
    ["single", "?tailLines=-1", 422, "Invalid", 'PodLogOptions "single" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ["missing", "?limitBytes=0", 422, "Invalid", 'PodLogOptions "missing" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    ["single", "?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z", 422, "Invalid", 'PodLogOptions "single" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ["single", "?tailLines=ten", 400, "BadRequest", 'strconv.ParseInt: parsing "ten": invalid syntax'],
    ["multi", "", 400, "BadRequest", "a container name must be specified for pod multi, choose one of: [setup a b]"],
    ["multi", "?container=zzz", 400, "BadRequest", "container zzz is not valid for pod multi"],
  ])("%s%s → %i", async (name, query, code, reason, message) => {
    const res = await get(`${P()}/${name}/log${query}`);
    expect(res.status, res.text).toBe(code);
    expect(res.body).toMatchObject({ kind: "Status", code, reason, message });
  });

  it("an unscheduled pod has no log yet: 204, no body", async () => {
    const res = await get(`${P()}/multi/log?container=setup`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
  });

  it("a pod bound to a node that does not exist: the Node is not found", async () => {
    const res = await get(`${P()}/bound/log`);
    expect(res.status, res.text).toBe(404);
    expect(res.body.message).toBe(`nodes "${ghost}" not found`);
  });

  it("takes no path after log", async () => {
    expect((await get(`${P()}/single/log/more`)).status).toBe(404);
  });

  it("needs get on pods/log, and that is enough", async () => {
    const user = unique("log-reader");
    const denied = await as({ user }, "GET", `${P()}/single/log`);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain(`cannot get resource "pods/log" in API group "" in the namespace "${ns}"`);
    await grant(user, [{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }], ns);
    expect((await as({ user }, "GET", `${P()}/single/log`)).status).toBe(204);
    expect((await as({ user }, "GET", `${P()}/single`)).status).toBe(403);
  });
});

describe("pods/{name}/proxy", () => {
  it.each([
    ["GET", "a:b:c:d/proxy/", 400, 'invalid pod request "a:b:c:d"'],
    ["GET", "ftp:bound:21/proxy/", 400, 'invalid pod request "ftp:bound:21"'],
    ["GET", "missing:80/proxy/", 404, 'pods "missing" not found'],
    ["POST", "single/proxy/x", 400, "address not allowed"],
    ["GET", "bound:web/proxy/", 503, "error trying to reach service: dial tcp: lookup tcp/web: unknown port"],
  ])("%s %s → %i", async (method, path, code, message) => {
    const res = await call(method, `${P()}/${path}`);
    expect(res.status, res.text).toBe(code);
    expect(res.body).toMatchObject({ kind: "Status", code, message });
  });

  it("refuses https, clearly", async () => {
    const res = await get(`${P()}/https:bound:443/proxy/`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('scheme "https" is not supported');
  });

  it.each([
    ["GET", "bound/proxy", `/bound/proxy/`],
    ["HEAD", "http:bound:8080/proxy?a=1&b=2", `/http:bound:8080/proxy/?a=1&b=2`],
  ])("%s %s redirects to the root path", async (method, path, location) => {
    const res = await SELF.fetch(`${BASE}${P()}/${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}` }, redirect: "manual" });
    expect(res.status, await res.text()).toBe(301);
    expect(res.headers.get("location")).toBe(`${P()}${location}`);
  });

  it("authorizes the HTTP method as the verb on pods/proxy", async () => {
    const user = unique("proxier");
    await grant(user, [{ apiGroups: [""], resources: ["pods/proxy"], verbs: ["get"] }], ns);
    expect((await as({ user }, "GET", `${P()}/bound:web/proxy/`)).status).toBe(503);
    const post403 = await as({ user }, "POST", `${P()}/bound/proxy/x`);
    expect(post403.status).toBe(403);
    expect(post403.body.message).toContain('cannot create resource "pods/proxy"');
  });
});

describe("exec, attach, portforward", () => {
  it.each([
    ["POST", "single/exec?command=ls", 400, "pod single does not have a host assigned"],
    ["POST", "multi/exec?command=ls", 400, "a container name must be specified for pod multi, choose one of: [setup a b]"],
    ["GET", "missing/attach", 404, 'pods "missing" not found'],
    ["POST", "bound/exec?command=ls&stdout=1", 400, "exec needs a WebSocket upgrade with subprotocol v5.channel.k8s.io"],
    ["GET", "bound/attach?container=app", 400, "attach is not supported by this kubelet"],
    ["POST", "bound/portforward?ports=80", 400, "port-forward is not supported by this kubelet"],
  ])("%s %s → %i", async (method, path, code, message) => {
    const res = await call(method, `${P()}/${path}`);
    expect(res.status, res.text).toBe(code);
    expect(res.body.kind).toBe("Status");
    expect(res.body.message).toContain(message);
  });

  it("needs create on pods/exec", async () => {
    const res = await as({ user: unique("nobody") }, "POST", `${P()}/bound/exec?command=ls`);
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('cannot create resource "pods/exec"');
  });
});

describe("discovery", () => {
  it("lists the connect subresources with upstream's kinds and verbs", async () => {
    const res = await get("/api/v1");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const byName = Object.fromEntries(res.body.resources.map((r: any) => [r.name, r]));
    expect(byName["pods/log"]).toMatchObject({ kind: "Pod", verbs: ["get"] });
    expect(byName["pods/exec"]).toMatchObject({ kind: "PodExecOptions", verbs: ["create", "get"] });
    expect(byName["pods/attach"]).toMatchObject({ kind: "PodAttachOptions", verbs: ["create", "get"] });
    expect(byName["pods/portforward"]).toMatchObject({ kind: "PodPortForwardOptions", verbs: ["create", "get"] });
    expect(byName["pods/proxy"]).toMatchObject({ kind: "PodProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] });
  });
});
