/**
 * Container logs as the kubelet keeps and serves them. Upstream a container runtime writes one CRI log file per
 * container instance (`/var/log/pods/<ns>_<pod>_<uid>/<container>/<restartCount>.log`, one line per entry:
 * timestamp, stream, tag, text) and the kubelet reads it back (pkg/kubelet/kuberuntime/logs/logs.go). Here a
 * "file" is the rows of one (pod uid, container, instance) in the kubelet Durable Object's SQLite.
 */

/** The CRI stream a line was written to. */
export type LogStream = "stdout" | "stderr";

/** One line as a runtime hands it over: no trailing newline, `ts` in milliseconds since the epoch. */
export interface NewLogLine {
  ts: number;
  stream: LogStream;
  text: string;
}

/** A stored line: `seq` orders the lines of one instance (1, 2, …; never reused once trimmed). */
export interface LogLine extends NewLogLine {
  seq: number;
}

/**
 * One container instance's log. `instance` is the container's restartCount while that instance ran (the CRI
 * file name upstream): 0 for the first start, n after n restarts.
 */
export interface LogKey {
  podUid: string;
  container: string;
  instance: number;
}

/**
 * core/v1 PodLogOptions as the API server hands it to the kubelet (`GET /containerLogs/{ns}/{pod}/{container}`
 * upstream), once decoded and validated. `container` is resolved by the API server, so it is always set.
 */
export interface PodLogOptions {
  container: string;
  /** Stream new lines until the container instance stops or the client goes away. */
  follow: boolean;
  /** The previous instance (the one `lastState.terminated` describes). */
  previous: boolean;
  /** Prefix each line with its RFC 3339 timestamp (nanosecond digits, fixed width). */
  timestamps: boolean;
  sinceSeconds?: number;
  /** RFC 3339. */
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
}

/** A kubelet's refusal, with the HTTP code the kubelet's server answers it with. */
export interface KubeletFailure {
  ok: false;
  /** 400: the container has no logs to give (validateContainerLogStatus); 404: no such pod or container here. */
  code: 400 | 404 | 500;
  message: string;
}

/** The answer to a log request: the bytes, or a stream of them while following. */
export type LogResponse = { ok: true; body: Uint8Array | ReadableStream<Uint8Array> } | KubeletFailure;
