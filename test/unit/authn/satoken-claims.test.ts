/** The pure parts of service-account tokens, table by table: claims, audiences, times, bound objects, users, keys, TokenRequest rules. */
import { describe, expect, it } from "vitest";
import {
  audienceClaim,
  buildClaims,
  canonicalJson,
  checkBoundObjects,
  claimTimeError,
  matchAudiences,
  serviceAccountUser,
  unverifiedIssuer,
} from "../../../worker/authn/sa-claims";
import { parseKeyEntry, signingKeysDocument, type StoredSigningKey } from "../../../worker/authn/signing-keys";
import { applySigningKeyAction, MAX_SIGNING_KEYS, parseSigningKeyAction, publicSigningKeys } from "../../../worker/authn/admin-routes";
import { boundResourceOf, groupOfApiVersion, tokenLifetime, validateTokenRequestSpec } from "../../../worker/authn/token-request";

const NOW = new Date("2025-01-01T00:00:00.500Z");
const T = Math.floor(NOW.getTime() / 1000);
const SA = { namespace: "ns", name: "sa", uid: "sa-uid" };
const base = { issuer: "https://iss", serviceAccount: SA, expirationSeconds: 600, audiences: ["a"], now: NOW, jti: "j" };

describe("buildClaims", () => {
  it.each([
    ["no binding", {}, { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" } }],
    ["pod with its node", { pod: { name: "p", uid: "pu" }, node: { name: "n", uid: "nu" } }, { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" }, pod: { name: "p", uid: "pu" }, node: { name: "n", uid: "nu" } }],
    ["pod on a node that does not exist (no uid)", { pod: { name: "p", uid: "pu" }, node: { name: "n" } }, { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" }, pod: { name: "p", uid: "pu" }, node: { name: "n" } }],
    ["secret", { secret: { name: "s", uid: "su" } }, { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" }, secret: { name: "s", uid: "su" } }],
    ["node alone", { node: { name: "n", uid: "nu" } }, { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" }, node: { name: "n", uid: "nu" } }],
    ["warnafter", { pod: { name: "p", uid: "pu" }, warnAfterSeconds: 3607 }, { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" }, pod: { name: "p", uid: "pu" }, warnafter: T + 3607 }],
  ])("%s", (_n, extra, k8s) => {
    expect(buildClaims({ ...base, ...extra })).toEqual({
      aud: ["a"],
      exp: T + 600,
      iat: T,
      iss: "https://iss",
      jti: "j",
      "kubernetes.io": k8s,
      nbf: T,
      sub: "system:serviceaccount:ns:sa",
    });
  });

  it("serializes with keys sorted at every level", () => {
    const json = canonicalJson(buildClaims({ ...base, pod: { name: "p", uid: "pu" }, node: { name: "n", uid: "nu" } }));
    expect(json).toBe(
      `{"aud":["a"],"exp":${T + 600},"iat":${T},"iss":"https://iss","jti":"j","kubernetes.io":{"namespace":"ns","node":{"name":"n","uid":"nu"},"pod":{"name":"p","uid":"pu"},"serviceaccount":{"name":"sa","uid":"sa-uid"}},"nbf":${T},"sub":"system:serviceaccount:ns:sa"}`,
    );
  });
});

const seg = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

describe("unverifiedIssuer (hasCorrectIssuer)", () => {
  it.each([
    ["a compact JWT", `${seg({ alg: "RS256" })}.${seg({ iss: "https://iss" })}.sig`, "https://iss"],
    ["two parts", `${seg({})}.${seg({ iss: "x" })}`, undefined],
    ["four parts", `a.${seg({ iss: "x" })}.c.d`, undefined],
    ["a JSON serialization", ` {"payload":"x"}`, undefined],
    ["padded base64 (RawURLEncoding refuses it)", `a.${btoa('{"iss":"x"}')}=.c`, undefined],
    ["a payload that is not JSON", `a.${btoa("nope")}.c`, undefined],
    ["no iss", `a.${seg({ sub: "x" })}.c`, undefined],
    ["a static token", "alice-token", undefined],
  ])("%s", (_n, token, want) => {
    expect(unverifiedIssuer(token)).toBe(want);
  });
});

describe("audiences", () => {
  const API = ["https://iss"];
  it.each([
    ["the API audience", ["https://iss"], API, { audiences: ["https://iss"] }],
    ["a string aud claim", "https://iss", API, { audiences: ["https://iss"] }],
    ["no aud claim counts as the API audiences", undefined, API, { audiences: ["https://iss"] }],
    ["requested order, only common ones", ["x", "y", "z"], ["z", "q", "x"], { audiences: ["z", "x"] }],
    ["none in common", ["vault"], API, { error: 'token audiences ["vault"] is invalid for the target audiences ["https://iss"]' }],
    ["several listed as Go's %q", ["a", "b"], ["c", "d"], { error: 'token audiences ["a" "b"] is invalid for the target audiences ["c" "d"]' }],
  ])("%s", (_n, aud, requested, want) => {
    expect(matchAudiences(audienceClaim(aud), requested, API)).toEqual(want);
  });
});

describe("claimTimeError (60 s leeway)", () => {
  const now = T * 1000;
  it.each([
    ["valid", { exp: T + 10, nbf: T, iat: T }, undefined],
    ["no times at all", {}, undefined],
    ["expired within the leeway", { exp: T - 59 }, undefined],
    ["expired past the leeway", { exp: T - 61 }, "service account token has expired"],
    ["not before, within the leeway", { nbf: T + 59 }, undefined],
    ["not before, past the leeway", { nbf: T + 61 }, "service account token is not valid yet"],
    ["issued in the future", { iat: T + 61 }, "service account token is issued in the future"],
    ["nbf is checked before exp", { nbf: T + 120, exp: T - 120 }, "service account token is not valid yet"],
  ])("%s", (_n, claims, want) => {
    expect(claimTimeError(claims, now)).toBe(want);
  });
});

describe("checkBoundObjects", () => {
  const now = T * 1000;
  const obj = (uid: string, deletionTimestamp?: string) => ({ metadata: { uid, ...(deletionTimestamp ? { deletionTimestamp } : {}) } });
  const sa = obj("sa-uid");
  const k8s = { namespace: "ns", serviceaccount: { name: "sa", uid: "sa-uid" } };
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  it.each([
    ["plain", k8s, { serviceAccount: sa }, { namespace: "ns", name: "sa", uid: "sa-uid", credentialId: "JTI=j" }],
    ["service account gone", k8s, {}, { error: 'serviceaccounts "sa" not found' }],
    ["service account recreated", k8s, { serviceAccount: obj("new") }, { error: "service account UID (new) does not match claim (sa-uid)" }],
    ["service account deleted past the leeway", k8s, { serviceAccount: obj("sa-uid", ago(61)) }, { error: "service account ns/sa has been deleted" }],
    ["service account being deleted within the leeway", k8s, { serviceAccount: obj("sa-uid", ago(30)) }, { namespace: "ns", name: "sa", uid: "sa-uid", credentialId: "JTI=j" }],
    ["secret gone", { ...k8s, secret: { name: "s", uid: "su" } }, { serviceAccount: sa }, { error: "service account token has been invalidated" }],
    ["secret recreated", { ...k8s, secret: { name: "s", uid: "su" } }, { serviceAccount: sa, secret: obj("x") }, { error: "secret UID (x) does not match service account secret ref claim (su)" }],
    ["pod gone", { ...k8s, pod: { name: "p", uid: "pu" } }, { serviceAccount: sa }, { error: "service account token has been invalidated" }],
    ["pod recreated", { ...k8s, pod: { name: "p", uid: "pu" } }, { serviceAccount: sa, pod: obj("x") }, { error: "pod UID (x) does not match service account pod ref claim (pu)" }],
    ["pod past grace + leeway", { ...k8s, pod: { name: "p", uid: "pu" } }, { serviceAccount: sa, pod: obj("pu", ago(61)) }, { error: "service account token has been invalidated" }],
    ["pod terminating, grace not over", { ...k8s, pod: { name: "p", uid: "pu" } }, { serviceAccount: sa, pod: obj("pu", new Date(now + 30_000).toISOString()) }, { namespace: "ns", name: "sa", uid: "sa-uid", podName: "p", podUid: "pu", credentialId: "JTI=j" }],
    ["pod's node is not checked", { ...k8s, pod: { name: "p", uid: "pu" }, node: { name: "n", uid: "nu" } }, { serviceAccount: sa, pod: obj("pu") }, { namespace: "ns", name: "sa", uid: "sa-uid", podName: "p", podUid: "pu", nodeName: "n", nodeUid: "nu", credentialId: "JTI=j" }],
    ["node gone", { ...k8s, node: { name: "n", uid: "nu" } }, { serviceAccount: sa }, { error: "service account token has been invalidated" }],
    ["node recreated", { ...k8s, node: { name: "n", uid: "nu" } }, { serviceAccount: sa, node: obj("x") }, { error: "node UID (x) does not match service account node ref claim (nu)" }],
  ])("%s", (_n, claim, found, want) => {
    expect(checkBoundObjects(claim, found, now, "j")).toEqual(want);
  });
});

describe("serviceAccountUser", () => {
  const groups = ["system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"];
  it.each([
    ["plain", { namespace: "ns", name: "sa", uid: "u" }, { username: "system:serviceaccount:ns:sa", uid: "u", groups }],
    [
      "pod, node and credential id",
      { namespace: "ns", name: "sa", uid: "u", podName: "p", podUid: "pu", nodeName: "n", nodeUid: "nu", credentialId: "JTI=j" },
      {
        username: "system:serviceaccount:ns:sa",
        uid: "u",
        groups,
        extra: {
          "authentication.kubernetes.io/credential-id": ["JTI=j"],
          "authentication.kubernetes.io/node-name": ["n"],
          "authentication.kubernetes.io/node-uid": ["nu"],
          "authentication.kubernetes.io/pod-name": ["p"],
          "authentication.kubernetes.io/pod-uid": ["pu"],
        },
      },
    ],
    ["a node without uid", { namespace: "ns", name: "sa", uid: "u", nodeName: "n" }, { username: "system:serviceaccount:ns:sa", uid: "u", groups, extra: { "authentication.kubernetes.io/node-name": ["n"] } }],
  ])("%s", (_n, info, want) => {
    expect(serviceAccountUser(info)).toEqual(want);
  });
});

describe("signing keys", () => {
  it.each([
    ['{"kty":"RSA","n":"n","e":"e","d":"d"}', { jwk: { kty: "RSA", n: "n", e: "e", d: "d" } }],
    ['{"kty":"RSA","n":"n","e":"e"}', { error: "not a private RSA JWK" }],
    ['{"kty":"EC","d":"d"}', { error: "not a private RSA JWK" }],
    ["{nope", { error: "invalid JWK JSON" }],
    ["-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", { pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }],
    ["-----BEGIN RSA PRIVATE KEY-----\nAAAA", { error: "neither a JWK nor a PKCS#8 PEM private key" }],
  ])("parseKeyEntry %s", (text, want) => {
    expect(parseKeyEntry(text)).toEqual(want);
  });
});

describe("signing key admin actions", () => {
  const key = (kid: string): StoredSigningKey => ({ kid, jwk: { kty: "RSA", n: `n-${kid}`, e: "AQAB", d: `d-${kid}` }, created: "2025-01-01T00:00:00Z" });
  const doc = signingKeysDocument([key("a"), key("b")], "b");
  const kids = (d: unknown) => (d as { keys: StoredSigningKey[] }).keys.map((k) => k.kid);

  it.each([
    ["rotate", { action: "rotate" }, { action: "rotate" }],
    ["rotate ignores a kid", { action: "rotate", kid: "x" }, { action: "rotate" }],
    ["activate", { action: "activate", kid: "a" }, { action: "activate", kid: "a" }],
    ["remove", { action: "remove", kid: "a" }, { action: "remove", kid: "a" }],
    ["remove without kid", { action: "remove" }, { code: 400, reason: "BadRequest", message: '"kid" is required for action "remove"' }],
    ["an empty kid", { action: "activate", kid: "" }, { code: 400, reason: "BadRequest", message: '"kid" is required for action "activate"' }],
    ["a kid that is not a string", { action: "activate", kid: 7 }, { code: 400, reason: "BadRequest", message: '"kid" is required for action "activate"' }],
    ["an unknown action", { action: "Rotate" }, { code: 400, reason: "BadRequest", message: 'unsupported action "Rotate": must be one of "rotate", "activate", "remove"' }],
    ["a string", "rotate", { code: 400, reason: "BadRequest", message: 'the request body must be a JSON object with "action": one of "rotate", "activate", "remove"' }],
    ["no body", undefined, { code: 400, reason: "BadRequest", message: 'the request body must be a JSON object with "action": one of "rotate", "activate", "remove"' }],
  ])("parseSigningKeyAction: %s", (_n, body, want) => {
    expect(parseSigningKeyAction(body)).toEqual(want);
  });

  it.each([
    ["rotate appends the new key and activates it", { action: "rotate" } as const, { active: "c", kids: ["a", "b", "c"] }],
    ["activate another key", { action: "activate", kid: "a" } as const, { active: "a", kids: ["a", "b"] }],
    ["remove an inactive key", { action: "remove", kid: "a" } as const, { active: "b", kids: ["b"] }],
    ["remove the active key", { action: "remove", kid: "b" } as const, { code: 409, reason: "Conflict", message: 'cannot remove the active service account signing key "b": activate another key first' }],
    ["remove an unknown key", { action: "remove", kid: "z" } as const, { code: 404, reason: "NotFound", message: 'service account signing key "z" not found' }],
    ["activate an unknown key", { action: "activate", kid: "z" } as const, { code: 404, reason: "NotFound", message: 'service account signing key "z" not found' }],
  ])("applySigningKeyAction: %s", (_n, action, want) => {
    const next = applySigningKeyAction(doc, action, key("c"));
    if ("code" in want) expect(next).toEqual(want);
    else expect({ active: (next as { active: string }).active, kids: kids(next) }).toEqual(want);
    expect(kids(doc)).toEqual(["a", "b"]); // the input is left as it was
  });

  it("activating the active key changes nothing (the same value: no write)", () => {
    expect(applySigningKeyAction(doc, { action: "activate", kid: "b" })).toBe(doc);
  });

  it(`refuses a rotation at ${MAX_SIGNING_KEYS} keys`, () => {
    const full = signingKeysDocument(Array.from({ length: MAX_SIGNING_KEYS }, (_, i) => key(`k${i}`)));
    expect(applySigningKeyAction(full, { action: "rotate" }, key("c"))).toMatchObject({ code: 409, reason: "Conflict" });
  });

  it("the public view has no private parameter", () => {
    expect(publicSigningKeys(doc)).toEqual({
      active: "b",
      keys: ["a", "b"].map((kid) => ({
        kid,
        created: "2025-01-01T00:00:00Z",
        publicJwk: { use: "sig", kty: "RSA", kid, alg: "RS256", n: `n-${kid}`, e: "AQAB" },
      })),
    });
  });
});

describe("TokenRequest rules", () => {
  it.each([
    [599, ["spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes"]],
    [600, []],
    [2 ** 32, []],
    [2 ** 32 + 1, ["spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds"]],
  ])("validateTokenRequestSpec expirationSeconds=%d", (expirationSeconds, want) => {
    expect(validateTokenRequestSpec({ expirationSeconds }).map((e) => `${e.field}: ${e.message}`)).toEqual(want);
  });

  it.each([
    ["v1", { group: "", version: "v1" }],
    ["apps/v1", { group: "apps", version: "v1" }],
    ["", { group: "", version: "" }],
    ["a/b/c", { group: "", version: "" }],
  ])("groupOfApiVersion %j", (apiVersion, want) => {
    expect(groupOfApiVersion(apiVersion)).toEqual(want);
  });

  it.each([
    [{ kind: "Pod", apiVersion: "v1" }, "pods"],
    [{ kind: "Secret", apiVersion: "v1" }, "secrets"],
    [{ kind: "Node", apiVersion: "v1" }, "nodes"],
    [{ kind: "Pod", apiVersion: "apps/v1" }, undefined],
    [{ kind: "ConfigMap", apiVersion: "v1" }, undefined],
  ])("boundResourceOf %o", (ref, want) => {
    expect(boundResourceOf(ref)).toBe(want);
  });

  it.each([
    ["pod-bound 3607 s for the API", 3607, true, ["https://iss"], { exp: 31536000, warnAfter: 3607 }],
    ["not pod-bound", 3607, false, ["https://iss"], { exp: 3607, warnAfter: 0 }],
    ["another audience", 3607, true, ["vault"], { exp: 3607, warnAfter: 0 }],
    ["another lifetime", 3600, true, ["https://iss"], { exp: 3600, warnAfter: 0 }],
  ])("tokenLifetime: %s", (_n, seconds, podBound, audiences, want) => {
    expect(tokenLifetime(seconds, podBound, audiences, ["https://iss"])).toEqual(want);
  });
});
