/** A StatefulSet pod's identity: ordinals from names, the ordinal range, identity and storage checks, new pods. */
import { describe, expect, it } from "vitest";
import {
  claimsFor,
  identityMatches,
  inOrdinalRange,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  parentAndOrdinal,
  storageMatches,
  withIdentity,
  withStorage,
} from "../../../../worker/controllers/statefulset/identity";
import { statefulPod, statefulSet } from "./helpers";

describe("parentAndOrdinal", () => {
  it.each([
    ["web-0", "web", 0],
    ["web-12", "web", 12],
    ["my-db-3", "my-db", 3],
    ["web", "", -1],
    ["web-", "", -1],
    ["web-x", "", -1],
    ["web-2147483647", "web", 2147483647],
    ["web-2147483648", "web", -1], // does not parse as int32
  ])("%s → %s/%i", (name, parent, ordinal) => {
    expect(parentAndOrdinal(name)).toEqual({ parent, ordinal });
  });
});

describe("inOrdinalRange", () => {
  it.each([
    [{ replicas: 3 }, "web-0", true],
    [{ replicas: 3 }, "web-2", true],
    [{ replicas: 3 }, "web-3", false],
    [{ replicas: 0 }, "web-0", false],
    [{ replicas: 2, start: 5 }, "web-4", false],
    [{ replicas: 2, start: 5 }, "web-5", true],
    [{ replicas: 2, start: 5 }, "web-6", true],
    [{ replicas: 2, start: 5 }, "web-7", false],
  ])("%j %s → %s", (o, name, want) => {
    expect(inOrdinalRange({ metadata: { name } }, statefulSet("web", o))).toBe(want);
  });
});

describe("identityMatches / storageMatches", () => {
  const set = statefulSet("web", { claims: ["www", "logs"] });
  const pod = statefulPod(set, 1, "r1");
  const without = (label: string) => ({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, [label]: undefined } } });
  it.each([
    ["a pod built for the set", pod, true, true],
    ["no pod-name label", without("statefulset.kubernetes.io/pod-name"), false, true],
    ["no pod-index label (not checked)", without("apps.kubernetes.io/pod-index"), true, true],
    ["another namespace", { ...pod, metadata: { ...pod.metadata, namespace: "other" } }, false, true],
    ["a volume missing", { ...pod, spec: { ...pod.spec, volumes: pod.spec.volumes.slice(1) } }, true, false],
    ["a volume on the wrong claim", { ...pod, spec: { ...pod.spec, volumes: [{ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } }, pod.spec.volumes[1]] } }, true, false],
    ["a volume that is no claim", { ...pod, spec: { ...pod.spec, volumes: [{ name: "www", emptyDir: {} }, pod.spec.volumes[1]] } }, true, false],
  ])("%s", (_, p, identity, storage) => {
    expect(identityMatches(set, p)).toBe(identity);
    expect(storageMatches(set, p)).toBe(storage);
  });

  it("another set's pod matches neither", () => {
    const other = statefulSet("api", { claims: ["www", "logs"] });
    expect(identityMatches(other, pod)).toBe(false);
    expect(storageMatches(other, pod)).toBe(false);
  });
});

describe("claimsFor / withStorage / withIdentity", () => {
  it("names claims <template>-<set>-<ordinal>, labelled with the template's labels and the selector", () => {
    const set = statefulSet("web", { claims: ["www"] });
    set.spec.volumeClaimTemplates[0].metadata.labels = { tier: "disk", app: "overridden" };
    set.spec.volumeClaimTemplates[0].metadata.creationTimestamp = null;
    expect(claimsFor(set, 4)).toEqual([
      {
        template: "www",
        claim: {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: { name: "www-web-4", namespace: "ns", labels: { tier: "disk", app: "web" } },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        },
      },
    ]);
  });

  it("puts claim volumes first and replaces same-named volumes", () => {
    const set = statefulSet("web", { claims: ["www"] });
    const pod = { metadata: { name: "web-2" }, spec: { volumes: [{ name: "cfg", configMap: { name: "c" } }, { name: "www", emptyDir: {} }] } };
    expect(withStorage(set, pod)).toEqual([{ name: "www", persistentVolumeClaim: { claimName: "www-web-2" } }, { name: "cfg", configMap: { name: "c" } }]);
  });

  it("sets name, namespace and both identity labels", () => {
    const set = statefulSet("web");
    const fixed = withIdentity(set, { metadata: { name: "web-3", namespace: "x", labels: { app: "web" } } });
    expect(fixed.metadata).toEqual({ name: "web-3", namespace: "ns", labels: { app: "web", "statefulset.kubernetes.io/pod-name": "web-3", "apps.kubernetes.io/pod-index": "3" } });
  });
});

describe("newStatefulSetPod", () => {
  it("builds the pod from the template with its identity, claims and controller reference", () => {
    const set = statefulSet("web", { claims: ["www"], serviceName: "nginx" });
    set.spec.template.metadata.annotations = { a: "1" };
    set.spec.template.spec.volumes = [{ name: "cfg", configMap: { name: "c" } }];
    expect(newStatefulSetPod(set, 2)).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "web-2",
        generateName: "web-",
        namespace: "ns",
        labels: { app: "web", "statefulset.kubernetes.io/pod-name": "web-2", "apps.kubernetes.io/pod-index": "2" },
        annotations: { a: "1" },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-web", controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        containers: [{ name: "app", image: "nginx:1.27" }],
        restartPolicy: "Always",
        hostname: "web-2",
        subdomain: "nginx",
        volumes: [{ name: "www", persistentVolumeClaim: { claimName: "www-web-2" } }, { name: "cfg", configMap: { name: "c" } }],
      },
    });
  });

  it("leaves subdomain unset without a serviceName and never aliases the template", () => {
    const set = statefulSet("web", { serviceName: "" });
    const pod = newStatefulSetPod(set, 0);
    expect(pod.spec.subdomain).toBeUndefined();
    expect(pod.spec.volumes).toBeUndefined();
    pod.spec.containers[0].image = "changed";
    expect(set.spec.template.spec.containers[0].image).toBe("nginx:1.27");
  });
});

describe("newVersionedStatefulSetPod", () => {
  const at = (o: Parameters<typeof statefulSet>[1], ordinal: number) => {
    const current = statefulSet("web", { ...o, image: "old" });
    const update = statefulSet("web", { ...o, image: "new" });
    const pod = newVersionedStatefulSetPod(current, update, "rev-old", "rev-new", ordinal);
    return `${pod.metadata.labels["controller-revision-hash"]} ${pod.spec.containers[0].image}`;
  };
  it.each([
    [{ partition: 0 }, 0, "rev-new new"],
    [{ partition: 2 }, 1, "rev-old old"],
    [{ partition: 2 }, 2, "rev-new new"],
    [{ partition: 2, start: 10 }, 11, "rev-old old"],
    [{ partition: 2, start: 10 }, 12, "rev-new new"],
    [{ strategy: "OnDelete" as const }, 0, "rev-new new"],
  ])("%j ordinal %i → %s", (o, ordinal, want) => {
    expect(at(o, ordinal)).toBe(want);
  });
});
