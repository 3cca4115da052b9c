import { describe, expect, it } from "vitest";
import { updateManagedFields } from "../../../worker/apply";
import { capUpdateManagers, type Manager } from "../../../worker/apply/managers";
import { FieldSet } from "../../../worker/apply/field-set";
import { deployment as D, deploymentSchema, LATER, NOW, type Obj, withContainers } from "./fixtures";
import { entries, owners, run, type Step } from "./scenario";

const create = (spec: Obj, extra: Obj = {}) => () => D(spec, extra);
const edit = (f: (o: Obj) => void) => (o: Obj | undefined) => {
  const copy = structuredClone(o!);
  f(copy);
  return copy;
};
const spec = (o: Obj) => o.spec as Obj;
const C = '.spec.template.spec.containers[name="app"]';

describe("updateManagedFields", () => {
  it("records a create like upstream's kubectl-create entry", () => {
    const out = run([{ update: create({ replicas: 1, ...withContainers([{ name: "app", image: "nginx" }]) }, { metadata: { labels: { app: "web" } } }), manager: "kubectl-create" }]);
    expect(entries(out.object)).toEqual([
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "apps/v1",
        time: NOW,
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            "f:replicas": {},
            "f:template": {
              ".": {},
              "f:spec": { ".": {}, "f:containers": { ".": {}, 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {} } } },
            },
          },
        },
      },
    ]);
  });

  it.each<[string, Step[], Record<string, string[]>]>([
    [
      "a changed field moves to the writer",
      [{ update: create({ replicas: 1, paused: true }), manager: "kubectl-create" }, { update: edit((o) => (spec(o).replicas = 3)), manager: "kubectl-scale" }],
      { "kubectl-create": [".spec.paused"], "kubectl-scale": [".spec.replicas"] },
    ],
    [
      "a removed field leaves its owner",
      [{ update: create({ replicas: 1, paused: true }), manager: "kubectl-create" }, { update: edit((o) => delete spec(o).paused), manager: "kubectl-edit" }],
      { "kubectl-create": [".spec.replicas"] },
    ],
    [
      "server-set metadata is never owned",
      [{ update: create({ replicas: 1 }, { metadata: { uid: "u", resourceVersion: "7", generation: 1, creationTimestamp: NOW } }), manager: "kubectl-create" }],
      { "kubectl-create": [".spec.replicas"] },
    ],
    [
      "status changes through the main resource are not owned",
      [{ update: create({ replicas: 1 }), manager: "kubectl-create" }, { update: edit((o) => (o.status = { replicas: 1 })), manager: "kubectl-edit" }],
      { "kubectl-create": [".spec.replicas"] },
    ],
    [
      "status writes are recorded with subresource status and only own status",
      [
        // Upstream objects always carry `status: {}` (a non-pointer Go struct).
        { update: create({ replicas: 1 }, { status: {} }), manager: "kubectl-create" },
        { update: edit((o) => ((o.status = { readyReplicas: 1 }), (spec(o).replicas = 9))), manager: "deployment-controller", subresource: "status" },
      ],
      { "kubectl-create": [".spec.replicas"], "deployment-controller/status": [".status.readyReplicas"] },
    ],
    [
      "list items are owned item by item",
      [
        { update: create(withContainers([{ name: "app", image: "a:1" }])), manager: "kubectl-create" },
        { update: edit((o) => (((spec(o).template as Obj).spec as Obj).containers as Obj[])[0].image = "a:2"), manager: "kubectl-set" },
      ],
      {
        "kubectl-create": [".spec.template", ".spec.template.spec", ".spec.template.spec.containers", C, `${C}.name`],
        "kubectl-set": [`${C}.image`],
      },
    ],
  ])("%s", (_name, steps, expected) => {
    expect(owners(run(steps).object)).toEqual(expected);
  });

  it("keeps the entry (and its time) when the write changes nothing the manager would own", () => {
    const created = run([{ update: create({ replicas: 1 }), manager: "kubectl-create", now: NOW }]);
    const again = run([{ update: edit(() => {}), manager: "kubectl-create", now: LATER }], created.object);
    expect(entries(again.object)).toEqual(entries(created.object));
  });

  it("keeps one entry per apiVersion of an updater", () => {
    const created = D({ replicas: 1 });
    const first = updateManagedFields(undefined, created, "m", { operation: "Update", apiVersion: "apps/v1", schema: deploymentSchema, now: NOW });
    const next = { ...D({ replicas: 2 }), metadata: { name: "web", namespace: "default", uid: "u", managedFields: first } };
    const mf = updateManagedFields({ ...created, metadata: { ...(created.metadata as Obj), uid: "u", managedFields: first } }, next, "m", {
      operation: "Update",
      apiVersion: "apps/v1beta2",
      schema: deploymentSchema,
      now: LATER,
    });
    expect(mf.map((e) => [e.manager, e.apiVersion, e.fieldsV1])).toEqual([
      ["m", "apps/v1beta2", { "f:spec": { "f:replicas": {} } }],
    ]);
  });

  it.each<[string, unknown, string[]]>([
    ["managedFields sent with the write replace the stored ones", [{ manager: "x", operation: "Update", apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:paused": {} } } }], ["x"]],
    ["an empty list resets them (the object becomes untracked)", [], []],
    ["[{}] resets them too", [{}], []],
    ["undecodable ones are ignored", [{ manager: "x", operation: "Bogus" }], ["kubectl-create"]],
  ])("%s", (_name, sent, managers) => {
    const created = run([{ update: create({ replicas: 1, paused: true }, { metadata: { uid: "u" } }), manager: "kubectl-create" }]).object!;
    const next = edit((o) => ((o.metadata as Obj).managedFields = sent))(created);
    const mf = updateManagedFields(created, next, "kubectl-edit", { operation: "Update", apiVersion: "apps/v1", schema: deploymentSchema, now: LATER });
    expect(mf.map((e) => e.manager)).toEqual(managers);
  });

  it("leaves an existing untracked object untracked", () => {
    const old = D({ replicas: 1 }, { metadata: { uid: "u" } });
    const mf = updateManagedFields(old, D({ replicas: 2 }, { metadata: { uid: "u" } }), "kubectl-edit", { operation: "Update", apiVersion: "apps/v1", schema: deploymentSchema, now: NOW });
    expect(mf).toEqual([]);
  });
});

describe("capUpdateManagers", () => {
  const m = (name: string, minute: number, path: string): Manager => ({
    manager: name,
    operation: "Update",
    apiVersion: "apps/v1",
    time: `2024-05-01T10:${String(minute).padStart(2, "0")}:00Z`,
    set: FieldSet.of([{ field: path }]),
  });

  it("merges the oldest updaters into ancient-changes above 10", () => {
    const managers = Array.from({ length: 12 }, (_, i) => m(`u${i}`, i, `f${i}`));
    const out = capUpdateManagers(managers);
    expect(out).toHaveLength(10);
    const bucket = out.find((x) => x.manager === "ancient-changes")!;
    expect(bucket.set.paths().map((p) => p.map((e) => ("field" in e ? e.field : "")).join("."))).toEqual(["f0", "f1", "f2"]);
    expect(bucket.time).toBe("2024-05-01T10:02:00Z");
  });

  it("leaves 10 or fewer alone", () => {
    const managers = Array.from({ length: 10 }, (_, i) => m(`u${i}`, i, `f${i}`));
    expect(capUpdateManagers(managers)).toEqual(managers);
  });
});
