/** The Worker Loader code of a container: wrapper as main, image modules kept, env/limits/outbound (pure). */
import { describe, expect, it } from "vitest";
import { containerCode } from "../../../../worker/kubelet/isolate/container-code";
import { WRAPPER_CONSOLE, WRAPPER_MAIN } from "../../../../worker/kubelet/isolate/wrapper-source";
import { image } from "./fixtures";

describe("containerCode", () => {
  it("wraps the image's entry and keeps its modules", () => {
    const code = containerCode({ image: image({ "app/server.js": "export default {};", "app/data.json": "{}" }, "app/server.js"), env: { A: "1" }, limits: { cpuMs: 50 } }, null);
    expect(code.ok).toBe(true);
    if (!code.ok) return;
    expect(code.value).toMatchObject({ mainModule: WRAPPER_MAIN, env: { A: "1" }, limits: { cpuMs: 50 }, globalOutbound: null, compatibilityFlags: ["nodejs_compat"] });
    expect(Object.keys(code.value.modules).sort()).toEqual([WRAPPER_CONSOLE, WRAPPER_MAIN, "app/data.json", "app/server.js"]);
    expect(JSON.stringify(code.value.modules[WRAPPER_MAIN])).toContain("../app/server.js");
  });

  it("refuses an image that uses the runtime's reserved folder", () => {
    const code = containerCode({ image: image({ "index.js": "export default {};", "__kube_edge/main.js": "" }), env: {} }, null);
    expect(code).toEqual({ ok: false, reason: expect.stringContaining("__kube_edge/main.js") });
  });
});
