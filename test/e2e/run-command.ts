/** Runs a command line tool (skopeo, the project's scripts) for an end-to-end test: exit code and output. */
import { execFile } from "node:child_process";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill it after this long (default 60 s). */
  timeoutMs?: number;
}

export function runCommand(cmd: string, args: string[], opts: RunOptions = {}): Promise<Run> {
  return new Promise((done) => {
    const options = { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 };
    execFile(cmd, args, options, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
