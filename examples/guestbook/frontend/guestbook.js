/**
 * The guestbook's web tier: stateless, any number of replicas. It keeps nothing itself and reaches the backend
 * through its ClusterIP Service by cluster DNS name, with plain `fetch`.
 *
 *   GET  /          the page: a heading with the version and the pod, then the entries, one a line
 *   POST /entries   the request body (text) becomes an entry
 *   GET  /healthz   readiness: this replica is up (it does not ask the backend)
 */
const BACKEND = "http://backend/entries";

/** The frontend of one version: `v1.js` and `v2.js` are the two entry modules (images) built from this folder. */
export function guestbookFrontend(version) {
  return {
    async fetch(request, env) {
      const { pathname } = new URL(request.url);
      if (pathname === "/healthz") return new Response("ok\n");
      if (pathname === "/entries" && request.method === "POST") {
        const text = (await request.text()).trim();
        const saved = await fetch(BACKEND, { method: "POST", body: text });
        return new Response(saved.ok ? `saved: ${text}\n` : `backend answered ${saved.status}: ${await saved.text()}`, { status: saved.status });
      }
      if (pathname !== "/" || request.method !== "GET") return new Response("not found\n", { status: 404 });
      const listed = await fetch(BACKEND);
      if (!listed.ok) return new Response(`backend answered ${listed.status}: ${await listed.text()}`, { status: 502 });
      const entries = await listed.json();
      const lines = entries.map((e, i) => (version === "v2" ? `${i + 1}. ${e.text}  (${e.at})` : `- ${e.text}`));
      return new Response([`Guestbook ${version} (${env.KUBE.podName})`, ...lines, ""].join("\n"));
    },
  };
}
