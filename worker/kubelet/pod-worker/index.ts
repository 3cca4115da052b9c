/**
 * The kubelet's pod worker for pods whose containers really run (the isolate runtime), pure: `planPodSync`
 * decides, the Kubelet Durable Object executes the actions and feeds results back through the `on…` reducers,
 * and `containerFacts` / `podIsTerminal` feed computePodStatus. See README.md beside this file.
 */
export { planPodSync, podIsTerminal, allContainersStopped } from "./plan";
export { newPodRecord, onImagePulled, onContainerStarted, onContainerExited, onProbeResult, onPreStopDone, probeKey } from "./record";
export { containerFacts } from "./facts";
export { shouldContainerBeRestarted } from "./pod-actions";
export { containerHash, fieldPath, pullPolicyOf, podTerminationGraceMs, containerKillGraceMs, MIN_KILL_GRACE_MS } from "./spec";
export { SYNC_ERROR_REQUEUE_MS } from "./start";
export type * from "./types";
