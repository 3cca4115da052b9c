/**
 * `kubectl exec` over WebSocket (the remotecommand protocol, `v5.channel.k8s.io` / `v4.channel.k8s.io`): every
 * binary message starts with its channel — 0 stdin, 1 stdout, 2 stderr, 3 the error channel (a metav1.Status
 * ending the command), 4 resize; v5 adds 255, "close this channel". A container's `exec` entry runs to
 * completion and returns its whole output, so the answer is: stdout, stderr, the Status, close.
 */

export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;

/** The subprotocol to speak: the first of ours the client offers (kubectl offers v5 first), if any. */
export function negotiateProtocol(header: string | null): string | undefined {
  const offered = (header ?? "").split(",").map((p) => p.trim());
  return EXEC_PROTOCOLS.find((p) => offered.includes(p));
}

export interface ExecOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The error channel's Status (remotecommand's v4 error stream): Success, or NonZeroExitCode with the code. */
export function exitStatus(exitCode: number): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: "Success" };
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command, exit status ${exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  };
}

/** The messages to send, in order: stdout and stderr when non-empty, then the Status on the error channel. */
export function execFrames(outcome: ExecOutcome, want: { stdout: boolean; stderr: boolean }): Uint8Array[] {
  const enc = new TextEncoder();
  const frame = (channel: number, text: string) => {
    const body = enc.encode(text);
    const out = new Uint8Array(body.length + 1);
    out[0] = channel;
    out.set(body, 1);
    return out;
  };
  const frames: Uint8Array[] = [];
  if (want.stdout && outcome.stdout) frames.push(frame(1, outcome.stdout));
  if (want.stderr && outcome.stderr) frames.push(frame(2, outcome.stderr));
  frames.push(frame(3, JSON.stringify(exitStatus(outcome.exitCode))));
  return frames;
}
