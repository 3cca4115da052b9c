/** core/v1 and events.k8s.io/v1 Events are one stored resource, converted per API version (as upstream). */
import { describe, expect, it } from "vitest";
import { freshNamespace, get, post, watchEvents } from "./client";

const now = "2026-11-29T10:00:00Z";

describe("Event API versions share storage", () => {
  it("an events.k8s.io Event reads back as a core Event and the other way round", async () => {
    const ns = await freshNamespace();
    const created = await post(`/apis/events.k8s.io/v1/namespaces/${ns}/events`, {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "e1" },
      eventTime: "2026-11-29T10:00:00.000000Z",
      reportingController: "example.com/ctrl",
      reportingInstance: "ctrl-1",
      action: "Scaled",
      reason: "Scaling",
      regarding: { kind: "Deployment", name: "web", namespace: ns, apiVersion: "apps/v1" },
      note: "scaled to 3",
      type: "Normal",
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.regarding.name).toBe("web");
    const core = await get(`/api/v1/namespaces/${ns}/events/e1`);
    expect(core.body).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      involvedObject: { kind: "Deployment", name: "web" },
      message: "scaled to 3",
      reportingComponent: "example.com/ctrl",
      reason: "Scaling",
    });
    expect(core.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);

    await post(`/api/v1/namespaces/${ns}/events`, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e2" },
      involvedObject: { kind: "Pod", name: "p", namespace: ns },
      reason: "Pulled",
      message: "pulled image",
      source: { component: "kubelet" },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 2,
      type: "Normal",
    });
    const list = await get(`/apis/events.k8s.io/v1/namespaces/${ns}/events`);
    expect(list.body.kind).toBe("EventList");
    expect(list.body.apiVersion).toBe("events.k8s.io/v1");
    const e2 = list.body.items.find((e: { metadata: { name: string } }) => e.metadata.name === "e2");
    expect(e2).toMatchObject({
      apiVersion: "events.k8s.io/v1",
      regarding: { kind: "Pod", name: "p" },
      note: "pulled image",
      deprecatedSource: { component: "kubelet" },
      deprecatedCount: 2,
    });
    const byRegarding = await get(`/apis/events.k8s.io/v1/namespaces/${ns}/events?fieldSelector=regarding.name%3Dp`);
    expect(byRegarding.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(["e2"]);
    const byInvolved = await get(`/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name%3Dweb`);
    expect(byInvolved.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(["e1"]);

    const events = await watchEvents(`/apis/events.k8s.io/v1/namespaces/${ns}/events?watch=true`, 2);
    expect(events.map((e) => e.object.apiVersion)).toEqual(["events.k8s.io/v1", "events.k8s.io/v1"]);
    expect(events.find((e) => e.object.metadata.name === "e2").object.note).toBe("pulled image");
  });
});
