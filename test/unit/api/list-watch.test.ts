/** LIST (snapshots, paging, resourceVersion semantics, selectors, Tables) and WATCH (KUBECTL.md §5–6). */
import { describe, expect, it } from "vitest";
import { configMap, del, freshNamespace, get, patch, post, watchEvents } from "./client";

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
/** Every namespace holds this ConfigMap from its creation on (upstream's root-CA publisher); it sorts after cm-*. */
const ROOT_CA = "kube-root-ca.crt";
const itemNames = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name);

async function seed(ns: string, n: number) {
  for (let i = 0; i < n; i++) {
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap(`cm-${i}`, { i: String(i) }, { tier: i % 2 ? "odd" : "even" }));
  }
}

describe("list", () => {
  it("returns a typed list with the list resourceVersion", async () => {
    const ns = await freshNamespace();
    await seed(ns, 3);
    const res = await get(`/api/v1/namespaces/${ns}/configmaps`);
    expect(res.body.kind).toBe("ConfigMapList");
    expect(res.body.apiVersion).toBe("v1");
    expect(itemNames(res.body)).toEqual(["cm-0", "cm-1", "cm-2", ROOT_CA]);
    expect(res.body.items[0].kind).toBe("ConfigMap");
    expect(Number(res.body.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it("pages through one snapshot with limit/continue", async () => {
    const ns = await freshNamespace();
    await seed(ns, 5);
    const p1 = await get(`/api/v1/namespaces/${ns}/configmaps?limit=2`);
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.metadata.continue).toBeTruthy();
    expect(p1.body.metadata.remainingItemCount).toBe(4);
    await del(`/api/v1/namespaces/${ns}/configmaps/cm-3`);
    const p2 = await get(`/api/v1/namespaces/${ns}/configmaps?limit=2&continue=${p1.body.metadata.continue}`);
    const p3 = await get(`/api/v1/namespaces/${ns}/configmaps?limit=2&continue=${p2.body.metadata.continue}`);
    const names = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((i) => i.metadata.name);
    expect(names).toEqual(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", ROOT_CA]);
    expect(p3.body.metadata.continue).toBeUndefined();
    expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion);
  });

  it("resourceVersionMatch=Exact reads an older snapshot", async () => {
    const ns = await freshNamespace();
    await seed(ns, 2);
    const before = await get(`/api/v1/namespaces/${ns}/configmaps`);
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("later"));
    const exact = await get(`/api/v1/namespaces/${ns}/configmaps?resourceVersion=${before.body.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(itemNames(exact.body)).toEqual(["cm-0", "cm-1", ROOT_CA]);
    const notOlder = await get(`/api/v1/namespaces/${ns}/configmaps?resourceVersion=${before.body.metadata.resourceVersion}&resourceVersionMatch=NotOlderThan`);
    expect(itemNames(notOlder.body)).toEqual(["cm-0", "cm-1", ROOT_CA, "later"]);
  });

  it.each([
    ["resourceVersionMatch without resourceVersion", "resourceVersionMatch=Exact", 422],
    ["a bad continue token", "continue=garbage", 400],
    ["a resourceVersion from the future", "resourceVersion=999999999", 504],
  ])("rejects %s", async (_name, query, code) => {
    const res = await get(`/api/v1/namespaces/default/configmaps?${query}`);
    expect(res.status).toBe(code);
    expect(res.body.kind).toBe("Status");
  });

  it("label selectors (full syntax) and field selectors", async () => {
    const ns = await freshNamespace();
    await seed(ns, 4);
    const names = async (q: string) =>
      (await get(`/api/v1/namespaces/${ns}/configmaps?${q}`)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names("labelSelector=tier%3Dodd")).toEqual(["cm-1", "cm-3"]);
    // `!=` also matches objects without the label (upstream labels.Selector), so the unlabelled ROOT_CA is in.
    expect(await names("labelSelector=tier!%3Dodd")).toEqual(["cm-0", "cm-2", ROOT_CA]);
    expect(await names("labelSelector=tier%20in%20(odd,even)")).toHaveLength(4);
    expect(await names("labelSelector=!tier")).toEqual([ROOT_CA]);
    expect(await names("fieldSelector=metadata.name%3Dcm-2")).toEqual(["cm-2"]);
    expect(await names("fieldSelector=metadata.name!%3Dcm-2,metadata.namespace%3D" + ns)).toEqual(["cm-0", "cm-1", "cm-3", ROOT_CA]);
    const bad = await get(`/api/v1/namespaces/${ns}/configmaps?fieldSelector=spec.nope%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('field label not supported: spec.nope');
    const badLabel = await get(`/api/v1/namespaces/${ns}/configmaps?labelSelector=a%20in%20(`);
    expect(badLabel.status).toBe(400);
  });

  it("lists across all namespaces", async () => {
    const ns = await freshNamespace();
    await seed(ns, 1);
    const res = await get(`/api/v1/configmaps?fieldSelector=metadata.namespace%3D${ns}`);
    expect(res.body.items.map((i: { metadata: { namespace: string; name: string } }) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      `${ns}/cm-0`,
      `${ns}/${ROOT_CA}`,
    ]);
  });

  it("answers Tables with PartialObjectMetadata rows", async () => {
    const ns = await freshNamespace();
    await seed(ns, 2);
    const res = await get(`/api/v1/namespaces/${ns}/configmaps`, { accept: TABLE });
    expect(res.body.kind).toBe("Table");
    expect(res.body.apiVersion).toBe("meta.k8s.io/v1");
    expect(res.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(res.body.rows[0].cells.slice(0, 2)).toEqual(["cm-0", 1]);
    expect(res.body.rows[0].object.kind).toBe("PartialObjectMetadata");
    expect(res.body.rows[0].object.metadata.name).toBe("cm-0");
    const full = await get(`/api/v1/namespaces/${ns}/configmaps?includeObject=Object`, { accept: TABLE });
    expect(full.body.rows[0].object.kind).toBe("ConfigMap");
    const one = await get(`/api/v1/namespaces/${ns}/configmaps/cm-1`, { accept: TABLE });
    expect(one.body.rows).toHaveLength(1);
  });
});

describe("watch", () => {
  it("rv unset starts with synthetic ADDED events, then changes", async () => {
    const ns = await freshNamespace();
    await seed(ns, 2);
    const events = await watchEvents(`/api/v1/namespaces/${ns}/configmaps?watch=true`, 4, {
      during: async () => {
        await new Promise((r) => setTimeout(r, 50));
        await patch(`/api/v1/namespaces/${ns}/configmaps/cm-0`, { data: { x: "1" } }, "application/merge-patch+json");
      },
    });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "cm-0"],
      ["ADDED", "cm-1"],
      ["ADDED", ROOT_CA],
      ["MODIFIED", "cm-0"],
    ]);
  });

  it("rv=N delivers exactly the changes after N, in order", async () => {
    const ns = await freshNamespace();
    await seed(ns, 1);
    const list = await get(`/api/v1/namespaces/${ns}/configmaps`);
    await post(`/api/v1/namespaces/${ns}/configmaps`, configMap("n1"));
    await del(`/api/v1/namespaces/${ns}/configmaps/cm-0`);
    const events = await watchEvents(`/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`, 2);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "n1"],
      ["DELETED", "cm-0"],
    ]);
    expect(Number(events[1].object.metadata.resourceVersion)).toBeGreaterThan(Number(events[0].object.metadata.resourceVersion));
  });

  it("an object leaving the selector is DELETED for that watcher", async () => {
    const ns = await freshNamespace();
    await seed(ns, 2);
    const list = await get(`/api/v1/namespaces/${ns}/configmaps`);
    await patch(`/api/v1/namespaces/${ns}/configmaps/cm-1`, { metadata: { labels: { tier: "even" } } }, "application/merge-patch+json");
    await patch(`/api/v1/namespaces/${ns}/configmaps/cm-0`, { metadata: { labels: { tier: "odd" } } }, "application/merge-patch+json");
    const events = await watchEvents(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&labelSelector=tier%3Dodd&resourceVersion=${list.body.metadata.resourceVersion}`,
      2,
    );
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["DELETED", "cm-1"],
      ["ADDED", "cm-0"],
    ]);
  });

  it("field selector metadata.name filters events (kubectl rollout/wait)", async () => {
    const ns = await freshNamespace();
    await seed(ns, 3);
    const events = await watchEvents(`/api/v1/namespaces/${ns}/configmaps?watch=true&fieldSelector=metadata.name%3Dcm-2&resourceVersion=0`, 1);
    expect(events.map((e) => e.object.metadata.name)).toEqual(["cm-2"]);
  });

  it("sendInitialEvents ends the initial ADDEDs with an initial-events-end bookmark", async () => {
    const ns = await freshNamespace();
    await seed(ns, 2);
    const events = await watchEvents(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
      4,
    );
    expect(events.map((e) => e.type)).toEqual(["ADDED", "ADDED", "ADDED", "BOOKMARK"]);
    expect(events[3].object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
    expect(events[3].object.kind).toBe("ConfigMap");
  });

  it("sends periodic bookmarks when allowed", async () => {
    const ns = await freshNamespace();
    const list = await get(`/api/v1/namespaces/${ns}/configmaps`);
    const events = await watchEvents(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${list.body.metadata.resourceVersion}`,
      1,
      { timeoutMs: 3000 },
    );
    expect(events[0].type).toBe("BOOKMARK");
    expect(Number(events[0].object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(list.body.metadata.resourceVersion));
  });

  it("watch events are Tables when asked", async () => {
    const ns = await freshNamespace();
    await seed(ns, 1);
    const events = await watchEvents(`/api/v1/namespaces/${ns}/configmaps?watch=true`, 1, { accept: TABLE });
    expect(events[0].type).toBe("ADDED");
    expect(events[0].object.kind).toBe("Table");
    expect(events[0].object.rows[0].cells[0]).toBe("cm-0");
  });

  it("ends the stream at timeoutSeconds", async () => {
    const ns = await freshNamespace();
    const started = Date.now();
    const events = await watchEvents(`/api/v1/namespaces/${ns}/configmaps?watch=true&timeoutSeconds=1`, 5, { timeoutMs: 5000 });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", ROOT_CA]]);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
