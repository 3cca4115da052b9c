/** Container instance ids: deterministic, distinct per restart, parsed back (pure). */
import { describe, expect, it } from "vitest";
import { containerId, parseContainerId } from "../../../../worker/kubelet/isolate/container-id";

describe("containerId", () => {
  it.each([
    [{ podUid: "6f1c-uid", container: "web", restartCount: 0 }, "isolate://6f1c-uid/web/0"],
    [{ podUid: "6f1c-uid", container: "web", restartCount: 12 }, "isolate://6f1c-uid/web/12"],
  ])("%o → %s", (instance, id) => {
    expect(containerId(instance)).toBe(id);
    expect(parseContainerId(id)).toEqual(instance);
  });

  it.each(["containerd://abc", "isolate://uid/web", "isolate://uid/web/01", "isolate://uid/web/-1", "isolate://uid/a/b/0"])("%s is not an instance id", (id) => {
    expect(parseContainerId(id)).toBeUndefined();
  });
});
