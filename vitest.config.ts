import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { readFileSync } from "node:fs";

/**
 * A project of tests run inside workerd against the real Worker. `extraBindings` differ per project: the
 * fuzz suites check the API's write contract (a GET returns exactly what a create answered, a rejected write
 * leaves no watch event), which the control loops would race with their own writes, so they run with the
 * controllers off.
 */
function workerdProject(name: string, include: string[], exclude: string[], extraBindings: Record<string, string>) {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ADMIN_TOKEN: "test-admin-token",
            WATCH_BOOKMARK_MS: "500",
            // One audit line per request would flood test output; test/unit/limits turns it on per request.
            AUDIT_LOG: "off",
            // The test cluster CA (test/fixtures, generated once): CSR signer, client certificates.
            CLUSTER_CA_CERT: readFileSync("test/fixtures/test-ca.crt", "utf8"),
            CLUSTER_CA_KEY: readFileSync("test/fixtures/test-ca.key", "utf8"),
            // Trust request.cf.tlsClientAuth (as behind the edge's mTLS; never set by scripts/start.mjs).
            CLIENT_CERT_AUTH: "platform",
            // --token-auth-file users (test/unit/authn).
            STATIC_TOKENS: readFileSync("test/fixtures/static-tokens.csv", "utf8"),
            // The namespace controller's background pass after a namespace DELETE (default 2 s): tests poll.
            NAMESPACE_CLEANUP_DELAY_MS: "200",
            // No kubelets unless a test starts some (test/unit/kubelet): most tests register Nodes themselves.
            NODE_POOL: "",
            // The host the tests reach the Worker by: pod images there come from the built-in registry.
            CLUSTER_HOSTS: "k8s.test",
            // The controller chaos seeds (test/unit/controllers/chaos-schedule.ts): empty → the default five.
            CHAOS_SEEDS: process.env.CHAOS_SEEDS ?? "",
            ...extraBindings,
          },
        },
      }),
    ],
    test: {
      name,
      // cron-parser require()s luxon, whose ESM entry the test pool's module runner hands over without its
      // exports; pre-bundled with esbuild (as the production bundle is) it resolves correctly.
      deps: { optimizer: { ssr: { enabled: true, include: ["cron-parser"] } } },
      include,
      exclude,
      // Every file ends only when the control loops its writes woke are quiet (a loop still reconciling when
      // the file's runtime closes fails the run with "Closing rpc while resolve was pending").
      setupFiles: ["test/unit/settle-setup.ts"],
      // A file's first request loads the app and bootstraps a fresh cluster (RBAC policy, signing key): a
      // few seconds on a loaded 2-core machine. Limits against hangs, not speed tests.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      workerdProject("workerd", ["test/unit/**/*.test.ts"], ["test/unit/fuzz/**"], {}),
      workerdProject("workerd-api", ["test/unit/fuzz/**/*.test.ts"], [], { CONTROLLERS_OFF: "true" }),
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // test/scripts: the pure parts of the node scripts (bench report, etcd side by side).
        test: { name: "scripts", include: ["test/scripts/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
      },
      {
        // test/reliability: crash (kill -9), linearizability, watch properties and fuzz, in the bounded form
        // `npm test` runs; `npm run test:reliability` runs the full counts (scripts/reliability.mjs).
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
