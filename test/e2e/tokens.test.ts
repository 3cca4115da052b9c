/**
 * Service-account tokens end to end with the real kubectl: `kubectl create token` (protobuf TokenRequest),
 * the token used with `kubectl auth whoami --token`, a pod-bound token that dies with its pod, the server's
 * validation error, and the token verified against the served JWKS with `jose` as an outside system would.
 */
import { createHash, createPublicKey } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok } = kc;
const ISSUER = "https://kubernetes.default.svc.cluster.local";

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));

async function whoami(token: string) {
  return kc.run(["auth", "whoami", "--token", token, "-o", "json"]);
}

describe("kubectl create token", () => {
  it("issues a token that kubectl can use (auth whoami --token)", async () => {
    const ns = await kc.namespace("tok");
    await ok(["-n", ns, "create", "serviceaccount", "bot"]);
    const token = await ok(["-n", ns, "create", "token", "bot", "--duration=15m", `--audience=${ISSUER}`, "--audience=https://vault.example"]);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = payloadOf(token);
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.aud).toEqual([ISSUER, "https://vault.example"]);
    const res = await whoami(token);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).status.userInfo).toEqual({
      username: `system:serviceaccount:${ns}:bot`,
      uid: (await kc.json(["-n", ns, "get", "sa", "bot"])).metadata.uid,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
      extra: { "authentication.kubernetes.io/credential-id": [`JTI=${claims.jti}`] },
    });
  });

  it("binds a token to a pod; it stops working when the pod is gone", async () => {
    const ns = await kc.namespace("tokpod");
    await ok(["-n", ns, "create", "serviceaccount", "bot"]);
    await ok(["-n", ns, "apply", "-f", "-"], {
      stdin: JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "worker" },
        spec: { serviceAccountName: "bot", containers: [{ name: "c", image: "nginx" }] },
      }),
    });
    const token = await ok(["-n", ns, "create", "token", "bot", "--bound-object-kind=Pod", "--bound-object-name=worker"]);
    expect(payloadOf(token)["kubernetes.io"].pod.name).toBe("worker");
    const before = await whoami(token);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout).status.userInfo.extra["authentication.kubernetes.io/pod-name"]).toEqual(["worker"]);
    await ok(["-n", ns, "delete", "pod", "worker", "--grace-period=0", "--force"]);
    const after = await whoami(token);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain("Unauthorized");
  });

  it("refuses a duration under 10 minutes with upstream's message", async () => {
    const ns = await kc.namespace("tokshort");
    await ok(["-n", ns, "create", "serviceaccount", "bot"]);
    const res = await kc.fail(["-n", ns, "create", "token", "bot", "--duration=5m"]);
    expect(res.stderr).toContain('TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes');
  });
});

describe("issuer discovery", () => {
  it("an outside verifier accepts the token with the served JWKS (jose)", async () => {
    const ns = await kc.namespace("tokjwks");
    await ok(["-n", ns, "create", "serviceaccount", "bot"]);
    const token = await ok(["-n", ns, "create", "token", "bot", "--audience=https://vault.example"]);
    const server = kc.server();
    const config = JSON.parse((await server.fetch("/.well-known/openid-configuration")).body);
    expect(config).toEqual({
      issuer: ISSUER,
      jwks_uri: `${server.url}/openid/v1/jwks`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
    });
    const jwksRes = await server.fetch("/openid/v1/jwks");
    expect(jwksRes.headers["content-type"]).toBe("application/jwk-set+json");
    const jwks = JSON.parse(jwksRes.body);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER, audience: "https://vault.example" });
    expect(payload.sub).toBe(`system:serviceaccount:${ns}:bot`);
    // The key id is upstream's derivation, recomputed here with Node's own crypto.
    for (const key of jwks.keys) {
      const der = createPublicKey({ key, format: "jwk" }).export({ type: "spki", format: "der" });
      expect(key.kid).toBe(createHash("sha256").update(der).digest("base64url"));
    }
  });
});

describe("signing key rotation with kubectl (get --raw / create --raw)", () => {
  const PATH = "/admin/serviceaccount-signing-keys";
  const kidOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8")).kid;

  it("rotate, then remove the old key: old tokens verify until then, the active key cannot be removed", async () => {
    const ns = await kc.namespace("tokrot");
    await ok(["-n", ns, "create", "serviceaccount", "bot"]);
    const before = JSON.parse(await ok(["get", "--raw", PATH]));
    const oldToken = await ok(["-n", ns, "create", "token", "bot"]);
    expect(kidOf(oldToken)).toBe(before.active);

    const rotated = JSON.parse(await ok(["create", "--raw", PATH, "-f", "-"], { stdin: '{"action":"rotate"}' }));
    expect(rotated.active).not.toBe(before.active);
    expect(rotated.keys.map((k: { kid: string }) => k.kid)).toEqual([...before.keys.map((k: { kid: string }) => k.kid), rotated.active]);
    const newToken = await ok(["-n", ns, "create", "token", "bot"]);
    expect(kidOf(newToken)).toBe(rotated.active);
    expect((await whoami(oldToken)).code).toBe(0);

    const refused = await kc.fail(["create", "--raw", PATH, "-f", "-"], { stdin: JSON.stringify({ action: "remove", kid: rotated.active }) });
    expect(refused.stderr).toContain(`cannot remove the active service account signing key "${rotated.active}"`);

    for (const k of before.keys) await ok(["create", "--raw", PATH, "-f", "-"], { stdin: JSON.stringify({ action: "remove", kid: k.kid }) });
    const after = await whoami(oldToken);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain("Unauthorized");
    expect((await whoami(newToken)).code).toBe(0);
  });
});
