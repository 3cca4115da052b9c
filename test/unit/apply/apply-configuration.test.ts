import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../worker/apply/json";
import { LAST_APPLIED_ANNOTATION } from "../../../worker/apply/last-applied";
import { deployment, LATER, NOW, type Obj, withContainers } from "./fixtures";
import { entries, owners, run, type Step } from "./scenario";

const D = deployment;
const C = '.spec.template.spec.containers[name="app"]';
const create = (spec: Obj, extra: Obj = {}) => () => D(spec, extra);
const csaCreate = (spec: Obj): Step => {
  const config = D(spec);
  return { update: create(spec, { metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(config)}\n` } } }), manager: "kubectl-client-side-apply" };
};

interface Case {
  name: string;
  steps: Step[];
  initial?: Obj;
  spec?: Obj;
  owners?: Record<string, string[]>;
  conflicts?: Array<{ manager: string; operation: string; field: string }>;
}

const cases: Case[] = [
  {
    name: "create via apply",
    steps: [{ apply: D({ replicas: 2, ...withContainers([{ name: "app", image: "nginx" }]) }, { metadata: { labels: { app: "web" } } }), manager: "kubectl" }],
    spec: { replicas: 2, ...withContainers([{ name: "app", image: "nginx" }]) },
    owners: { kubectl: [".metadata.labels.app", ".spec.replicas", C, `${C}.image`, `${C}.name`] },
  },
  {
    name: "apply removing a field removes it",
    steps: [
      { apply: D({ replicas: 2, paused: true }), manager: "a" },
      { apply: D({ replicas: 2 }), manager: "a" },
    ],
    spec: { replicas: 2 },
    owners: { a: [".spec.replicas"] },
  },
  {
    name: "a field another applier shares is not removed",
    steps: [
      { apply: D({ replicas: 2, paused: true }), manager: "a" },
      { apply: D({ replicas: 2 }), manager: "b" },
      { apply: D({ paused: true }), manager: "a" },
    ],
    spec: { replicas: 2, paused: true },
    owners: { a: [".spec.paused"], b: [".spec.replicas"] },
  },
  {
    name: "a field an updater shares is not removed",
    steps: [
      { apply: D({ replicas: 2, paused: true }), manager: "a" },
      { update: (o) => ({ ...o!, metadata: { ...(o!.metadata as Obj), labels: { x: "1" } } }), manager: "kubectl-label" },
      { apply: D({ replicas: 2 }), manager: "a" },
    ],
    spec: { replicas: 2 },
    owners: { a: [".spec.replicas"], "kubectl-label": [".metadata.labels", ".metadata.labels.x"] },
  },
  {
    name: "conflict after an Update manager set the field",
    steps: [{ update: create({ replicas: 1 }), manager: "kubectl-client-side-apply" }, { apply: D({ replicas: 3 }), manager: "my-applier" }],
    conflicts: [{ manager: "kubectl-client-side-apply", operation: "Update", field: ".spec.replicas" }],
  },
  {
    name: "no conflict when the applied value is the live one: the field is shared",
    steps: [{ update: create({ replicas: 1 }), manager: "kubectl-create" }, { apply: D({ replicas: 1 }), manager: "my-applier" }],
    spec: { replicas: 1 },
    owners: { "my-applier": [".spec.replicas"], "kubectl-create": [".spec.replicas"] },
  },
  {
    name: "appliers conflict with each other",
    steps: [
      { apply: D({ replicas: 1 }), manager: "a" },
      { apply: D({ replicas: 2 }), manager: "b" },
    ],
    conflicts: [{ manager: "a", operation: "Apply", field: ".spec.replicas" }],
  },
  {
    name: "force takes ownership",
    steps: [{ update: create({ replicas: 1, paused: true }), manager: "kubectl-client-side-apply" }, { apply: D({ replicas: 3 }), manager: "my-applier", force: true }],
    spec: { replicas: 3, paused: true },
    owners: { "my-applier": [".spec.replicas"], "kubectl-client-side-apply": [".spec.paused"] },
  },
  {
    name: "containers merge by name; an applier's dropped container is removed",
    steps: [
      { apply: D(withContainers([{ name: "app", image: "a:1" }])), manager: "a" },
      { apply: D(withContainers([{ name: "sidecar", image: "s:1" }])), manager: "b" },
      { apply: D({ replicas: 1 }), manager: "a" },
    ],
    spec: { replicas: 1, ...withContainers([{ name: "sidecar", image: "s:1" }]) },
  },
  {
    name: "a container another applier also manages survives; only the dropped field goes",
    steps: [
      { apply: D(withContainers([{ name: "app", image: "a:1" }])), manager: "a" },
      { apply: D(withContainers([{ name: "app", env: [{ name: "X", value: "1" }] }])), manager: "b" },
      { apply: D({ replicas: 1 }), manager: "a" },
    ],
    spec: { replicas: 1, ...withContainers([{ name: "app", env: [{ name: "X", value: "1" }] }]) },
  },
  {
    name: "ports merge by containerPort+protocol",
    steps: [
      { apply: D(withContainers([{ name: "app", ports: [{ containerPort: 80 }] }])), manager: "a" },
      { apply: D(withContainers([{ name: "app", ports: [{ containerPort: 80, protocol: "UDP" }, { containerPort: 443 }] }])), manager: "a" },
    ],
    spec: withContainers([{ name: "app", ports: [{ containerPort: 80, protocol: "UDP" }, { containerPort: 443 }] }]),
    owners: {
      a: [
        C,
        `${C}.name`,
        `${C}.ports[containerPort=80,protocol="UDP"]`,
        `${C}.ports[containerPort=443,protocol="TCP"]`,
        `${C}.ports[containerPort=80,protocol="UDP"].containerPort`,
        `${C}.ports[containerPort=80,protocol="UDP"].protocol`,
        `${C}.ports[containerPort=443,protocol="TCP"].containerPort`,
      ],
    },
  },
  {
    name: "atomic lists are replaced whole",
    steps: [
      { apply: D(withContainers([{ name: "app", args: ["a", "b"] }])), manager: "a" },
      { apply: D(withContainers([{ name: "app", args: ["c"] }])), manager: "a" },
    ],
    spec: withContainers([{ name: "app", args: ["c"] }]),
    owners: { a: [C, `${C}.args`, `${C}.name`] },
  },
  {
    name: "an atomic list owned by another applier conflicts as a whole",
    steps: [
      { apply: D(withContainers([{ name: "app", args: ["a", "b"] }])), manager: "a" },
      { apply: D(withContainers([{ name: "app", args: ["a", "b", "c"] }])), manager: "b" },
    ],
    conflicts: [{ manager: "a", operation: "Apply", field: `${C}.args` }],
  },
  {
    name: "status is not owned through the main resource",
    steps: [{ apply: D({ replicas: 1 }, { status: { replicas: 5 } }), manager: "a" }],
    owners: { a: [".spec.replicas"] },
  },
  {
    name: "an untracked object's fields belong to before-first-apply",
    initial: D({ replicas: 1 }, { metadata: { uid: "u1" } }),
    steps: [{ apply: D({ replicas: 3 }), manager: "a" }],
    conflicts: [{ manager: "before-first-apply", operation: "Update", field: ".spec.replicas" }],
  },
  {
    name: "kubectl takes over what its last client-side apply set",
    steps: [csaCreate({ replicas: 2 }), { apply: D({ replicas: 3 }), manager: "kubectl" }],
    spec: { replicas: 3 },
  },
  {
    name: "kubectl still conflicts on fields changed since the client-side apply",
    steps: [
      csaCreate({ replicas: 2 }),
      { update: (o) => ({ ...o!, spec: { replicas: 5 } }), manager: "kubectl-edit" },
      { apply: D({ replicas: 3 }), manager: "kubectl" },
    ],
    conflicts: [{ manager: "kubectl-edit", operation: "Update", field: ".spec.replicas" }],
  },
  {
    name: "other appliers get no client-side apply allowance",
    steps: [csaCreate({ replicas: 2 }), { apply: D({ replicas: 3 }), manager: "argocd" }],
    conflicts: [{ manager: "kubectl-client-side-apply", operation: "Update", field: ".spec.replicas" }],
  },
];

describe("applyConfiguration", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const out = run(c.steps, c.initial);
    if (c.conflicts) {
      expect(out.conflicts?.map(({ manager, operation, field }) => ({ manager, operation, field }))).toEqual(c.conflicts);
      return;
    }
    expect(out.error).toBeUndefined();
    expect(out.conflicts).toBeUndefined();
    if (c.spec) expect(out.object?.spec).toEqual(c.spec);
    if (c.owners) expect(owners(out.object)).toEqual(c.owners);
  });

  it("records an Apply entry the way upstream serializes it", () => {
    const out = run([{ apply: D({ replicas: 2 }), manager: "kubectl" }]);
    expect(entries(out.object)).toEqual([
      { manager: "kubectl", operation: "Apply", apiVersion: "apps/v1", time: NOW, fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } } },
    ]);
    expect(out.object).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } });
  });

  it("re-applying the same configuration changes nothing, not even the time", () => {
    const config = D({ replicas: 2, ...withContainers([{ name: "app", image: "nginx" }]) });
    const first = run([{ apply: config, manager: "kubectl", now: NOW }]);
    const again = run([{ apply: config, manager: "kubectl", now: LATER }], first.object);
    expect(again.changed).toEqual([false]);
    expect(again.object).toEqual(first.object);
    expect(entries(again.object)[0].time).toBe(NOW);
  });

  it("sorts Apply entries before Update entries", () => {
    const out = run([{ update: create({ replicas: 1, paused: true }), manager: "a-create" }, { apply: D({ replicas: 1 }), manager: "z-applier" }]);
    expect(entries(out.object).map((e) => [e.manager, e.operation])).toEqual([
      ["z-applier", "Apply"],
      ["a-create", "Update"],
    ]);
  });

  it("rewrites kubectl's last-applied annotation after a server-side apply by kubectl", () => {
    const config = D({ replicas: 3 });
    const out = run([csaCreate({ replicas: 2 }), { apply: config, manager: "kubectl" }]);
    const annotations = (out.object?.metadata as Obj).annotations as Record<string, string>;
    expect(annotations[LAST_APPLIED_ANNOTATION]).toBe(`${canonicalJson(config)}\n`);
  });

  it.each<[string, Obj, string]>([
    ["duplicate list-map keys", D(withContainers([{ name: "app" }, { name: "app" }])), '.spec.template.spec.containers: duplicate entries for key [name="app"]'],
    ["managedFields in the configuration", D({}, { metadata: { managedFields: [] } }), "metadata.managedFields must be nil"],
  ])("rejects %s", (_name, config, error) => {
    expect(run([{ apply: config, manager: "a" }]).error).toBe(error);
  });
});
