/**
 * The Deployment loop (with the ReplicaSet loop) through the real Worker: a new Deployment gets a ReplicaSet
 * `<name>-<hash>` with the pod-template-hash in its selector and template, revision and replica annotations,
 * its pods, and as they report Ready, the status and conditions kubectl rollout status reads; scaling up and
 * down goes through the ReplicaSet, with ScalingReplicaSet Events in 1.32's wording.
 */
import { afterAll, describe, expect, it } from "vitest";
import { settleControllers } from "../../scheduler/settle";
import { deployment, freshNamespace, patch, post } from "../../api/client";
import { eventually, MERGE } from "../kwok";
import { condition, deployPath, deploymentNow, podsOf, readyAll, replicaSetsOf, rolloutStatus, scalingEvents } from "./helpers";

describe("Deployment controller", () => {
  // A file must not end mid-reconcile (the test environment tears the loops' Durable Objects down).
  afterAll(() => settleControllers(), 30_000);

  it("creates the ReplicaSet and its pods, and reports the rollout complete once they are ready", async () => {
    const ns = await freshNamespace("dep");
    const res = await post(deployPath(ns), deployment("web", 3));
    expect(res.status, res.text).toBe(201);
    const [rs] = await eventually(async () => {
      const rss = await replicaSetsOf(ns, "web");
      expect(rss).toHaveLength(1);
      return rss;
    });
    const hash = rs.metadata.labels["pod-template-hash"];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.template.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
    });
    await eventually(async () => expect(await podsOf(ns, rs.metadata.name)).toHaveLength(3));
    await eventually(async () => {
      const d = await deploymentNow(ns, "web");
      expect(d.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("1");
      expect(condition(d, "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "web-${hash}" is progressing.` });
      expect(rolloutStatus(d).done).toBe(false);
    });
    await readyAll(ns, rs.metadata.name);
    const done = await eventually(async () => {
      const d = await deploymentNow(ns, "web");
      expect(rolloutStatus(d)).toEqual({ done: true, message: `deployment "web" successfully rolled out` });
      return d;
    });
    expect(done.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(condition(done, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    expect(condition(done, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    await eventually(async () => expect(await scalingEvents(ns, "web")).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]));
  });

  it("scales up and down through the ReplicaSet", async () => {
    const ns = await freshNamespace("dep");
    expect((await post(deployPath(ns), deployment("api", 2))).status).toBe(201);
    const [rs] = await eventually(async () => {
      const rss = await replicaSetsOf(ns, "api");
      expect(rss).toHaveLength(1);
      return rss;
    });
    await eventually(async () => expect(await podsOf(ns, rs.metadata.name)).toHaveLength(2));
    expect((await patch(deployPath(ns, "api"), { spec: { replicas: 5 } }, MERGE)).status).toBe(200);
    await eventually(async () => expect(await podsOf(ns, rs.metadata.name)).toHaveLength(5));
    expect((await patch(deployPath(ns, "api"), { spec: { replicas: 1 } }, MERGE)).status).toBe(200);
    await eventually(async () => expect(await podsOf(ns, rs.metadata.name)).toHaveLength(1));
    await eventually(async () => {
      const [cur] = await replicaSetsOf(ns, "api");
      expect(cur.metadata.annotations).toMatchObject({ "deployment.kubernetes.io/desired-replicas": "1", "deployment.kubernetes.io/max-replicas": "2" });
      expect((await deploymentNow(ns, "api")).status).toMatchObject({ observedGeneration: 3, replicas: 1, updatedReplicas: 1 });
    });
    const name = rs.metadata.name;
    await eventually(async () =>
      expect(await scalingEvents(ns, "api")).toEqual([`Scaled up replica set ${name} from 0 to 2`, `Scaled up replica set ${name} from 2 to 5`, `Scaled down replica set ${name} from 5 to 1`]),
    );
  });
});
