import { describe, expect, it } from "vitest";
import { checkCsrSignature, parseCsr } from "../../../worker/certificates/csr";
import { base64ErrorOffset, decodeStdBase64, goBytesLiteral, pemBlocks } from "../../../worker/certificates/pem";
import { makeCsrPem, type KeyKind } from "./fixtures";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("parseCsr", () => {
  it.each<KeyKind>(["ec", "ec384", "rsa", "ed25519"])("a %s request parses and its signature verifies", async (key) => {
    const pem = await makeCsrPem({ subject: "CN=alice, O=dev, O=ops", dns: ["a.example.com"], ips: ["10.0.0.1"], key });
    const parsed = parseCsr(bytes(pem));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.csr.commonName).toBe("alice");
    expect(parsed.csr.organizations).toEqual(["dev", "ops"]);
    expect(parsed.csr.dnsNames).toEqual(["a.example.com"]);
    expect(parsed.csr.ipAddresses).toEqual(["10.0.0.1"]);
    expect(checkCsrSignature(parsed.csr)).toBeUndefined();
  });

  it("text around the block is ignored", async () => {
    const pem = await makeCsrPem({ subject: "CN=bob" });
    expect(parseCsr(bytes(`some notes\n${pem}\ntrailer`)).ok).toBe(true);
  });

  it.each([
    ["not PEM", "hello"],
    ["another block type", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"],
    ["nothing", ""],
  ])("%s: PEM block type must be CERTIFICATE REQUEST", (_name, text) => {
    expect(parseCsr(bytes(text))).toEqual({ ok: false, error: "PEM block type must be CERTIFICATE REQUEST" });
  });

  it("a CERTIFICATE REQUEST block that is not DER: malformed", () => {
    const r = parseCsr(bytes("-----BEGIN CERTIFICATE REQUEST-----\nAAECAwQ=\n-----END CERTIFICATE REQUEST-----\n"));
    expect(r).toEqual({ ok: false, error: "x509: malformed certificate request" });
  });

  it.each<[KeyKind, string]>([
    ["ec", "x509: ECDSA verification failure"],
    ["rsa", "crypto/rsa: verification error"],
    ["ed25519", "x509: Ed25519 verification failure"],
  ])("a %s request with a tampered subject fails CheckSignature", async (key, message) => {
    const pem = await makeCsrPem({ subject: "CN=alice", key });
    const der = pemBlocks(pem)[0].bytes;
    // Flip one byte of the CommonName inside the signed part ("alice" → "blice").
    const at = der.findIndex((_b, i) => String.fromCharCode(...der.subarray(i, i + 5)) === "alice");
    const tampered = new Uint8Array(der);
    tampered[at] = "b".charCodeAt(0);
    const b64 = btoa(String.fromCharCode(...tampered));
    const parsed = parseCsr(bytes(`-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.csr.commonName).toBe("blice");
    expect(checkCsrSignature(parsed.csr)).toBe(message);
  });
});

describe("PEM and []byte helpers", () => {
  it("PEM headers are read; blocks whose body is not base64 are skipped", () => {
    const text = "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n\nAAEC\n-----END X-----\n-----BEGIN Y-----\n!!!!\n-----END Y-----\n";
    const blocks = pemBlocks(text);
    expect(blocks.map((b) => [b.type, b.headers, [...b.bytes]])).toEqual([["X", { "Proc-Type": "4,ENCRYPTED" }, [0, 1, 2]]]);
  });

  it.each([
    ["AAEC", -1],
    ["AAE=", -1],
    ["AA\nEC", -1],
    ["AA*C", 2],
    ["AAE", 3],
    ["AAECA", 4],
    ["A===", 3],
  ])("base64ErrorOffset(%j) = %i", (s, at) => {
    expect(base64ErrorOffset(s)).toBe(at);
    expect(decodeStdBase64(s) === undefined).toBe(at >= 0);
  });

  it("[]byte values print as Go's %#v", () => {
    expect(goBytesLiteral(new Uint8Array([0x2d, 0x0a, 0x1]))).toBe("[]byte{0x2d, 0xa, 0x1}");
  });
});
