import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToText, decodeBase64Text } from "../../../../worker/kubelet/pod-env/decode";

describe("decodeBase64Text", () => {
  it.each([
    ["ASCII", btoa("hello"), "hello"],
    ["UTF-8", "Wm/Dqw==", "Zoë"],
    ["not UTF-8: Latin-1, one character per byte", btoa("\u00ff\u00fe\u0000"), "\u00ff\u00fe\u0000"],
    ["empty", "", ""],
    ["not base64: the text itself", "not base64!", "not base64!"],
  ])("%s", (_name, input, expected) => expect(decodeBase64Text(input)).toBe(expected));

  it("gives binary back byte for byte", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = bytesToText(bytes);
    expect(Uint8Array.from(text, (c) => c.charCodeAt(0))).toEqual(bytes);
    expect(base64ToBytes(btoa(text))).toEqual(bytes);
  });
});
