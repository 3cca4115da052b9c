/** apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision. */
import type { GroupVersionDef } from "../types";
import { controllerRevisionDef } from "./controller-revision";
import { daemonSetDef } from "./daemon-set";
import { deploymentDef } from "./deployment";
import { replicaSetDef } from "./replica-set";
import { statefulSetDef } from "./stateful-set";

export * from "./controller-revision";
export * from "./daemon-set";
export * from "./deployment";
export * from "./replica-set";
export * from "./stateful-set";
export { labelSelectorString, selectorMatches } from "./workload-validation";

export const appsV1: GroupVersionDef = {
  group: "apps",
  version: "v1",
  kinds: [controllerRevisionDef, daemonSetDef, deploymentDef, replicaSetDef, statefulSetDef],
};
