#!/usr/bin/env node
/**
 * `npm run dev`: `wrangler dev` (live reload) over HTTPS with the project certificate, on the same port,
 * state directory and admin token as `npm start`:
 *
 *   wrangler dev --ip 127.0.0.1 --port $PORT --local-protocol https
 *                --https-key-path .wrangler/certs/server.key --https-cert-path .wrangler/certs/server.crt
 *                --persist-to <state> --test-scheduled
 *
 * The token reaches the worker as `ADMIN_TOKEN` through `.dev.vars` (rewritten here; other lines kept), the
 * project CA (which signs approved CSRs) as `CLUSTER_CA_CERT` / `CLUSTER_CA_KEY`.
 * wrangler dev does not fire cron triggers either, so this process calls `/__scheduled` (enabled by
 * `--test-scheduled`) at every minute boundary for the every-minute crons, like `npm start` does.
 * Slower than `npm start` (two workerd processes and a proxy): use it for editing, not measuring.
 *
 * Usage: node scripts/dev.mjs [--port N] [--state DIR] [-- extra wrangler dev args]
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureAdminToken } from "./admin-token.mjs";
import { ensureCerts } from "./certs.mjs";
import { msUntilNextMinute } from "./lib/cron.mjs";
import { writeFileAtomic } from "./lib/fs-util.mjs";
import { ROOT, isMainModule, resolvePort, resolveStateDir } from "./lib/paths.mjs";

/**
 * `.dev.vars` text with `name` set to `value` (dotenv syntax, value double-quoted), other lines kept.
 * @param {string} existing current file contents ("" when missing)
 * @param {string} name
 * @param {string} value
 */
export function setDevVar(existing, name, value) {
  const line = `${name}=${JSON.stringify(value)}`;
  const lines = existing.split("\n").filter((l, i, all) => !(i === all.length - 1 && l === ""));
  const at = lines.findIndex((l) => new RegExp(`^\\s*${name}\\s*=`).test(l));
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  return `${lines.join("\n")}\n`;
}

if (isMainModule(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { port: { type: "string" }, state: { type: "string" } },
    allowPositionals: true,
  });
  const port = resolvePort(values.port);
  const stateDir = resolveStateDir(values.state);
  const [certs, token] = await Promise.all([ensureCerts(), ensureAdminToken(stateDir)]);
  const devVars = join(ROOT, ".dev.vars");
  const existing = existsSync(devVars) ? readFileSync(devVars, "utf8") : "";
  let vars = setDevVar(existing, "ADMIN_TOKEN", token);
  vars = setDevVar(vars, "CLUSTER_CA_CERT", readFileSync(certs.caPath, "utf8"));
  vars = setDevVar(vars, "CLUSTER_CA_KEY", readFileSync(certs.caKeyPath, "utf8"));
  writeFileAtomic(devVars, vars, 0o600);

  const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const args = [
    ...["dev", "--ip", "127.0.0.1", "--port", String(port), "--local-protocol", "https"],
    ...["--https-key-path", certs.keyPath, "--https-cert-path", certs.certPath],
    ...["--persist-to", stateDir, "--test-scheduled"],
    ...positionals,
  ];
  // Local development stays offline: no request.cf download, no telemetry (both default to on in wrangler).
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
  const child = spawn(process.execPath, [wrangler, ...args], { cwd: ROOT, stdio: "inherit", env });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
    process.on(signal, () => child.kill(signal));
  }

  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const fireCron = () => {
    const req = request(
      `https://127.0.0.1:${port}/__scheduled?cron=${encodeURIComponent("* * * * *")}`,
      { ca: certs.caPem, timeout: 30_000 },
      (res) => {
        res.resume();
        if (res.statusCode !== 200) console.error(`kube-edge dev: scheduled handler answered ${res.statusCode}`);
      },
    );
    req.on("error", (err) => console.error(`kube-edge dev: scheduled handler failed: ${err.message}`));
    req.end();
    timer = setTimeout(fireCron, msUntilNextMinute(Date.now()));
  };
  timer = setTimeout(fireCron, msUntilNextMinute(Date.now()));
  child.on("exit", (code, signal) => {
    clearTimeout(timer);
    process.exit(code ?? (signal ? 128 : 1));
  });
}
