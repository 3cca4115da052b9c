/**
 * TokenRequest (`POST …/serviceaccounts/{name}/token`) through the real Worker: the response, the token's header
 * and claims, defaults, upstream's validation and bound-object errors, kubectl's protobuf body, discovery, RBAC.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, freshNamespace, get } from "../api/client";
import { encode, envelope, int, msg, objectMeta, str } from "../protobuf/wire-builder";
import {
  createNode,
  createPod,
  createSecret,
  createServiceAccount,
  decodeJwt,
  ISSUER,
  type Obj,
  requestToken,
  tokenPath,
} from "./satoken-helpers";

let ns: string;
let sa: Obj;

beforeAll(async () => {
  ns = await freshNamespace("tr");
  sa = await createServiceAccount(ns, "builder");
});

const seconds = (ts: string) => Date.parse(ts) / 1000;

describe("a default TokenRequest", () => {
  it("is 201 with upstream's metadata, defaulted spec and status", async () => {
    const res = await requestToken(ns, "builder");
    expect(res.status, res.text).toBe(201);
    const { kind, apiVersion, metadata, spec, status } = res.body;
    expect({ kind, apiVersion }).toEqual({ kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1" });
    expect(Object.keys(metadata).sort()).toEqual(["creationTimestamp", "name", "namespace"]);
    expect(metadata).toMatchObject({ name: "builder", namespace: ns });
    expect(spec).toEqual({ audiences: [ISSUER], expirationSeconds: 3600, boundObjectRef: null });
    expect(seconds(status.expirationTimestamp) - seconds(metadata.creationTimestamp)).toBe(3600);
    expect(Object.keys(status).sort()).toEqual(["expirationTimestamp", "token"]);
  });

  it("signs an RS256 JWT whose claims are upstream's, keys sorted as go-jose writes them", async () => {
    const res = await requestToken(ns, "builder", { expirationSeconds: 1200, audiences: ["https://vault.example", "api"] });
    const { header, payload } = decodeJwt(res.body.status.token);
    expect(Object.keys(header)).toEqual(["alg", "kid"]);
    expect(header.alg).toBe("RS256");
    expect(header.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(payload)).toEqual(["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"]);
    expect(payload).toMatchObject({
      aud: ["https://vault.example", "api"],
      iss: ISSUER,
      sub: `system:serviceaccount:${ns}:builder`,
      "kubernetes.io": { namespace: ns, serviceaccount: { name: "builder", uid: sa.metadata.uid } },
    });
    expect(payload.exp - payload.iat).toBe(1200);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(30);
    expect(seconds(res.body.status.expirationTimestamp)).toBeLessThanOrEqual(payload.exp);
  });

  it("gives every token its own jti", async () => {
    const a = decodeJwt((await requestToken(ns, "builder")).body.status.token).payload.jti;
    const b = decodeJwt((await requestToken(ns, "builder")).body.status.token).payload.jti;
    expect(a).not.toBe(b);
  });

  it("accepts kubectl's protobuf body (create token --duration=10m --audience=api)", async () => {
    const raw = encode(objectMeta(1), msg(2, str(1, "api"), int(4, 600)), msg(3, str(1, ""), msg(2)));
    const body = envelope("authentication.k8s.io/v1", "TokenRequest", raw);
    const res = await call("POST", tokenPath(ns, "builder"), body, { contentType: "application/vnd.kubernetes.protobuf" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec).toEqual({ audiences: ["api"], expirationSeconds: 600, boundObjectRef: null });
    expect(decodeJwt(res.body.status.token).payload.aud).toEqual(["api"]);
  });
});

describe("TokenRequest validation", () => {
  const invalidExpiration = (value: number, detail: string) => ({
    status: 422,
    message: `TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: ${value}: ${detail}`,
  });

  it.each([
    [599, invalidExpiration(599, "may not specify a duration less than 10 minutes")],
    [0, invalidExpiration(0, "may not specify a duration less than 10 minutes")],
    [2 ** 32 + 1, invalidExpiration(2 ** 32 + 1, "may not specify a duration larger than 2^32 seconds")],
  ])("expirationSeconds %d → %o", async (expirationSeconds, want) => {
    const res = await requestToken(ns, "builder", { expirationSeconds });
    expect({ status: res.status, message: res.body.message }).toEqual(want);
    expect(res.body.reason).toBe("Invalid");
    expect(res.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", field: "spec.expirationSeconds", message: want.message.split("spec.expirationSeconds: ")[1] },
    ]);
  });

  it.each([600, 2 ** 32])("expirationSeconds %d is within the bounds", async (expirationSeconds) => {
    expect((await requestToken(ns, "builder", { expirationSeconds })).status).toBe(201);
  });

  it("a missing service account → 404", async () => {
    const res = await requestToken(ns, "nobody");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('serviceaccounts "nobody" not found');
  });

  it("a body naming another service account → 422", async () => {
    const res = await call("POST", tokenPath(ns, "builder"), { kind: "TokenRequest", metadata: { name: "other" }, spec: {} });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'TokenRequest.authentication.k8s.io "builder" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified',
    );
  });

  it("a body in another namespace → 422", async () => {
    const res = await call("POST", tokenPath(ns, "builder"), { kind: "TokenRequest", metadata: { namespace: "elsewhere" }, spec: {} });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'TokenRequest.authentication.k8s.io "builder" is invalid: metadata.namespace: Invalid value: "elsewhere": must match the service account namespace if specified',
    );
  });

  it("a wrongly typed field → 400 as the decoder says", async () => {
    const res = await requestToken(ns, "builder", { expirationSeconds: "ten minutes" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^TokenRequest in version "v1" cannot be handled as a TokenRequest: /);
  });

  it("another kind in the body → 400", async () => {
    const res = await call("POST", tokenPath(ns, "builder"), { apiVersion: "v1", kind: "Pod" });
    expect(res.status).toBe(400);
  });
});

describe("bound object references", () => {
  const bind = (ref: Obj) => requestToken(ns, "builder", { boundObjectRef: ref });

  it.each([
    [{ kind: "Deployment", apiVersion: "apps/v1", name: "d" }, "cannot bind token to object of type apps/v1, Kind=Deployment"],
    [{ kind: "Pod", apiVersion: "apps/v1", name: "p" }, "cannot bind token to object of type apps/v1, Kind=Pod"],
    [{ kind: "ConfigMap", apiVersion: "v1", name: "c" }, "cannot bind token to object of type /v1, Kind=ConfigMap"],
  ])("%o → 400 %s", async (ref, message) => {
    const res = await bind(ref);
    expect({ status: res.status, reason: res.body.reason, message: res.body.message }).toEqual({ status: 400, reason: "BadRequest", message });
  });

  it.each([
    ["Pod", "pods"],
    ["Secret", "secrets"],
    ["Node", "nodes"],
  ])("a missing %s → 404", async (kind, resource) => {
    const res = await bind({ kind, apiVersion: "v1", name: "missing-object" });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`${resource} "missing-object" not found`);
  });

  it("a pod of another service account → 400", async () => {
    await createServiceAccount(ns, "other");
    await createPod(ns, "other-pod", "other");
    const res = await bind({ kind: "Pod", apiVersion: "v1", name: "other-pod" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('cannot bind token for serviceaccount "builder" to pod running with different serviceaccount name.');
  });

  it("a uid that is not the object's → 409 Conflict", async () => {
    await createPod(ns, "uid-pod", "builder");
    const res = await bind({ kind: "Pod", apiVersion: "v1", name: "uid-pod", uid: "not-the-uid" });
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe("Conflict");
    expect(res.body.message).toBe(
      'Operation cannot be fulfilled on Pod "uid-pod": the UID in the bound object reference (not-the-uid) does not match the UID in record. The object might have been deleted and then recreated',
    );
  });

  it("a pod binding records the pod and its node (the node's uid when the node exists)", async () => {
    const node = await createNode(`tr-node-${ns}`);
    const pod = await createPod(ns, "on-node", "builder", node.metadata.name);
    const res = await bind({ kind: "Pod", apiVersion: "v1", name: "on-node", uid: pod.metadata.uid });
    expect(res.status, res.text).toBe(201);
    expect(res.body.spec.boundObjectRef).toEqual({ kind: "Pod", apiVersion: "v1", name: "on-node", uid: pod.metadata.uid });
    expect(decodeJwt(res.body.status.token).payload["kubernetes.io"]).toEqual({
      namespace: ns,
      node: { name: node.metadata.name, uid: node.metadata.uid },
      pod: { name: "on-node", uid: pod.metadata.uid },
      serviceaccount: { name: "builder", uid: sa.metadata.uid },
    });
    await createPod(ns, "on-ghost-node", "builder", "no-such-node");
    const ghost = await bind({ kind: "Pod", apiVersion: "v1", name: "on-ghost-node" });
    expect(decodeJwt(ghost.body.status.token).payload["kubernetes.io"].node).toEqual({ name: "no-such-node" });
  });

  it("secret and node bindings", async () => {
    const secret = await createSecret(ns, "bound-secret");
    const s = await bind({ kind: "Secret", apiVersion: "v1", name: "bound-secret" });
    expect(decodeJwt(s.body.status.token).payload["kubernetes.io"].secret).toEqual({ name: "bound-secret", uid: secret.metadata.uid });
    const node = await createNode(`tr-bound-${ns}`);
    const n = await bind({ kind: "Node", apiVersion: "v1", name: node.metadata.name });
    expect(decodeJwt(n.body.status.token).payload["kubernetes.io"]).toMatchObject({ node: { name: node.metadata.name, uid: node.metadata.uid } });
    expect(decodeJwt(n.body.status.token).payload["kubernetes.io"].pod).toBeUndefined();
  });

  it("a pod-bound request for exactly 3607 s is extended to a year and warns after 3607 s", async () => {
    await createPod(ns, "kubelet-pod", "builder");
    const res = await requestToken(ns, "builder", { expirationSeconds: 3607, boundObjectRef: { kind: "Pod", apiVersion: "v1", name: "kubelet-pod" } });
    const { payload } = decodeJwt(res.body.status.token);
    expect(payload.exp - payload.iat).toBe(365 * 24 * 3600);
    expect(payload["kubernetes.io"].warnafter).toBe(payload.iat + 3607);
    expect(res.body.spec.expirationSeconds).toBe(3607);
    expect(seconds(res.body.status.expirationTimestamp) - seconds(res.body.metadata.creationTimestamp)).toBe(3607);
    const unbound = decodeJwt((await requestToken(ns, "builder", { expirationSeconds: 3607 })).body.status.token).payload;
    expect(unbound.exp - unbound.iat).toBe(3607);
    expect(unbound["kubernetes.io"].warnafter).toBeUndefined();
  });
});

describe("discovery and authorization", () => {
  it("serviceaccounts/token is listed with TokenRequest and create", async () => {
    const res = await get("/api/v1");
    const token = res.body.resources.find((r: Obj) => r.name === "serviceaccounts/token");
    expect(token).toMatchObject({ namespaced: true, group: "authentication.k8s.io", version: "v1", kind: "TokenRequest", verbs: ["create"] });
  });

  it("needs create on serviceaccounts/token", async () => {
    const res = await requestToken(ns, "builder", {}, "alice-token");
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('cannot create resource "serviceaccounts/token"');
  });
});
