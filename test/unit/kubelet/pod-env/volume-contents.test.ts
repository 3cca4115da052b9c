import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { tokenVolumeSource } from "../../../../worker/admission/service-account-rules";
import { volumeContents, volumeSourceKind, type VolumeInputs } from "../../../../worker/kubelet/pod-env/volume-contents";
import { configMaps, pod, secrets } from "./fixtures";

const inputs: VolumeInputs = {
  configMaps: { ...configMaps, "kube-root-ca.crt": { data: { "ca.crt": "-----BEGIN CERTIFICATE-----\n" } } },
  secrets,
  tokens: { "kube-api-access-x1/token": "eyJ.sa.token", "vault/vault-token": "eyJ.vault.token" },
  nodeAllocatable: { cpu: "2", memory: "4Gi" },
};

const contents = (volumes: KubeObject[], over: Partial<VolumeInputs> = {}) =>
  volumeContents(pod({ volumes, containers: [{ name: "app", resources: { limits: { memory: "1Gi" } } }] }), { ...inputs, ...over });

describe("volumeSourceKind", () => {
  it.each([
    [{ name: "a", configMap: { name: "x" } }, "configMap"],
    [{ name: "a", persistentVolumeClaim: { claimName: "c" } }, "persistentVolumeClaim"],
    [{ name: "a" }, "emptyDir"],
  ])("%j", (v, expected) => expect(volumeSourceKind(v)).toBe(expected));
});

describe("volumeContents", () => {
  it.each<[string, KubeObject[], Record<string, Record<string, string>>]>([
    ["configMap: every key", [{ name: "conf", configMap: { name: "cfg" } }], { conf: configMaps.cfg.data }],
    ["configMap: items", [{ name: "conf", configMap: { name: "cfg", items: [{ key: "app.conf", path: "conf.d/app.conf" }] } }], { conf: { "conf.d/app.conf": "listen 80\n" } }],
    ["configMap: binaryData", [{ name: "bin", configMap: { name: "bin" } }], { bin: { "blob.bin": "\u00ff\u00fe" } }],
    ["configMap: optional and missing is empty", [{ name: "conf", configMap: { name: "nope", optional: true } }], { conf: {} }],
    ["secret: decoded", [{ name: "tls", secret: { secretName: "creds", items: [{ key: "tls.key", path: "tls.key" }] } }], { tls: { "tls.key": "KEY" } }],
    ["secret: optional and missing is empty", [{ name: "tls", secret: { secretName: "nope", optional: true } }], { tls: {} }],
    [
      "downwardAPI",
      [{ name: "info", downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }, { path: "mem", resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" } }] } }],
      { info: { name: "web-0", mem: "1024" } },
    ],
    ["storage volumes carry no data", [{ name: "scratch", emptyDir: {} }, { name: "data", persistentVolumeClaim: { claimName: "pvc" } }, { name: "eph", ephemeral: {} }, { name: "bare" }], {}],
    [
      "the API-access projected volume",
      [{ name: "kube-api-access-x1", projected: tokenVolumeSource() }],
      { "kube-api-access-x1": { token: "eyJ.sa.token", "ca.crt": "-----BEGIN CERTIFICATE-----\n", namespace: "shop" } },
    ],
    [
      "projected: later sources win, a token under a custom path",
      [
        {
          name: "vault",
          projected: {
            sources: [
              { configMap: { name: "cfg", items: [{ key: "MODE", path: "mode" }] } },
              { configMap: { name: "mode", items: [{ key: "MODE", path: "mode" }] } },
              { secret: { name: "creds", items: [{ key: "USER", path: "user" }] } },
              { serviceAccountToken: { path: "vault-token", audience: "vault" } },
              { secret: { name: "nope", optional: true } },
              { clusterTrustBundle: { path: "bundle.pem", signerName: "example.com/s", optional: true } },
            ],
          },
        },
      ],
      { vault: { mode: "slow", user: "admin", "vault-token": "eyJ.vault.token", "bundle.pem": "" } },
    ],
  ])("%s", (_name, volumes, expected) => expect(contents(volumes)).toEqual({ ok: true, volumes: expected }));

  it("accepts a token keyed by its bare path", () => {
    const got = contents([{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }], { tokens: { token: "bare" } });
    expect(got).toEqual({ ok: true, volumes: { t: { token: "bare" } } });
  });

  it.each<[string, KubeObject[], string[]]>([
    ["a missing ConfigMap", [{ name: "conf", configMap: { name: "nope" } }], ['MountVolume.SetUp failed for volume "conf" : configmap "nope" not found']],
    ["a missing Secret", [{ name: "tls", secret: { secretName: "nope" } }], ['MountVolume.SetUp failed for volume "tls" : secret "nope" not found']],
    [
      "a missing ConfigMap key",
      [{ name: "conf", configMap: { name: "cfg", items: [{ key: "nope", path: "x" }] } }],
      ['MountVolume.SetUp failed for volume "conf" : configmap references non-existent config key: nope'],
    ],
    [
      "a missing Secret key",
      [{ name: "tls", secret: { secretName: "creds", items: [{ key: "nope", path: "x" }] } }],
      ['MountVolume.SetUp failed for volume "tls" : references non-existent secret key: nope'],
    ],
    [
      "projected: failures of all sources aggregated",
      [{ name: "p", projected: { sources: [{ configMap: { name: "nope" } }, { secret: { name: "gone" } }, { serviceAccountToken: { path: "token" } }] } }],
      ['MountVolume.SetUp failed for volume "p" : [configmap "nope" not found, secret "gone" not found, failed to fetch token: no token was requested for p/token]'],
    ],
    [
      "projected: a required trust bundle",
      [{ name: "p", projected: { sources: [{ clusterTrustBundle: { path: "b.pem", signerName: "example.com/s" } }] } }],
      ['MountVolume.SetUp failed for volume "p" : clusterTrustBundle projections are not supported by this kubelet'],
    ],
    ["a volume type this kubelet has no plugin for", [{ name: "host", hostPath: { path: "/var/log" } }], ['MountVolume.SetUp failed for volume "host" : no volume plugin matched']],
    [
      "every failing volume reported",
      [{ name: "a", configMap: { name: "nope" } }, { name: "ok", emptyDir: {} }, { name: "b", secret: { secretName: "gone" } }],
      ['MountVolume.SetUp failed for volume "a" : configmap "nope" not found', 'MountVolume.SetUp failed for volume "b" : secret "gone" not found'],
    ],
  ])("%s", (_name, volumes, messages) => {
    const got = contents(volumes);
    expect(got).toMatchObject({ ok: false, reason: "FailedMount", message: messages[0] });
    if (!got.ok) expect(got.failures.map((f) => f.message)).toEqual(messages);
  });
});
