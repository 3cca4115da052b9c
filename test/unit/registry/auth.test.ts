/**
 * Registry authentication and RBAC through the real Worker: the Basic challenge for anonymous clients, tokens
 * as Basic passwords, 401 for a bad token, a pull-only role (get on /v2/<repo>/*) that gets 403 DENIED on
 * push, cross-repository mounts that need pull on the source, and the audit event of a registry request.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../../worker/index";
import { grant } from "../security/helpers";
import { basic, blobOf, imageOf, OCI_MANIFEST, pushBlob, pushImage, reg, repo } from "./helpers";

describe("registry: authentication and authorization", () => {
  it("anonymous → 401 with a Basic challenge, in the registry's error format", async () => {
    for (const path of ["/v2/", `/v2/${repo()}/tags/list`, "/v2/_catalog"]) {
      const res = await reg("GET", path, { auth: null });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="kube-edge"');
      expect(res.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
      expect(res.json.errors[0].code).toBe("UNAUTHORIZED");
    }
  });

  it("Basic with the admin token, and Bearer, are accepted", async () => {
    expect((await reg("GET", "/v2/")).status).toBe(200);
    expect((await reg("GET", "/v2/", { auth: "Bearer test-admin-token" })).status).toBe(200);
  });

  it("a bad token → 401, as Basic password or as Bearer", async () => {
    for (const auth of [basic("not-a-token"), "Bearer not-a-token", `Basic ${btoa("user:")}`]) {
      const res = await reg("GET", "/v2/", { auth });
      expect(res.status, auth).toBe(401);
      expect(res.json.errors[0].code).toBe("UNAUTHORIZED");
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="kube-edge"');
    }
  });

  it("a user with a pull role can pull but gets 403 DENIED on push and delete", async () => {
    const name = `${repo("pull")}/app`;
    const image = await imageOf("pull");
    await pushImage(name, "v1", image);
    await grant("alice", [{ nonResourceURLs: [`/v2/${name}/*`], verbs: ["get"] }]);
    const alice = basic("alice-token"); // test/fixtures/static-tokens.csv

    const manifest = await reg("GET", `/v2/${name}/manifests/v1`, { auth: alice });
    expect(manifest.status, manifest.text).toBe(200);
    expect(manifest.bytes).toEqual(image.manifest.bytes);
    expect((await reg("HEAD", `/v2/${name}/manifests/v1`, { auth: alice })).status).toBe(200);
    expect((await reg("GET", `/v2/${name}/blobs/${image.layers[0].digest}`, { auth: alice })).bytes).toEqual(image.layers[0].bytes);
    expect((await reg("GET", `/v2/${name}/tags/list`, { auth: alice })).json.tags).toEqual(["v1"]);

    const blob = await blobOf("alice pushes");
    const push = await reg("POST", `/v2/${name}/blobs/uploads/?digest=${blob.digest}`, { body: blob.bytes, auth: alice });
    expect(push.status).toBe(403);
    expect(push.json.errors[0].code).toBe("DENIED");
    expect(push.json.errors[0].message).toContain('User "alice" cannot post path');
    const tag = await reg("PUT", `/v2/${name}/manifests/v2`, { body: image.manifest.bytes, auth: alice, headers: { "Content-Type": OCI_MANIFEST } });
    expect(tag.status).toBe(403);
    expect((await reg("DELETE", `/v2/${name}/manifests/v1`, { auth: alice })).status).toBe(403);
    // Nothing changed.
    expect((await reg("GET", `/v2/${name}/tags/list`)).json.tags).toEqual(["v1"]);
    // Other repositories and the catalog stay out of reach.
    expect((await reg("GET", `/v2/${repo("other")}/tags/list`, { auth: alice })).status).toBe(403);
    expect((await reg("GET", "/v2/_catalog", { auth: alice })).status).toBe(403);
  });

  it("a mount links a blob only when the caller may pull from the source; otherwise a new session", async () => {
    const from = repo("from");
    const blob = await blobOf("mount me");
    await pushBlob(from, blob);
    const to = repo("to");
    await grant("alice", [{ nonResourceURLs: [`/v2/${to}/*`], verbs: ["get", "post", "patch", "put"] }]);
    const alice = basic("alice-token");

    const denied = await reg("POST", `/v2/${to}/blobs/uploads/?mount=${blob.digest}&from=${from}`, { auth: alice });
    expect(denied.status).toBe(202);
    expect(denied.headers.get("docker-upload-uuid")).toBeTruthy();
    expect((await reg("GET", `/v2/${to}/blobs/${blob.digest}`, { auth: alice })).status).toBe(404);

    const unknown = await blobOf("not in from");
    expect((await reg("POST", `/v2/${to}/blobs/uploads/?mount=${unknown.digest}&from=${from}`)).status).toBe(202);

    const mounted = await reg("POST", `/v2/${to}/blobs/uploads/?mount=${blob.digest}&from=${from}`);
    expect(mounted.status).toBe(201);
    expect(mounted.headers.get("location")).toBe(`/v2/${to}/blobs/${blob.digest}`);
    expect(mounted.headers.get("docker-content-digest")).toBe(blob.digest);
    expect((await reg("GET", `/v2/${to}/blobs/${blob.digest}`, { auth: alice })).bytes).toEqual(blob.bytes);
  });

  it("a registry request is audited with its user and status", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith('{"kind":"Event"')) lines.push(args[0]);
    });
    try {
      const send = (headers: Record<string, string>) =>
        (worker.fetch as unknown as (r: Request, e: unknown, c: ExecutionContext) => Promise<Response>)(
          new Request("https://k8s.test/v2/", { headers }),
          { ...env, AUDIT_LOG: "on" },
          createExecutionContext(),
        );
      expect((await send({ Authorization: basic("test-admin-token") })).status).toBe(200);
      expect((await send({})).status).toBe(401);
      expect((await send({ Authorization: basic("bad") })).status).toBe(401);
    } finally {
      spy.mockRestore();
    }
    const events = lines.map((l) => JSON.parse(l));
    expect(events).toEqual([
      expect.objectContaining({ requestURI: "/v2/", verb: "get", user: expect.objectContaining({ username: "kubernetes-admin" }), responseStatus: { metadata: {}, code: 200 } }),
      expect.objectContaining({ requestURI: "/v2/", user: { username: "system:anonymous", groups: ["system:unauthenticated"] }, responseStatus: { metadata: {}, code: 401 } }),
      expect.objectContaining({ requestURI: "/v2/", user: {}, stage: "ResponseStarted", responseStatus: expect.objectContaining({ code: 401, message: "Authentication failed, attempted: basic" }) }),
    ]);
  });
});
