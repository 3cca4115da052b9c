import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { referencedObjects, tokenKey, tokenRefreshAtMs } from "../../../../worker/kubelet/pod-env/references";
import { tokenVolumeSource } from "../../../../worker/admission/service-account-rules";
import { pod } from "./fixtures";

describe("referencedObjects", () => {
  it.each<[string, KubeObject, ReturnType<typeof referencedObjects>]>([
    ["nothing referenced", {}, { configMaps: [], secrets: [], serviceAccountTokens: [] }],
    [
      "env, envFrom and volumes, each name once, first met first",
      {
        initContainers: [{ name: "init", envFrom: [{ secretRef: { name: "init-creds" } }] }],
        containers: [
          {
            name: "app",
            envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "creds" } }],
            env: [
              { name: "A", valueFrom: { configMapKeyRef: { name: "cfg", key: "a" } } },
              { name: "B", valueFrom: { secretKeyRef: { name: "other", key: "b" } } },
              { name: "C", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            ],
          },
        ],
        ephemeralContainers: [{ name: "debug", envFrom: [{ configMapRef: { name: "debug-cfg" } }] }],
        volumes: [
          { name: "conf", configMap: { name: "files" } },
          { name: "tls", secret: { secretName: "tls" } },
          { name: "scratch", emptyDir: {} },
          {
            name: "bundle",
            projected: {
              sources: [
                { configMap: { name: "cfg" } },
                { secret: { name: "bundle-secret" } },
                { serviceAccountToken: { path: "vault-token", audience: "vault", expirationSeconds: 600 } },
                { serviceAccountToken: { path: "token" } },
              ],
            },
          },
        ],
      },
      {
        configMaps: ["cfg", "debug-cfg", "files"],
        secrets: ["init-creds", "creds", "other", "tls", "bundle-secret"],
        serviceAccountTokens: [
          { volume: "bundle", path: "vault-token", audience: "vault", expirationSeconds: 600 },
          { volume: "bundle", path: "token", audience: "", expirationSeconds: 3600 },
        ],
      },
    ],
    [
      "the API-access volume the ServiceAccount admission adds",
      { volumes: [{ name: "kube-api-access-x1", projected: tokenVolumeSource() }] },
      {
        configMaps: ["kube-root-ca.crt"],
        secrets: [],
        serviceAccountTokens: [{ volume: "kube-api-access-x1", path: "token", audience: "", expirationSeconds: 3607 }],
      },
    ],
  ])("%s", (_name, spec, expected) => expect(referencedObjects(pod(spec))).toEqual(expected));

  it("keys tokens by volume and path", () => expect(tokenKey("kube-api-access-x1", "token")).toBe("kube-api-access-x1/token"));
});

describe("tokenRefreshAtMs (token manager requiresRefresh)", () => {
  const t0 = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    ["one hour: at 80%", 3600, t0 + 2880_000],
    ["ten minutes: at 80%", 600, t0 + 480_000],
    ["a year: after 24 hours", 365 * 86400, t0 + 86400_000],
  ])("%s", (_name, seconds, expected) => expect(tokenRefreshAtMs(t0, seconds)).toBe(expected));
});
