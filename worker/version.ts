/** `/version`: the Kubernetes release whose API this server implements (kubectl warns beyond ±1 minor). */
export const VERSION_INFO = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.4-kube-edge",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-11-29T00:00:00Z",
  goVersion: "n/a (TypeScript on workerd)",
  compiler: "workerd",
  platform: "workers/wasm",
};
