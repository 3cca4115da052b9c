/** ServiceAccount admission decisions (plugin/pkg/admission/serviceaccount). */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import {
  DEFAULT_API_TOKEN_MOUNT_PATH,
  enforcesMountableSecrets,
  ephemeralSecretsViolation,
  mirrorPodViolation,
  mountableSecretsViolation,
  mountServiceAccountToken,
  shouldAutomount,
  tokenVolumeSource,
} from "../../../worker/admission/service-account-rules";

const sa = (extra: KubeObject = {}): KubeObject => ({ metadata: { name: "builder", ...(extra.metadata ?? {}) }, ...extra });

describe("shouldAutomount", () => {
  it.each<[string, boolean | undefined, boolean | undefined, boolean]>([
    ["neither says: mount", undefined, undefined, true],
    ["the account says no", undefined, false, false],
    ["the pod says yes over the account", true, false, true],
    ["the pod says no", false, true, false],
  ])("%s", (_name, onPod, onAccount, expected) => {
    const pod = { spec: onPod === undefined ? {} : { automountServiceAccountToken: onPod } };
    const account = onAccount === undefined ? {} : { automountServiceAccountToken: onAccount };
    expect(shouldAutomount(pod, account)).toBe(expected);
  });
});

describe("mountServiceAccountToken", () => {
  const mount = { name: "kube-api-access-abcde", readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH };

  it("adds the projected volume and a read-only mount to every container and init container", () => {
    const spec: KubeObject = { containers: [{ name: "a" }, { name: "b", volumeMounts: [{ name: "x", mountPath: "/x" }] }], initContainers: [{ name: "i" }] };
    mountServiceAccountToken(spec, () => "kube-api-access-abcde");
    expect(spec.volumes).toEqual([{ name: "kube-api-access-abcde", projected: tokenVolumeSource() }]);
    expect(spec.containers[0].volumeMounts).toEqual([mount]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: "x", mountPath: "/x" }, mount]);
    expect(spec.initContainers[0].volumeMounts).toEqual([mount]);
  });

  it("the projected source is upstream's: token 3607 s, kube-root-ca.crt, namespace; mode 0644", () => {
    expect(tokenVolumeSource()).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    });
  });

  it("containers that already mount the path are left alone; no volume when none needs it", () => {
    const own = { name: "mine", mountPath: DEFAULT_API_TOKEN_MOUNT_PATH };
    const spec: KubeObject = { containers: [{ name: "a", volumeMounts: [own] }] };
    mountServiceAccountToken(spec, () => "kube-api-access-abcde");
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].volumeMounts).toEqual([own]);
  });

  it("an existing kube-api-access-* volume is reused, not duplicated", () => {
    const spec: KubeObject = { containers: [{ name: "a" }], volumes: [{ name: "kube-api-access-zzzzz", projected: tokenVolumeSource() }] };
    mountServiceAccountToken(spec, () => "kube-api-access-abcde");
    expect(spec.volumes).toHaveLength(1);
    expect(spec.containers[0].volumeMounts[0].name).toBe("kube-api-access-zzzzz");
  });
});

describe("mirrorPodViolation", () => {
  it.each<[string, KubeObject, string | undefined]>([
    ["plain mirror pod", { containers: [{ name: "a" }] }, undefined],
    ["service account", { serviceAccountName: "x", containers: [] }, "a mirror pod may not reference service accounts"],
    ["secret volume", { volumes: [{ name: "s", secret: { secretName: "s" } }] }, "a mirror pod may not reference secrets"],
    ["secret env", { containers: [{ name: "a", env: [{ name: "E", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] }] }, "a mirror pod may not reference secrets"],
    ["pull secret", { imagePullSecrets: [{ name: "reg" }] }, "a mirror pod may not reference secrets"],
    ["token projection", { volumes: [{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } }] }, "a mirror pod may not use ServiceAccountToken volume projections"],
  ])("%s", (_name, spec, expected) => {
    expect(mirrorPodViolation(spec)).toBe(expected);
  });
});

describe("mountable secrets", () => {
  const enforcing = sa({ metadata: { name: "builder", annotations: { "kubernetes.io/enforce-mountable-secrets": "true" } }, secrets: [{ name: "ok" }], imagePullSecrets: [{ name: "reg" }] });

  it.each([["true", true], ["1", true], ["T", true], ["false", false], ["yes", false]])("annotation %s → %s", (value, expected) => {
    expect(enforcesMountableSecrets({ metadata: { annotations: { "kubernetes.io/enforce-mountable-secrets": value } } })).toBe(expected);
  });

  it.each<[string, KubeObject, string | undefined]>([
    ["listed secrets pass", { volumes: [{ name: "v", secret: { secretName: "ok" } }], imagePullSecrets: [{ name: "reg" }] }, undefined],
    [
      "unlisted secret volume",
      { volumes: [{ name: "v", secret: { secretName: "nope" } }] },
      'volume with secret.secretName="nope" is not allowed because service account builder does not reference that secret',
    ],
    [
      "unlisted env secret in an init container",
      { initContainers: [{ name: "i", env: [{ name: "E", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }] }] },
      'init container i with envVar E referencing secret.secretName="nope" is not allowed because service account builder does not reference that secret',
    ],
    [
      "unlisted envFrom secret",
      { containers: [{ name: "c", envFrom: [{ secretRef: { name: "nope" } }] }] },
      'container c with envFrom referencing secret.secretName="nope" is not allowed because service account builder does not reference that secret',
    ],
    [
      "unlisted pull secret",
      { imagePullSecrets: [{ name: "reg" }, { name: "other" }] },
      'imagePullSecrets[1].name="other" is not allowed because service account builder does not reference that imagePullSecret',
    ],
  ])("%s", (_name, spec, expected) => {
    expect(mountableSecretsViolation(enforcing, spec)).toBe(expected);
  });

  it("ephemeral containers are checked only when the account enforces", () => {
    const spec = { ephemeralContainers: [{ name: "dbg", env: [{ name: "E", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }] }] };
    expect(ephemeralSecretsViolation(sa(), spec)).toBeUndefined();
    expect(ephemeralSecretsViolation(enforcing, spec)).toBe(
      'ephemeral container dbg with envVar E referencing secret.secretName="nope" is not allowed because service account builder does not reference that secret',
    );
  });
});
