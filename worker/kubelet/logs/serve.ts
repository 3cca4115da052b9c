/**
 * The kubelet's answer to `GET /containerLogs/{ns}/{pod}/{container}` (pkg/kubelet/server getContainerLogs →
 * GetKubeletContainerLogs → kuberuntime ReadLogs), over the logs its Durable Object stores: pick the
 * instance from the pod status, select and format its lines, stream new ones when following a running
 * instance.
 */
import { followLogStream, type FollowOptions } from "./follow";
import { encodeLogLines } from "./format";
import { selectLogInstance, type StatusesLike } from "./instance";
import { sinceMsOf } from "./options";
import { readLogLines } from "./store";
import type { LogKey, LogResponse, PodLogOptions } from "./types";

export interface ContainerLogsInput {
  pod: { name: string; uid: string; status: StatusesLike };
  options: PodLogOptions;
  nowMs: number;
  /** Whether the container's instance `instance` runs now (asked while following). */
  running(instance: number): boolean | Promise<boolean>;
  pollMs?: number;
  sleep?: FollowOptions["sleep"];
}

export function serveContainerLogs(sql: SqlStorage, input: ContainerLogsInput): LogResponse {
  const { pod, options } = input;
  const target = selectLogInstance(pod.name, pod.status, options.container, options.previous);
  if (!target.ok) return { ok: false, code: 400, message: target.message };
  const key: LogKey = { podUid: pod.uid, container: options.container, instance: target.instance };
  const sinceMs = sinceMsOf(options, input.nowMs);
  const lines = readLogLines(sql, key, { tailLines: options.tailLines, sinceMs });
  if (!options.follow || !target.running) {
    return { ok: true, body: encodeLogLines(lines, options.timestamps, options.limitBytes).bytes };
  }
  const afterSeq = lastLogSeq(sql, key);
  const body = followLogStream(
    { read: (after) => readLogLines(sql, key, { afterSeq: after }), running: () => input.running(target.instance) },
    { initial: lines, afterSeq, timestamps: options.timestamps, limitBytes: options.limitBytes, sinceMs, pollMs: input.pollMs, sleep: input.sleep },
  );
  return { ok: true, body };
}

/** The sequence number of the last line written to the instance's file (0 before the first). */
export function lastLogSeq(sql: SqlStorage, key: LogKey): number {
  const row = sql
    .exec<{ next_seq: number }>(`SELECT next_seq FROM log_files WHERE pod_uid = ? AND container = ? AND instance = ?`, key.podUid, key.container, key.instance)
    .toArray()[0];
  return row ? row.next_seq - 1 : 0;
}
