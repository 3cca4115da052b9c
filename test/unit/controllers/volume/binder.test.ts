/**
 * The persistentvolume-binder loop through the real Worker: static binding to the smallest fit, provisioning by
 * our provisioner (an explicit class and the bootstrap default class), Retain and Delete reclaim, FailedBinding
 * without class or volume, and a converged pair costing no write. The storage deleter is injected where its calls
 * are checked (the loop paused meanwhile, so only the test's pass acts).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../../../../schema/registry";
import type { Env } from "../../../../worker/env";
import { ControllerApi } from "../../../../worker/controllers/framework/api";
import {
  bootstrapDefaultStorageClass,
  claimKey,
  newVolumeBinderLoop,
  volumeBinderLoop,
  volumeKey,
} from "../../../../worker/controllers/volume";
import { del, freshNamespace, get, post } from "../../api/client";
import { eventsFor, eventually, type Obj } from "../kwok";
import { paused } from "../paused";

const ENV = env as unknown as Env;
const api = () => new ControllerApi(ENV, registry, volumeBinderLoop.user, volumeBinderLoop.component);
const PROVISIONER = "kube-edge.dev/durable-object";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

async function create(path: string, obj: Obj): Promise<Obj> {
  const res = await post(path, obj);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const storageClass = (name: string, reclaimPolicy: string) =>
  create("/apis/storage.k8s.io/v1/storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: PROVISIONER, reclaimPolicy });

const volume = (name: string, size: string, cls: string, extra: Obj = {}) =>
  create("/api/v1/persistentvolumes", {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name },
    spec: { accessModes: ["ReadWriteOnce"], capacity: { storage: size }, storageClassName: cls, hostPath: { path: `/data/${name}` }, ...extra },
  });

const claim = (ns: string, name: string, size: string, cls?: string) =>
  create(`/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } }, ...(cls === undefined ? {} : { storageClassName: cls }) },
  });

const getPv = async (name: string) => (await get(`/api/v1/persistentvolumes/${name}`)).body as Obj;
const getPvc = async (ns: string, name: string) => (await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`)).body as Obj;

async function boundClaim(ns: string, name: string): Promise<Obj> {
  return eventually(async () => {
    const c = await getPvc(ns, name);
    expect(c.status?.phase).toBe("Bound");
    return c;
  });
}

describe("static binding", () => {
  it("binds a claim to the smallest Available volume that fits, both sides the upstream way", async () => {
    const ns = await freshNamespace("pv");
    const cls = unique("manual");
    const [big, fit, small] = [unique("big"), unique("fit"), unique("small")];
    await volume(big, "5Gi", cls);
    await volume(fit, "2Gi", cls);
    await volume(small, "1Gi", cls);
    // Matching is among the volumes Available when the claim syncs: wait for all three.
    await eventually(async () => expect(await Promise.all([big, fit, small].map(async (v) => (await getPv(v)).status.phase))).toEqual(["Available", "Available", "Available"]));
    const created = await claim(ns, "data", "1500Mi", cls);

    const c = await boundClaim(ns, "data");
    expect(c.spec.volumeName).toBe(fit);
    expect(c.metadata.annotations).toMatchObject({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(c.status).toMatchObject({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "2Gi" } });
    const v = await eventually(async () => {
      const pv = await getPv(fit);
      expect(pv.status.phase).toBe("Bound");
      return pv;
    });
    expect(v.spec.claimRef).toMatchObject({ kind: "PersistentVolumeClaim", namespace: ns, name: "data", uid: created.metadata.uid });
    expect(v.metadata.annotations).toMatchObject({ "pv.kubernetes.io/bound-by-controller": "yes" });
    await eventually(async () => expect([(await getPv(big)).status.phase, (await getPv(small)).status.phase]).toEqual(["Available", "Available"]));

    // Converged: another pass over the claim and the volume writes nothing.
    const before = [c.metadata.resourceVersion, (await getPv(fit)).metadata.resourceVersion];
    const events = (await eventsFor(ns, "data")).length;
    await volumeBinderLoop.sync!(api(), claimKey(ns, "data"));
    await volumeBinderLoop.sync!(api(), volumeKey(fit));
    expect([(await getPvc(ns, "data")).metadata.resourceVersion, (await getPv(fit)).metadata.resourceVersion]).toEqual(before);
    expect((await eventsFor(ns, "data")).length).toBe(events);

    // Retain: the claim deleted, its volume is Released and stays.
    expect((await del(`/api/v1/namespaces/${ns}/persistentvolumeclaims/data`)).status).toBe(200);
    await eventually(async () => expect((await getPv(fit)).status.phase).toBe("Released"));
  });

  it("without a class or a volume the claim stays Pending with FailedBinding", async () => {
    const ns = await freshNamespace("pv");
    await claim(ns, "lonely", "1Gi", "");
    const ev = await eventually(async () => {
      const found = (await eventsFor(ns, "lonely")).find((e) => e.reason === "FailedBinding");
      expect(found).toBeDefined();
      return found!;
    });
    expect(ev).toMatchObject({ type: "Normal", message: "no persistent volumes available for this claim and no storage class is set", source: { component: "persistentvolume-controller" } });
    expect((await getPvc(ns, "lonely")).status.phase).toBe("Pending");
  });
});

describe("dynamic provisioning", () => {
  it("provisions pvc-<uid> for a class of our provisioner and keeps it Released under Retain", async () => {
    const ns = await freshNamespace("pv");
    const cls = unique("kept");
    await storageClass(cls, "Retain");
    const created = await claim(ns, "data", "3Gi", cls);
    const name = `pvc-${created.metadata.uid}`;

    const c = await boundClaim(ns, "data");
    expect(c.spec.volumeName).toBe(name);
    expect(c.metadata.annotations).toMatchObject({ "volume.kubernetes.io/storage-provisioner": PROVISIONER, "volume.beta.kubernetes.io/storage-provisioner": PROVISIONER });
    const v = await getPv(name);
    expect(v.spec).toMatchObject({
      csi: { driver: PROVISIONER, volumeHandle: name },
      capacity: { storage: "3Gi" },
      accessModes: ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: cls,
      claimRef: { namespace: ns, name: "data", uid: created.metadata.uid },
    });
    expect(v.metadata.annotations).toMatchObject({ "pv.kubernetes.io/provisioned-by": PROVISIONER });
    expect(v.metadata.finalizers ?? []).not.toContain("kubernetes.io/pv-controller");
    const succeeded = (await eventsFor(ns, "data")).find((e) => e.reason === "ProvisioningSucceeded");
    expect(succeeded?.message).toBe(`Successfully provisioned volume ${name} using ${PROVISIONER}`);

    expect((await del(`/api/v1/namespaces/${ns}/persistentvolumeclaims/data`)).status).toBe(200);
    await eventually(async () => expect((await getPv(name)).status.phase).toBe("Released"));
  });

  it("gives a claim without class the default StorageClass and deletes its volume with it (Delete)", async () => {
    await bootstrapDefaultStorageClass(ENV, registry);
    await bootstrapDefaultStorageClass(ENV, registry);
    const sc = (await get("/apis/storage.k8s.io/v1/storageclasses/standard")).body;
    expect(sc).toMatchObject({
      metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: PROVISIONER,
      reclaimPolicy: "Delete",
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: false,
    });

    const ns = await freshNamespace("pv");
    const created = await claim(ns, "scratch", "1Gi");
    const name = `pvc-${created.metadata.uid}`;
    const bound = await boundClaim(ns, "scratch");
    // Recorded on the claim where the API accepts RetroactiveDefaultStorageClass's update, else assumed.
    expect([undefined, "standard"]).toContain(bound.spec.storageClassName);
    const v = await getPv(name);
    expect(v.spec).toMatchObject({ storageClassName: "standard", persistentVolumeReclaimPolicy: "Delete" });
    expect(v.metadata.finalizers).toContain("kubernetes.io/pv-controller");

    expect((await del(`/api/v1/namespaces/${ns}/persistentvolumeclaims/scratch`)).status).toBe(200);
    await eventually(async () => expect((await get(`/api/v1/persistentvolumes/${name}`)).status).toBe(404));
  });
});

describe("WaitForFirstConsumer", () => {
  it("waits for a pod using the claim to be scheduled, then provisions", async () => {
    const ns = await freshNamespace("pv");
    const cls = unique("late");
    await create("/apis/storage.k8s.io/v1/storageclasses", {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: cls },
      provisioner: PROVISIONER,
      volumeBindingMode: "WaitForFirstConsumer",
    });
    const created = await claim(ns, "data", "1Gi", cls);
    await eventually(async () => {
      const reasons = (await eventsFor(ns, "data")).map((e) => `${e.reason}: ${e.message}`);
      expect(reasons).toContain("WaitForFirstConsumer: waiting for first consumer to be created before binding");
    });
    expect((await get(`/api/v1/persistentvolumes/pvc-${created.metadata.uid}`)).status).toBe(404);

    await create(`/api/v1/namespaces/${ns}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "user" },
      spec: { nodeName: "some-node", containers: [{ name: "c", image: "busybox" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] },
    });
    const c = await boundClaim(ns, "data");
    expect(c.spec.volumeName).toBe(`pvc-${created.metadata.uid}`);
  });
});

describe("reclaiming with Delete", () => {
  const orphan = (name: string, handle: string) =>
    volume(name, "1Gi", "", {
      persistentVolumeReclaimPolicy: "Delete",
      hostPath: undefined,
      csi: { driver: PROVISIONER, volumeHandle: handle },
      claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: "gone", name: "gone", uid: crypto.randomUUID() },
    });

  it("removes the storage, then the volume", async () => {
    const name = unique("orphan");
    const handles: string[] = [];
    const loop = newVolumeBinderLoop({ deleteVolumeStorage: async (_env, handle) => void handles.push(handle) });
    await paused(volumeBinderLoop.name, async () => {
      await orphan(name, `h-${name}`);
      await loop.sync!(api(), volumeKey(name));
    });
    expect(handles).toEqual([`h-${name}`]);
    expect((await get(`/api/v1/persistentvolumes/${name}`)).status).toBe(404);
  });

  it("marks the volume Failed with VolumeFailedDelete when the storage cannot be removed, and retries", async () => {
    const name = unique("stuck");
    const loop = newVolumeBinderLoop({
      deleteVolumeStorage: async () => {
        throw new Error("storage unreachable");
      },
    });
    await paused(volumeBinderLoop.name, async () => {
      await orphan(name, `h-${name}`);
      await expect(loop.sync!(api(), volumeKey(name))).rejects.toThrow("storage unreachable");
      const v = await getPv(name);
      expect(v.status).toMatchObject({ phase: "Failed", message: "storage unreachable" });
      expect((await eventsFor("default", name)).map((e) => [e.type, e.reason, e.message])).toEqual([["Warning", "VolumeFailedDelete", "storage unreachable"]]);
      // A second failure neither writes nor reports again.
      await expect(loop.sync!(api(), volumeKey(name))).rejects.toThrow("storage unreachable");
      expect((await getPv(name)).metadata.resourceVersion).toBe(v.metadata.resourceVersion);
    });
    // The loop itself retries (its deleter finds no storage object to remove) and the volume goes.
    await eventually(async () => expect((await get(`/api/v1/persistentvolumes/${name}`)).status).toBe(404));
  });
});
