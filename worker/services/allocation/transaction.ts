/**
 * The allocation transaction of one Service write (alloc.go allocateCreate / allocateUpdate): every value the
 * write needs is claimed as its own store record before the Service is written, so two concurrent writes can
 * never get the same IP or port; the caller reverts the claims when its write fails. A dry run checks the same
 * things and picks the same kind of values but claims nothing. Values the old Service held and the new one
 * does not are released after the write succeeded (./release.ts).
 */
import type { KubeObject } from "../../../schema/types";
import { NODE_PORT_RANGE } from "../../../schema/core-v1/service-rules";
import type { FieldError } from "../../../schema/types";
import { invalid as fieldInvalid } from "../../../schema/validation/field-errors";
import type { Env } from "../../env";
import { ApiError, internalError, invalid } from "../../errors";
import { KUBERNETES_SERVICE_IP, SERVICE_CIDR } from "../domain";
import { allocationRequests, type AllocationRequest } from "./plan";
import { inRange, ipv4ToNumber, KUBERNETES_SERVICE_IP_NUMBER, NODE_PORTS, numberToIpv4, pickFree, randomInBand, SERVICE_IP_RANGE } from "./ranges";
import { claimRecord, deleteRecord, getRecord, listRecords, type RecordKind, type ServiceRef, serviceRefOf } from "./records";

export interface AllocationOptions {
  dryRun: boolean;
  now: number;
  /** In [0, 1). */
  random?: () => number;
}

/** The claims of one write: `revert` gives them back (the write failed or lost a race). */
export interface Allocation {
  revert(): Promise<void>;
}

const RANDOM_IP_PROBES = 32;
const ALREADY_ALLOCATED = "provided IP is already allocated";
const PORT_ALREADY_ALLOCATED = "provided port is already allocated";

/** The reserved `kubernetes` ClusterIP belongs to default/kubernetes only. */
const isKubernetesService = (owner: ServiceRef) => owner.namespace === "default" && owner.name === "kubernetes";

class Claims implements Allocation {
  private held: { kind: RecordKind; value: string; revision: number }[] = [];
  constructor(private env: Env, private owner: ServiceRef, private opts: AllocationOptions) {}

  /** Claims `value`: true when it is ours now (or, in a dry run, free). */
  async claim(kind: RecordKind, value: string): Promise<boolean> {
    if (kind === "ip" && value === KUBERNETES_SERVICE_IP && !isKubernetesService(this.owner)) return false;
    if (this.held.some((h) => h.kind === kind && h.value === value)) return false;
    if (this.opts.dryRun) {
      const rec = await getRecord(this.env, kind, value);
      if (rec && rec.owner.uid !== this.owner.uid) return false;
      this.held.push({ kind, value, revision: 0 });
      return true;
    }
    const res = await claimRecord(this.env, kind, value, this.owner, this.opts.now);
    if (!res.ok) return res.holder?.owner.uid === this.owner.uid;
    this.held.push({ kind, value, revision: res.revision });
    return true;
  }

  async revert(): Promise<void> {
    if (this.opts.dryRun) return;
    const held = this.held;
    this.held = [];
    await Promise.all(held.map((h) => deleteRecord(this.env, h.kind, h.value, h.revision).catch(() => false)));
  }
}

const svcInvalid = (svc: KubeObject, errs: FieldError[]) => invalid("", "Service", svc.metadata?.name ?? "", errs);

async function allocateClusterIP(claims: Claims, env: Env, svc: KubeObject, req: Extract<AllocationRequest, { kind: "clusterIP" }>, random: () => number): Promise<void> {
  const spec = svc.spec;
  if (req.value !== undefined) {
    const n = ipv4ToNumber(req.value);
    const fail = (why: string) => svcInvalid(svc, [fieldInvalid("spec.clusterIPs", spec.clusterIPs ?? [req.value], `failed to allocate IP ${req.value}: ${why}`)]);
    if (n === undefined || !inRange(SERVICE_IP_RANGE, n)) {
      throw fail(`the provided IP (${req.value}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`);
    }
    if (!(await claims.claim("ip", req.value))) throw fail(ALREADY_ALLOCATED);
    return;
  }
  let ip: string | undefined;
  for (let i = 0; i < RANDOM_IP_PROBES && !ip; i++) {
    const candidate = numberToIpv4(randomInBand(SERVICE_IP_RANGE, random));
    if (await claims.claim("ip", candidate)) ip = candidate;
  }
  while (!ip) {
    const taken = new Set((await listRecords(env, "ip")).map((r) => ipv4ToNumber(r.value)));
    taken.add(KUBERNETES_SERVICE_IP_NUMBER);
    const n = pickFree(SERVICE_IP_RANGE, (x) => taken.has(x), random);
    if (n === undefined) throw internalError("failed to allocate a serviceIP: range is full");
    if (await claims.claim("ip", numberToIpv4(n))) ip = numberToIpv4(n);
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
}

/** AllocateNext over the node-port records: a random free port of the dynamic band first. */
async function nextNodePort(claims: Claims, env: Env, random: () => number): Promise<number | undefined> {
  const taken = new Set((await listRecords(env, "nodePort")).map((r) => Number(r.value)));
  for (;;) {
    const n = pickFree(NODE_PORTS, (x) => taken.has(x), random);
    if (n === undefined) return undefined;
    if (await claims.claim("nodePort", String(n))) return n;
    taken.add(n);
  }
}

async function allocateNodePort(claims: Claims, env: Env, svc: KubeObject, req: Extract<AllocationRequest, { kind: "nodePort" }>, random: () => number): Promise<void> {
  let port = req.value;
  if (port !== undefined) {
    if (!(await claims.claim("nodePort", String(port)))) {
      throw svcInvalid(svc, [fieldInvalid(`spec.ports[${req.indexes[0]}].nodePort`, port, PORT_ALREADY_ALLOCATED)]);
    }
  } else {
    port = await nextNodePort(claims, env, random);
    if (port === undefined) throw internalError("failed to allocate a nodePort: range is full");
  }
  for (const i of req.indexes) svc.spec.ports[i].nodePort = port;
}

async function allocateHealthCheckNodePort(claims: Claims, env: Env, svc: KubeObject, req: Extract<AllocationRequest, { kind: "healthCheckNodePort" }>, random: () => number): Promise<void> {
  const port = req.value;
  if (port !== undefined) {
    if (!inRange(NODE_PORTS, port)) {
      throw internalError(`failed to allocate requested HealthCheck NodePort ${port}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`);
    }
    if (!(await claims.claim("nodePort", String(port)))) {
      throw internalError(`failed to allocate requested HealthCheck NodePort ${port}: ${PORT_ALREADY_ALLOCATED}`);
    }
    return;
  }
  const next = await nextNodePort(claims, env, random);
  if (next === undefined) throw internalError("failed to allocate a HealthCheck NodePort 0: range is full");
  svc.spec.healthCheckNodePort = next;
}

/**
 * Claims what `svc` (written over `old`, absent on create) needs and writes the allocated values into it.
 * Throws the write's ApiError (422 for a taken or out-of-range explicit value) after giving back what it had
 * claimed, so a refused write keeps nothing.
 */
export async function allocateServiceValues(env: Env, svc: KubeObject, old: KubeObject | undefined, opts: AllocationOptions): Promise<Allocation> {
  const claims = new Claims(env, serviceRefOf(svc), opts);
  const random = opts.random ?? Math.random;
  try {
    for (const req of allocationRequests(svc, old)) {
      if (req.kind === "clusterIP") await allocateClusterIP(claims, env, svc, req, random);
      else if (req.kind === "nodePort") await allocateNodePort(claims, env, svc, req, random);
      else await allocateHealthCheckNodePort(claims, env, svc, req, random);
    }
    return claims;
  } catch (e) {
    await claims.revert();
    if (e instanceof ApiError) throw e;
    throw internalError(`failed to allocate service values: ${(e as Error).message}`);
  }
}
