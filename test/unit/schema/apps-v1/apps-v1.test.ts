/**
 * apps/v1: the accept corpus decodes, defaults and validates cleanly; defaults are upstream's; the rejects carry
 * upstream's field paths and messages.
 */
import { describe, expect, it } from "vitest";
import { appsV1 } from "../../../../schema/apps-v1";
import { admit, clone, kindOf, load, stored, update } from "../group-helpers";
import {
  CONTROLLER_REVISION,
  DAEMONSET,
  DEPLOYMENT_WITH_PROBES,
  KUBECTL_CREATE_DEPLOYMENT,
  RECREATE_DEPLOYMENT,
  REPLICASET,
  STATEFULSET_WITH_CLAIMS,
} from "./fixtures";

const def = (kind: string) => kindOf(appsV1, kind);

describe("apps/v1 accept corpus", () => {
  it.each([
    ["Deployment with probes and resources", DEPLOYMENT_WITH_PROBES],
    ["kubectl create deployment", KUBECTL_CREATE_DEPLOYMENT],
    ["Recreate deployment", RECREATE_DEPLOYMENT],
    ["StatefulSet with volumeClaimTemplates", STATEFULSET_WITH_CLAIMS],
    ["DaemonSet", DAEMONSET],
    ["ReplicaSet", REPLICASET],
    ["ControllerRevision", CONTROLLER_REVISION],
  ])("%s decodes, defaults and validates cleanly", (_name, yaml) => {
    const obj = load(yaml);
    const { issues, errors } = admit(def(obj.kind), obj);
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });

  it.each([DEPLOYMENT_WITH_PROBES, STATEFULSET_WITH_CLAIMS, DAEMONSET, REPLICASET])("defaulting is idempotent", (yaml) => {
    const first = admit(def(load(yaml).kind), load(yaml)).obj;
    expect(admit(def(first.kind), clone(first)).obj).toEqual(first);
  });
});

describe("apps/v1 defaults", () => {
  it("Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, pod defaults", () => {
    const { obj } = admit(def("Deployment"), load(KUBECTL_CREATE_DEPLOYMENT));
    expect(obj.spec).toMatchObject({
      replicas: 1,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(obj.spec.template.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler" });
    expect(obj.spec.template.spec.containers[0].imagePullPolicy).toBe("Always");
  });

  it("Deployment: Recreate gets no rollingUpdate", () => {
    expect(admit(def("Deployment"), load(RECREATE_DEPLOYMENT)).obj.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("ReplicaSet: replicas 1", () => {
    const rs = load(REPLICASET);
    delete rs.spec.replicas;
    expect(admit(def("ReplicaSet"), rs).obj.spec.replicas).toBe(1);
  });

  it("StatefulSet: OrderedReady, RollingUpdate partition 0, Retain/Retain, replicas 1, claim templates defaulted", () => {
    const sts = load(STATEFULSET_WITH_CLAIMS);
    delete sts.spec.replicas;
    delete sts.spec.persistentVolumeClaimRetentionPolicy;
    const { obj } = admit(def("StatefulSet"), sts);
    expect(obj.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    });
    expect(obj.spec.volumeClaimTemplates[0]).toMatchObject({ spec: { volumeMode: "Filesystem" }, status: { phase: "Pending" } });
  });

  it("StatefulSet: OnDelete gets no rollingUpdate", () => {
    const sts = load(STATEFULSET_WITH_CLAIMS);
    sts.spec.updateStrategy = { type: "OnDelete" };
    expect(admit(def("StatefulSet"), sts).obj.spec.updateStrategy).toEqual({ type: "OnDelete" });
  });

  it("DaemonSet: RollingUpdate maxUnavailable 1 maxSurge 0, revisionHistoryLimit 10", () => {
    const ds = load(DAEMONSET);
    delete ds.spec.updateStrategy;
    expect(admit(def("DaemonSet"), ds).obj.spec).toMatchObject({
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });
});

const deployment = () => load(KUBECTL_CREATE_DEPLOYMENT);

describe("apps/v1 rejects", () => {
  it.each<[string, () => ReturnType<typeof load>, string[]]>([
    [
      "selector does not match template labels",
      () => ({ ...deployment(), spec: { ...deployment().spec, selector: { matchLabels: { app: "other" } } } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    ],
    [
      "missing selector",
      () => {
        const d = deployment();
        delete d.spec.selector;
        return d;
      },
      ["spec.selector: Required value", 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    ],
    [
      "empty selector",
      () => {
        const d = deployment();
        d.spec.selector = {};
        return d;
      },
      ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"],
    ],
    [
      "negative replicas",
      () => {
        const d = deployment();
        d.spec.replicas = -1;
        return d;
      },
      ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    ],
    [
      "maxSurge and maxUnavailable both 0",
      () => {
        const d = deployment();
        d.spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } };
        return d;
      },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0'],
    ],
    [
      "maxUnavailable above 100%",
      () => {
        const d = deployment();
        d.spec.strategy = { rollingUpdate: { maxUnavailable: "150%" } };
        return d;
      },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'],
    ],
    [
      "unknown strategy type",
      () => {
        const d = deployment();
        d.spec.strategy = { type: "BlueGreen" };
        return d;
      },
      ['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"'],
    ],
    [
      "restartPolicy other than Always",
      () => {
        const d = deployment();
        d.spec.template.spec.restartPolicy = "Never";
        return d;
      },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      "progressDeadlineSeconds not above minReadySeconds",
      () => {
        const d = deployment();
        d.spec.minReadySeconds = 30;
        d.spec.progressDeadlineSeconds = 30;
        return d;
      },
      ["spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds"],
    ],
  ])("Deployment: %s", (_name, make, expected) => {
    expect(admit(def("Deployment"), make()).errors).toEqual(expected);
  });

  it.each(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"])("%s: spec.selector is immutable", (kind) => {
    const yaml = { Deployment: KUBECTL_CREATE_DEPLOYMENT, ReplicaSet: REPLICASET, StatefulSet: STATEFULSET_WITH_CLAIMS, DaemonSet: DAEMONSET }[kind]!;
    const old = stored(def(kind), yaml);
    const { errors } = update(def(kind), old, (o) => {
      const key = Object.keys(o.spec.selector.matchLabels)[0];
      o.spec.selector = { matchLabels: { [key]: "v2" } };
      o.spec.template.metadata.labels[key] = "v2";
    });
    expect(errors).toContain(`spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"${Object.keys(old.spec.selector.matchLabels)[0]}":"v2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`);
  });

  it("StatefulSet: changing volumeClaimTemplates is forbidden, replicas/template/updateStrategy are not", () => {
    const old = stored(def("StatefulSet"), STATEFULSET_WITH_CLAIMS);
    const ok = update(def("StatefulSet"), old, (o) => {
      o.spec.replicas = 5;
      o.spec.template.spec.containers[0].image = "nginx:1.27";
      o.spec.updateStrategy = { type: "OnDelete" };
      o.spec.minReadySeconds = 0;
    });
    expect(ok.errors).toEqual([]);
    const bad = update(def("StatefulSet"), old, (o) => {
      o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = "2Gi";
    });
    expect(bad.errors).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it("StatefulSet: unknown podManagementPolicy and retention policy", () => {
    const sts = load(STATEFULSET_WITH_CLAIMS);
    sts.spec.podManagementPolicy = "Random";
    sts.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Keep", whenScaled: "Retain" };
    expect(admit(def("StatefulSet"), sts).errors).toEqual([
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["both non-zero", { maxUnavailable: 1, maxSurge: 1 }, "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"],
    ["both zero", { maxUnavailable: 0, maxSurge: 0 }, "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"],
  ])("DaemonSet rolling update: %s", (_name, rollingUpdate, expected) => {
    const ds = load(DAEMONSET);
    ds.spec.updateStrategy = { type: "RollingUpdate", rollingUpdate };
    expect(admit(def("DaemonSet"), ds).errors).toEqual([expected]);
  });

  it("ReplicaSet: invalid container surfaces the pod template error path", () => {
    const rs = load(REPLICASET);
    rs.spec.template.spec.containers[0].name = "PHP";
    expect(admit(def("ReplicaSet"), rs).errors.some((e) => e.startsWith("spec.template.spec.containers[0].name: Invalid value: \"PHP\""))).toBe(true);
  });

  it("ControllerRevision: data is mandatory and immutable", () => {
    const cr = load(CONTROLLER_REVISION);
    delete cr.data;
    expect(admit(def("ControllerRevision"), cr).errors).toEqual(["data: Required value: data is mandatory"]);
    const old = stored(def("ControllerRevision"), CONTROLLER_REVISION);
    const { errors } = update(def("ControllerRevision"), old, (o) => (o.data = { spec: {} }));
    expect(errors).toEqual(['data: Invalid value: {"spec":{}}: field is immutable']);
  });
});

describe("apps/v1 KindDefs", () => {
  it.each([
    ["Deployment", "deployments", ["deploy"], true],
    ["ReplicaSet", "replicasets", ["rs"], true],
    ["StatefulSet", "statefulsets", ["sts"], true],
    ["DaemonSet", "daemonsets", ["ds"], false],
    ["ControllerRevision", "controllerrevisions", [], false],
  ])("%s: resource, short names, scale", (kind, resource, shortNames, scale) => {
    const d = def(kind as string);
    expect(d.resource).toBe(resource);
    expect(d.shortNames ?? []).toEqual(shortNames);
    expect(!!d.scale).toBe(scale);
    expect(d.categories ?? []).toEqual(kind === "ControllerRevision" ? [] : ["all"]);
    expect(!!d.status).toBe(kind !== "ControllerRevision");
    expect(!!d.generation).toBe(kind !== "ControllerRevision");
  });
});
