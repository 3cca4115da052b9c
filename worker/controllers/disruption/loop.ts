/**
 * The disruption controller (`disruption`, identity disruption-controller, events from "controllermanager"):
 * keys are namespaces. A budget or pod change wakes its namespace (`wakes` sees only the pod, not which
 * budgets select it); a pass reads the namespace's budgets and, when there are any, its pods once, and
 * writes each budget's status (trySync, failSafe on errors other than conflicts). It also resets stale
 * DisruptionTarget conditions of the pods it read (upstream does this for every pod; here only in
 * namespaces with budgets). Timers: the earliest disruptedPods expiry and stale-condition reset.
 *
 * Events are recorded when the status written changes (upstream records NoPods and UnmanagedPods on every
 * sync, which here would repeat every cron minute); MultiplePodDisruptionBudgets is not recorded.
 */
import type { KubeObject } from "../../../schema/types";
import { controllerUser } from "../../internal-client";
import { ControllerApiError, type ControllerApi } from "../framework/api";
import type { ControllerLoop, SyncResult } from "../framework/loop";
import { DISRUPTION_TARGET, updatePodCondition } from "../node-lifecycle/pod-conditions";
import { informerList } from "../node-lifecycle/shared-informers";
import { timeString } from "../node-lifecycle/time";
import { buildDisruptedPods, countHealthyPods, expectedPodCount, failSafeStatus, needsScale, pdbStatus } from "./budget";
import { controllerScales } from "./controller-scale";
import { budgetSelects, selectorString, staleDisruptionAfterMs } from "./pod-selection";

const PDBS = "/apis/policy/v1";

const pdbRef = (pdb: KubeObject): KubeObject => ({ ...pdb, kind: "PodDisruptionBudget", apiVersion: "policy/v1" });
const isConflict = (e: unknown) => e instanceof ControllerApiError && e.response.status === 409;

async function writeStatus(api: ControllerApi, pdb: KubeObject, status: KubeObject): Promise<void> {
  const path = `${PDBS}/namespaces/${pdb.metadata?.namespace}/poddisruptionbudgets/${pdb.metadata?.name}/status`;
  await api.expect(api.update(path, { ...pdb, status }), `update status of PodDisruptionBudget ${pdb.metadata?.name}`, [404]);
}

/** trySync for one budget: the ms until it needs another look, if any. */
async function trySync(api: ControllerApi, pdb: KubeObject, all: readonly KubeObject[], now: number): Promise<number | undefined> {
  const pods = all.filter((p) => budgetSelects(pdb, p));
  const spec = pdb.spec ?? {};
  const scales = needsScale(spec) ? await controllerScales(api, pods) : new Map();
  const expected = expectedPodCount(spec, pods, scales);
  if (!expected.ok) {
    await api.event(pdbRef(pdb), "Warning", "CalculateExpectedPodCountFailed", `Failed to calculate the number of expected pods: ${expected.message}`);
    throw new Error(expected.message);
  }
  const disrupted = buildDisruptedPods(pods, pdb.status, now);
  for (const name of disrupted.notDeleted) {
    const pod = pods.find((p) => p.metadata?.name === name)!;
    // Upstream prints the budget's namespace twice ("PDB %s/%s", pdb.Namespace, pdb.Namespace).
    await api.event({ ...pod, kind: "Pod", apiVersion: "v1" }, "Warning", "NotDeleted", `Pod was expected by PDB ${pdb.metadata?.namespace}/${pdb.metadata?.namespace} to be deleted but it wasn't`);
  }
  const healthy = countHealthyPods(pods, disrupted.disruptedPods, now);
  const { expectedCount, desiredHealthy, unmanagedPods } = expected.value;
  const status = pdbStatus(pdb, healthy, desiredHealthy, expectedCount, disrupted.disruptedPods, now);
  if (status) {
    if (pods.length === 0) await api.event(pdbRef(pdb), "Normal", "NoPods", "No matching pods found");
    if (unmanagedPods.length) {
      await api.event(
        pdbRef(pdb),
        "Warning",
        "UnmanagedPods",
        `Pods selected by this PodDisruptionBudget (selector: ${selectorString(spec.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    await writeStatus(api, pdb, status);
  }
  return disrupted.recheckAt === undefined ? undefined : disrupted.recheckAt - now;
}

/** syncStalePodDisruption for the pods read: reset due conditions, the ms until the next one is due. */
async function resetStaleDisruptions(api: ControllerApi, pods: readonly KubeObject[], now: number): Promise<number | undefined> {
  let next: number | undefined;
  for (const pod of pods) {
    const after = staleDisruptionAfterMs(pod, now);
    if (after === undefined) continue;
    if (after > 0) {
      next = Math.min(next ?? Infinity, after);
      continue;
    }
    const cond = updatePodCondition(pod.status?.conditions, { type: DISRUPTION_TARGET, status: "False" }, timeString(now));
    if (!cond.changed) continue;
    const path = `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}/status`;
    await api.expect(api.update(path, { ...pod, status: { ...pod.status, conditions: cond.conditions } }), `reset DisruptionTarget of ${pod.metadata?.name}`, [404]);
  }
  return next;
}

async function syncNamespace(api: ControllerApi, ns: string): Promise<SyncResult> {
  const pdbs = await api.list(`${PDBS}/namespaces/${ns}/poddisruptionbudgets`);
  if (pdbs.length === 0) return {};
  const pods = await informerList(api, `/api/v1/namespaces/${ns}/pods`);
  const now = api.now().getTime();
  const waits: number[] = [];
  let conflict: unknown;
  for (const pdb of pdbs) {
    try {
      const wait = await trySync(api, pdb, pods, now);
      if (wait !== undefined) waits.push(wait);
    } catch (e) {
      if (isConflict(e)) conflict ??= e;
      else await writeStatus(api, pdb, failSafeStatus(pdb, e instanceof Error ? e.message : String(e), now));
    }
  }
  const stale = await resetStaleDisruptions(api, pods, now);
  if (stale !== undefined) waits.push(stale);
  if (conflict) throw conflict;
  return waits.length ? { requeueAfterMs: Math.max(0, Math.min(...waits)) } : {};
}

export const disruptionLoop: ControllerLoop = {
  name: "disruption",
  user: controllerUser("disruption-controller"),
  component: "controllermanager",
  wakes: (change) =>
    change.resource === "policy/poddisruptionbudgets" || change.resource === "/pods" ? [change.object.metadata?.namespace as string].filter(Boolean) : [],
  sync: syncNamespace,
  resyncKeys: async (api) => [...new Set((await api.list(`${PDBS}/poddisruptionbudgets`)).map((p) => p.metadata?.namespace as string))],
};
