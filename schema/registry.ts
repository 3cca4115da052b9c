/** The cluster's resource registry: every served group/version, in discovery order. */
import { Registry } from "./registry-core";
import type { GroupVersionDef } from "./types";
import { coreV1 } from "./core-v1";
import { appsV1 } from "./apps-v1";
import { batchV1 } from "./batch-v1";
import { certificatesV1 } from "./certificates-v1";
import { eventsV1 } from "./events-v1";
import { coordinationV1 } from "./coordination-v1";
import { discoveryV1 } from "./discovery-v1";
import { networkingV1 } from "./networking-v1";
import { nodeV1 } from "./node-v1";
import { policyV1 } from "./policy-v1";
import { rbacV1 } from "./rbac-v1";
import { schedulingV1 } from "./scheduling-v1";
import { storageV1 } from "./storage-v1";

export const GROUP_VERSIONS: GroupVersionDef[] = [
  coreV1,
  appsV1,
  eventsV1,
  batchV1,
  certificatesV1,
  policyV1,
  rbacV1,
  storageV1,
  networkingV1,
  schedulingV1,
  coordinationV1,
  nodeV1,
  discoveryV1,
];

export const registry = new Registry(GROUP_VERSIONS);
