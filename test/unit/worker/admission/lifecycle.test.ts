/**
 * Object lifecycle on create and update (apiserver registry/rest BeforeCreate / BeforeUpdate, the kinds'
 * PrepareForCreate / PrepareForUpdate), against ResourceEntries from the real registry.
 */
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { ResourceEntry } from "../../../../schema/registry-core";
import type { KubeObject } from "../../../../schema/types";
import { generatedName, prepareForCreate, prepareForUpdate, specChanged } from "../../../../worker/admission/lifecycle";

const entry = (group: string, resource: string): ResourceEntry => {
  const e = registry.lookup(group, "v1", resource);
  if (!e) throw new Error(`no ${group}/${resource}`);
  return e;
};
const DEPLOYMENTS = entry("apps", "deployments");
const CONFIGMAPS = entry("", "configmaps");
const PODS = entry("", "pods");
const NAMESPACES = entry("", "namespaces");

const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const NOW = "2024-05-01T10:00:00Z";
const sequence = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe("generatedName (names.SimpleNameGenerator)", () => {
  it.each<[string, number[], string]>([
    ["web-", [0], "web-bbbbb"],
    ["web-", [0.9999], "web-99999"],
    ["", [0], "bbbbb"],
    ["x", [0, 1 / 27, 2 / 27, 3 / 27, 26 / 27], "xbcdf9"],
    ["a".repeat(58), [0], "a".repeat(58) + "bbbbb"],
    ["a".repeat(59), [0], "a".repeat(58) + "bbbbb"],
    ["b".repeat(100), [0.5], "b".repeat(58) + ALPHABET[13].repeat(5)],
  ])("%s with random %o → %s", (prefix, random, want) => {
    expect(generatedName(prefix, sequence(random))).toBe(want);
  });

  it("draws every suffix character from the no-vowel alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < ALPHABET.length; i++) {
      const name = generatedName("p-", () => i / ALPHABET.length);
      seen.add(name.slice(2, 3));
    }
    expect([...seen].join("")).toBe(ALPHABET);
    expect(generatedName("p-")).toMatch(new RegExp(`^p-[${ALPHABET}]{5}$`));
  });
});

describe("prepareForCreate", () => {
  const facts = { now: NOW, uid: "u-1", namespace: "ns", random: () => 0 };
  it.each<[string, ResourceEntry, KubeObject, KubeObject]>([
    [
      "a ConfigMap: system fields set, client-set ones dropped, no generation",
      CONFIGMAPS,
      {
        data: { a: "b" },
        metadata: {
          name: "c",
          namespace: "other",
          uid: "client",
          resourceVersion: "9",
          generation: 4,
          selfLink: "/x",
          deletionTimestamp: NOW,
          deletionGracePeriodSeconds: 3,
          creationTimestamp: "2000-01-01T00:00:00Z",
        },
        apiVersion: "v1",
        kind: "ConfigMap",
      },
      {
        kind: "ConfigMap",
        apiVersion: "v1",
        metadata: { name: "c", namespace: "ns", uid: "u-1", creationTimestamp: NOW },
        data: { a: "b" },
      },
    ],
    [
      "generateName fills a missing name",
      CONFIGMAPS,
      { metadata: { generateName: "cm-" } },
      { kind: "ConfigMap", apiVersion: "v1", metadata: { generateName: "cm-", name: "cm-bbbbb", namespace: "ns", uid: "u-1", creationTimestamp: NOW } },
    ],
    [
      "generateName leaves a given name alone",
      CONFIGMAPS,
      { metadata: { name: "given", generateName: "cm-" } },
      { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "given", generateName: "cm-", namespace: "ns", uid: "u-1", creationTimestamp: NOW } },
    ],
    [
      "null metadata fields are dropped",
      CONFIGMAPS,
      { metadata: { name: "c", labels: null, annotations: null } },
      { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "c", namespace: "ns", uid: "u-1", creationTimestamp: NOW } },
    ],
    [
      "a Deployment starts at generation 1 with its status reset",
      DEPLOYMENTS,
      { metadata: { name: "d", generation: 7 }, spec: { replicas: 2 }, status: { replicas: 5 } },
      {
        kind: "Deployment",
        apiVersion: "apps/v1",
        metadata: { name: "d", generation: 1, namespace: "ns", uid: "u-1", creationTimestamp: NOW },
        spec: { replicas: 2 },
        status: {},
      },
    ],
    [
      "a Namespace is cluster-scoped: its namespace is dropped, status reset, the kubernetes finalizer added",
      NAMESPACES,
      { metadata: { name: "team", namespace: "x" }, status: { phase: "Terminating" } },
      { kind: "Namespace", apiVersion: "v1", metadata: { name: "team", uid: "u-1", creationTimestamp: NOW }, spec: { finalizers: ["kubernetes"] }, status: {} },
    ],
    [
      "a Pod gets an empty status for defaulting to fill",
      PODS,
      { metadata: { name: "p" }, spec: { containers: [] }, status: { phase: "Running" } },
      { kind: "Pod", apiVersion: "v1", metadata: { name: "p", namespace: "ns", uid: "u-1", creationTimestamp: NOW }, spec: { containers: [] }, status: {} },
    ],
  ])("%s", (_, e, obj, want) => {
    prepareForCreate(e, obj, facts);
    expect(obj).toEqual(want);
    expect(Object.keys(obj).slice(0, 3)).toEqual(["kind", "apiVersion", "metadata"]);
  });

  it("creates metadata when the body has none", () => {
    const obj: KubeObject = {};
    prepareForCreate(CONFIGMAPS, obj, facts);
    expect(obj.metadata).toEqual({ namespace: "ns", uid: "u-1", creationTimestamp: NOW });
  });
});

describe("prepareForUpdate", () => {
  const oldDeployment = (): KubeObject => ({
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: "d",
      namespace: "ns",
      uid: "u-1",
      creationTimestamp: NOW,
      generation: 3,
      resourceVersion: "10",
      labels: { app: "d" },
      finalizers: ["f"],
      ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "o-1" }],
    },
    spec: { replicas: 1 },
    status: { replicas: 1 },
  });

  it.each<[string, ResourceEntry, () => KubeObject, (o: KubeObject) => KubeObject, string | undefined, (o: KubeObject) => void]>([
    [
      "a spec change bumps generation; status comes from the stored object",
      DEPLOYMENTS,
      oldDeployment,
      (o) => ({ ...o, spec: { replicas: 3 }, status: { replicas: 99 } }),
      undefined,
      (got) => {
        expect(got.metadata.generation).toBe(4);
        expect(got.spec).toEqual({ replicas: 3 });
        expect(got.status).toEqual({ replicas: 1 });
      },
    ],
    [
      "a metadata-only change keeps generation",
      DEPLOYMENTS,
      oldDeployment,
      (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: "e" } } }),
      undefined,
      (got) => {
        expect(got.metadata.generation).toBe(3);
        expect(got.metadata.labels).toEqual({ app: "e" });
      },
    ],
    [
      "the client cannot set generation",
      DEPLOYMENTS,
      oldDeployment,
      (o) => ({ ...o, metadata: { ...o.metadata, generation: 50 } }),
      undefined,
      (got) => expect(got.metadata.generation).toBe(3),
    ],
    [
      "system fields come from the stored object; a client deletionTimestamp is dropped",
      DEPLOYMENTS,
      oldDeployment,
      (o) => ({
        ...o,
        metadata: {
          ...o.metadata,
          uid: "forged",
          creationTimestamp: "1999-01-01T00:00:00Z",
          deletionTimestamp: NOW,
          deletionGracePeriodSeconds: 5,
          selfLink: "/x",
          namespace: "elsewhere",
        },
      }),
      undefined,
      (got) => {
        expect(got.metadata).toMatchObject({ uid: "u-1", creationTimestamp: NOW, namespace: "ns", name: "d" });
        expect(got.metadata).not.toHaveProperty("deletionTimestamp");
        expect(got.metadata).not.toHaveProperty("deletionGracePeriodSeconds");
        expect(got.metadata).not.toHaveProperty("selfLink");
      },
    ],
    [
      "a terminating object keeps its deletionTimestamp and grace period",
      DEPLOYMENTS,
      () => {
        const o = oldDeployment();
        o.metadata.deletionTimestamp = NOW;
        o.metadata.deletionGracePeriodSeconds = 0;
        return o;
      },
      (o) => ({ ...o, metadata: { ...o.metadata, deletionTimestamp: undefined, deletionGracePeriodSeconds: undefined } }),
      undefined,
      (got) => expect(got.metadata).toMatchObject({ deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 }),
    ],
    [
      "a status write keeps spec, takes status and metadata (deployments pin only labels)",
      DEPLOYMENTS,
      oldDeployment,
      (o) => ({
        ...o,
        spec: { replicas: 8 },
        status: { replicas: 2, readyReplicas: 2 },
        metadata: { ...o.metadata, finalizers: [], ownerReferences: [] },
      }),
      "status",
      (got) => {
        expect(got.spec).toEqual({ replicas: 1 });
        expect(got.status).toEqual({ replicas: 2, readyReplicas: 2 });
        expect(got.metadata.finalizers).toEqual([]);
        expect(got.metadata.ownerReferences).toEqual([]);
        expect(got.metadata.generation).toBe(3);
      },
    ],
    [
      "a status write drops top-level fields the body invents",
      DEPLOYMENTS,
      oldDeployment,
      (o) => ({ ...o, extra: 1, status: { replicas: 0 } }),
      "status",
      (got) => {
        expect(got).not.toHaveProperty("extra");
        expect(specChanged(oldDeployment(), got)).toBe(false);
      },
    ],
    [
      "a stored object without status keeps none",
      DEPLOYMENTS,
      () => {
        const o = oldDeployment();
        delete o.status;
        return o;
      },
      (o) => ({ ...o, status: { replicas: 4 } }),
      undefined,
      (got) => expect(got).not.toHaveProperty("status"),
    ],
    [
      "a stored object without generation counts as 1",
      DEPLOYMENTS,
      () => {
        const o = oldDeployment();
        delete o.metadata.generation;
        return o;
      },
      (o) => ({ ...o, spec: { replicas: 2 } }),
      undefined,
      (got) => expect(got.metadata.generation).toBe(2),
    ],
    [
      "a ConfigMap has no generation and no status subresource",
      CONFIGMAPS,
      () => ({ kind: "ConfigMap", apiVersion: "v1", metadata: { name: "c", namespace: "ns", uid: "u" }, data: { a: "1" } }),
      (o) => ({ data: { a: "2" }, metadata: { ...o.metadata, generation: 5, labels: null } }),
      undefined,
      (got) => {
        expect(got).toEqual({ kind: "ConfigMap", apiVersion: "v1", metadata: { name: "c", namespace: "ns", uid: "u" }, data: { a: "2" } });
        expect(Object.keys(got)).toEqual(["kind", "apiVersion", "metadata", "data"]);
      },
    ],
  ])("%s", (_, e, makeOld, edit, subresource, check) => {
    const old = makeOld();
    const obj = edit(structuredClone(old));
    prepareForUpdate(e, old, obj, subresource);
    check(obj);
  });

  // The built-in status strategies reset the spec; deploymentStatusStrategy also pins labels, podStatusStrategy
  // ownerReferences; other metadata goes through.
  it.each<[string, ResourceEntry, string[]]>([
    ["deployments", DEPLOYMENTS, ["labels"]],
    ["pods", PODS, ["ownerReferences"]],
    ["configmaps", CONFIGMAPS, []],
  ])("a %s/status write pins metadata %j", (_, e, pinned) => {
    const old: KubeObject = {
      metadata: {
        name: "x",
        uid: "u",
        labels: { a: "1" },
        annotations: { b: "2" },
        finalizers: ["f"],
        ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "o" }],
      },
      spec: {},
      status: {},
    };
    const edits: KubeObject = { labels: { a: "9" }, annotations: { b: "9" }, finalizers: ["g"], ownerReferences: [] };
    const obj: KubeObject = { metadata: { ...old.metadata, ...edits }, spec: {}, status: { phase: "x" } };
    prepareForUpdate(e, old, obj, "status");
    for (const k of Object.keys(edits)) expect(obj.metadata[k]).toEqual(pinned.includes(k) ? old.metadata[k] : edits[k]);
    expect(obj.status).toEqual({ phase: "x" });
  });

  // deploymentStatusStrategy.PrepareForUpdate resets only Spec and Labels (not ResetObjectMetaForStatus):
  // annotations and finalizers written through deployments/status are kept.
  it("a deployments/status write may change annotations", () => {
    const old = oldDeployment();
    const obj = structuredClone(old);
    obj.metadata.annotations = { note: "from-status" };
    prepareForUpdate(DEPLOYMENTS, old, obj, "status");
    expect(obj.metadata.annotations).toEqual({ note: "from-status" });
  });
});
