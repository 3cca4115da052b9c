/**
 * `tableFor(group, resource)`: the upstream printer for a resource (pkg/printers/internalversion
 * AddHandlers), or one of the two upstream defaults for resources without one (see default-table.ts).
 */
import { DAEMON_SET_TABLE, DEPLOYMENT_TABLE, CONTROLLER_REVISION_TABLE, REPLICA_SET_TABLE, STATEFUL_SET_TABLE } from "./apps";
import { CRON_JOB_TABLE, JOB_TABLE } from "./batch";
import { CERTIFICATE_SIGNING_REQUEST_TABLE } from "./certificates";
import { CONFIG_MAP_TABLE, SECRET_TABLE, SERVICE_ACCOUNT_TABLE } from "./core-config";
import { EVENT_TABLE } from "./core-event";
import { NAMESPACE_TABLE, RESOURCE_QUOTA_TABLE } from "./core-namespace";
import { NODE_TABLE } from "./core-node";
import { POD_TABLE } from "./core-pod";
import { ENDPOINTS_TABLE, SERVICE_TABLE } from "./core-service";
import { PERSISTENT_VOLUME_CLAIM_TABLE, PERSISTENT_VOLUME_TABLE } from "./core-volume";
import { CREATED_AT_TABLE, NAME_AGE_TABLE } from "./default-table";
import { INGRESS_CLASS_TABLE, INGRESS_TABLE, NETWORK_POLICY_TABLE } from "./networking";
import {
  ENDPOINT_SLICE_TABLE,
  LEASE_TABLE,
  POD_DISRUPTION_BUDGET_TABLE,
  PRIORITY_CLASS_TABLE,
  RUNTIME_CLASS_TABLE,
  STORAGE_CLASS_TABLE,
} from "./other-groups";
import { CLUSTER_ROLE_BINDING_TABLE, ROLE_BINDING_TABLE } from "./rbac";
import type { TableDef } from "./types";

/** Tables keyed by API group ("" = core), then plural resource name. */
const TABLES: Record<string, Record<string, TableDef>> = {
  "": {
    pods: POD_TABLE,
    namespaces: NAMESPACE_TABLE,
    nodes: NODE_TABLE,
    configmaps: CONFIG_MAP_TABLE,
    secrets: SECRET_TABLE,
    serviceaccounts: SERVICE_ACCOUNT_TABLE,
    services: SERVICE_TABLE,
    endpoints: ENDPOINTS_TABLE,
    events: EVENT_TABLE,
    persistentvolumes: PERSISTENT_VOLUME_TABLE,
    persistentvolumeclaims: PERSISTENT_VOLUME_CLAIM_TABLE,
    resourcequotas: RESOURCE_QUOTA_TABLE,
    limitranges: CREATED_AT_TABLE,
  },
  apps: {
    deployments: DEPLOYMENT_TABLE,
    replicasets: REPLICA_SET_TABLE,
    statefulsets: STATEFUL_SET_TABLE,
    daemonsets: DAEMON_SET_TABLE,
    controllerrevisions: CONTROLLER_REVISION_TABLE,
  },
  batch: { jobs: JOB_TABLE, cronjobs: CRON_JOB_TABLE },
  "certificates.k8s.io": { certificatesigningrequests: CERTIFICATE_SIGNING_REQUEST_TABLE },
  "coordination.k8s.io": { leases: LEASE_TABLE },
  "discovery.k8s.io": { endpointslices: ENDPOINT_SLICE_TABLE },
  "events.k8s.io": { events: EVENT_TABLE },
  "rbac.authorization.k8s.io": {
    roles: CREATED_AT_TABLE,
    clusterroles: CREATED_AT_TABLE,
    rolebindings: ROLE_BINDING_TABLE,
    clusterrolebindings: CLUSTER_ROLE_BINDING_TABLE,
  },
  "storage.k8s.io": { storageclasses: STORAGE_CLASS_TABLE },
  "node.k8s.io": { runtimeclasses: RUNTIME_CLASS_TABLE },
  "scheduling.k8s.io": { priorityclasses: PRIORITY_CLASS_TABLE },
  policy: { poddisruptionbudgets: POD_DISRUPTION_BUDGET_TABLE },
  "networking.k8s.io": {
    ingresses: INGRESS_TABLE,
    ingressclasses: INGRESS_CLASS_TABLE,
    networkpolicies: NETWORK_POLICY_TABLE,
  },
};

/**
 * The table for a resource. `group` is "" (or "core") for the core group; `resource` is the plural,
 * lower-case resource name. Built-ins without an upstream printer get Name + Created At; unknown
 * resources (custom resources) get Name + Age.
 */
export function tableFor(group: string, resource: string): TableDef {
  const g = group === "core" ? "" : group;
  const known = TABLES[g];
  if (!known) return NAME_AGE_TABLE;
  return Object.hasOwn(known, resource) ? known[resource] : NAME_AGE_TABLE;
}
