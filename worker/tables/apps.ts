/**
 * apps/v1 tables: upstream printDeployment, printReplicaSet, printStatefulSet, printDaemonSet,
 * printControllerRevision.
 */
import { ageOf, controllerOf, formatLabelSelector, formatLabels, int, labelSelectorString, layoutContainerCells, nameOf, str } from "./format";
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column, type KubeObject, type TableDef } from "./types";

/** spec.replicas with v1 defaulting (absent → 1). */
function desiredReplicas(obj: KubeObject): number {
  return typeof obj.spec?.replicas === "number" ? int(obj.spec.replicas) : 1;
}

function templateContainers(obj: KubeObject): [string, string] {
  return layoutContainerCells(obj.spec?.template?.spec?.containers);
}

const SELECTOR_DESCRIPTION = "Label selector for pods.";

export const DEPLOYMENT_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", "Number of the pod with ready state"),
    column("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
    column("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column("Selector", "string", SELECTOR_DESCRIPTION, 1),
  ],
  cells(d, now) {
    const status = d.status ?? {};
    // Deployments print the selector itself: "" when empty, "<invalid>" when it does not parse.
    const selector = labelSelectorString(d.spec?.selector) ?? "<invalid>";
    return [
      nameOf(d),
      `${int(status.readyReplicas)}/${desiredReplicas(d)}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      ageOf(d, now),
      ...templateContainers(d),
      selector,
    ];
  },
};

export const REPLICA_SET_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Desired", "integer", "Replicas is the number of desired pods."),
    column("Current", "integer", "Replicas is the most recently observed number of replicas."),
    column("Ready", "integer", "The number of ready replicas for this replica set."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column("Selector", "string", "Selector is a label query over pods that should match the replica count.", 1),
  ],
  cells: (rs, now) => [
    nameOf(rs),
    desiredReplicas(rs),
    int(rs.status?.replicas),
    int(rs.status?.readyReplicas),
    ageOf(rs, now),
    ...templateContainers(rs),
    formatLabelSelector(rs.spec?.selector),
  ],
};

export const STATEFUL_SET_TABLE: TableDef = {
  columns: [NAME_COLUMN, column("Ready", "string", "Number of the pod with ready state"), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells: (ss, now) => [
    nameOf(ss),
    `${int(ss.status?.readyReplicas)}/${desiredReplicas(ss)}`,
    ageOf(ss, now),
    ...templateContainers(ss),
  ],
};

export const DAEMON_SET_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Desired", "integer", "The total number of nodes that should be running the daemon pod."),
    column("Current", "integer", "The number of nodes running a daemon pod that should."),
    column("Ready", "integer", "The number of nodes running a ready daemon pod."),
    column("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
    column("Available", "integer", "The number of nodes running an available daemon pod."),
    column("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column("Selector", "string", "A label query over pods that are managed by the daemon set.", 1),
  ],
  cells(ds, now) {
    const status = ds.status ?? {};
    return [
      nameOf(ds),
      int(status.desiredNumberScheduled),
      int(status.currentNumberScheduled),
      int(status.numberReady),
      int(status.updatedNumberScheduled),
      int(status.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, now),
      ...templateContainers(ds),
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** formatResourceName(GroupKind, name, withKind=true): "kind.group/name" lower-cased ("statefulset.apps/web"). */
export function controllerName(ref: KubeObject | undefined): string {
  if (!ref) return "<none>";
  const apiVersion = str(ref.apiVersion);
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const kind = str(ref.kind);
  if (!group && !kind) return str(ref.name);
  const groupKind = group ? `${kind}.${group}` : kind;
  return `${groupKind.toLowerCase()}/${str(ref.name)}`;
}

export const CONTROLLER_REVISION_TABLE: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Controller", "string", "Controller of the object"),
    column("Revision", "string", "Revision indicates the revision of the state represented by Data."),
    AGE_COLUMN,
  ],
  cells: (cr, now) => [nameOf(cr), controllerName(controllerOf(cr)), int(cr.revision), ageOf(cr, now)],
};
