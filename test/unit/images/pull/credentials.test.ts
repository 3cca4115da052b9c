import { describe, expect, it } from "vitest";
import { keyMatches, keyOfLocation, keyringFromSecrets, lookupCredentials, type PullSecret } from "../../../../worker/images/pull/credentials";

const b64 = (s: string) => btoa(s);
const jsonSecret = (auths: Record<string, unknown>, name = "s"): PullSecret => ({
  type: "kubernetes.io/dockerconfigjson",
  metadata: { name },
  data: { ".dockerconfigjson": b64(JSON.stringify({ auths })) },
});
const auth = (user: string, pass: string) => ({ auth: b64(`${user}:${pass}`) });
const users = (creds: { username: string }[]) => creds.map((c) => c.username);

describe("keyOfLocation (BasicDockerKeyring.Add)", () => {
  it.each([
    ["quay.io", "quay.io"],
    ["https://quay.io", "quay.io"],
    ["http://quay.io/", "quay.io"],
    ["https://index.docker.io/v1/", "index.docker.io"],
    ["registry.example.com:5000/v2/team", "registry.example.com:5000/team"],
    ["quay.io/coreos", "quay.io/coreos"],
  ])("%s → %s", (loc, key) => expect(keyOfLocation(loc)).toBe(key));
});

describe("keyMatches (URLsMatch)", () => {
  it.each([
    ["quay.io", "quay.io/coreos/etcd", true],
    ["quay.io/coreos", "quay.io/coreos/etcd", true],
    ["quay.io/core", "quay.io/coreos/etcd", true],
    ["quay.io/other", "quay.io/coreos/etcd", false],
    ["*.example.com", "a.example.com/x", true],
    ["*.example.com", "example.com/x", false],
    ["*.example.com", "a.b.example.com/x", false],
    ["reg?.io", "reg1.io/x", true],
    ["r.io:5000", "r.io:5000/x", true],
    ["r.io:5000", "r.io/x", false],
    ["r.io", "r.io:5000/x", false],
    ["docker.io", "docker.io/library/nginx", true],
    ["index.docker.io", "docker.io/library/nginx", false],
  ])("%s vs %s → %s", (glob, target, want) => expect(keyMatches(glob, target)).toBe(want));
});

describe("keyringFromSecrets + lookupCredentials", () => {
  it("finds nothing without secrets (anonymous pull)", () => {
    const k = keyringFromSecrets([]);
    expect(k).toEqual({ ok: true, value: [] });
    expect(lookupCredentials(k.ok ? k.value : [], "docker.io/library/nginx")).toEqual([]);
  });

  it("ignores secrets of other types and empty data", () => {
    const k = keyringFromSecrets([
      { type: "Opaque", data: { ".dockerconfigjson": b64(JSON.stringify({ auths: { "ghcr.io": auth("a", "b") } })) } },
      { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": "" } },
    ]);
    expect(k).toEqual({ ok: true, value: [] });
  });

  it("reads auth (winning over username/password), username/password, and .dockercfg", () => {
    const k = keyringFromSecrets([
      jsonSecret({ "ghcr.io": { ...auth("from-auth", "p:with:colons"), username: "ignored", password: "x" } }),
      { type: "kubernetes.io/dockercfg", data: { ".dockercfg": b64(JSON.stringify({ "https://quay.io": { username: "q", password: "qp" } })) } },
    ]);
    if (!k.ok) throw new Error(k.message);
    expect(lookupCredentials(k.value, "ghcr.io/o/r")).toEqual([{ username: "from-auth", password: "p:with:colons" }]);
    expect(lookupCredentials(k.value, "quay.io/o/r")).toEqual([{ username: "q", password: "qp" }]);
    expect(lookupCredentials(k.value, "gcr.io/o/r")).toEqual([]);
  });

  it("orders the most specific key first, secrets in pod order within a key", () => {
    const k = keyringFromSecrets([
      jsonSecret({ "quay.io": auth("host", "p"), "quay.io/coreos": auth("path1", "p") }),
      jsonSecret({ "https://quay.io/coreos": auth("path2", "p") }),
    ]);
    if (!k.ok) throw new Error(k.message);
    expect(users(lookupCredentials(k.value, "quay.io/coreos/etcd"))).toEqual(["path1", "path2", "host"]);
    expect(users(lookupCredentials(k.value, "quay.io/other/x"))).toEqual(["host"]);
  });

  it("matches wildcard subdomains", () => {
    const k = keyringFromSecrets([jsonSecret({ "*.azurecr.io": auth("acr", "p") })]);
    if (!k.ok) throw new Error(k.message);
    expect(users(lookupCredentials(k.value, "team.azurecr.io/app"))).toEqual(["acr"]);
    expect(users(lookupCredentials(k.value, "azurecr.io/app"))).toEqual([]);
  });

  it.each([
    ["https://index.docker.io/v1/", "docker.io/library/nginx", ["hub"]],
    ["index.docker.io", "docker.io/team/app", ["hub"]],
    ["docker.io", "docker.io/library/nginx", ["hub"]],
    ["https://index.docker.io/v1/", "ghcr.io/o/r", []],
  ])("Docker Hub alias %s for %s", (loc, repo, want) => {
    const k = keyringFromSecrets([jsonSecret({ [loc]: auth("hub", "p") })]);
    if (!k.ok) throw new Error(k.message);
    expect(users(lookupCredentials(k.value, repo))).toEqual(want);
  });

  it.each([
    [{ type: "kubernetes.io/dockerconfigjson", metadata: { name: "bad" }, data: { ".dockerconfigjson": b64("{not json") } }, /^secret "bad": /],
    [jsonSecret({ "ghcr.io": { auth: b64("no-colon") } }), /^unable to parse auth field, must be formatted as base64\(username:password\)$/],
  ])("refuses a secret that does not parse (%#)", (secret, message) => {
    const k = keyringFromSecrets([secret as PullSecret]);
    expect(k.ok).toBe(false);
    if (!k.ok) expect(k.message).toMatch(message);
  });
});
