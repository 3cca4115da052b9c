/**
 * The guestbook's storage tier: one replica that keeps the entries as JSON lines in a file on its
 * PersistentVolumeClaim (mounted at /data), so they outlive the pod.
 *
 *   GET  /entries   the entries, oldest first: [{ "text": "...", "at": "<RFC 3339>" }]
 *   POST /entries   appends the request body (text) as an entry → 201
 *   GET  /healthz   readiness: the volume answers
 */
const FILE = "/data/entries.jsonl";

async function readEntries(volumes) {
  const text = await volumes.readFile(FILE, "utf8").catch((e) => (e.code === "ENOENT" ? "" : Promise.reject(e)));
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/healthz") return (await env.VOLUMES.exists("/data")) ? new Response("ok\n") : new Response("no volume\n", { status: 503 });
    if (pathname !== "/entries") return new Response("not found\n", { status: 404 });
    if (request.method === "POST") {
      const text = (await request.text()).trim();
      if (!text) return new Response("an entry needs some text\n", { status: 400 });
      await env.VOLUMES.appendFile(FILE, JSON.stringify({ text, at: new Date().toISOString() }) + "\n");
      console.log(`${env.KUBE.podName}: saved ${JSON.stringify(text)}`);
      return new Response("created\n", { status: 201 });
    }
    return Response.json(await readEntries(env.VOLUMES));
  },
};
