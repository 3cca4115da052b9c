/**
 * Where a `services/{id}/proxy` request goes, decided as pkg/registry/core/service/storage ResourceLocation
 * decides it (pure): the id is `name`, `name:port` or `scheme:name:port` (else 400 `invalid service request`);
 * a port number must be one of `spec.ports[].port` (else 503 `no service port N found for service "name"`), a
 * port name one of `spec.ports[].name`, no port means the Service's unnamed only port. Only the Service's
 * endpoints that are pods are ever dialed (upstream's isValidAddress: an address must be a Pod's, so the
 * proxy cannot be pointed at an arbitrary address, CVE-2020-8562): an ExternalName Service has none, and the
 * `kubernetes` Service's endpoint is the API server itself, not a pod; both answer 503.
 */
import type { KubeObject } from "../../../schema/types";
import type { Located } from "../pod-connect/locate";

interface ServicePortLike {
  name?: string;
  port?: number;
}

/** The `spec.ports[]` entry a proxy id's port names. */
export function serviceProxyPort(service: KubeObject, given: string): Located<{ name: string; port: number }> {
  const name = service.metadata?.name as string;
  const ports: ServicePortLike[] = service.spec?.ports ?? [];
  const found =
    given === ""
      ? ports.length === 1 && !ports[0].name ? ports[0] : undefined
      : /^\d+$/.test(given)
        ? ports.find((p) => p.port === Number(given))
        : ports.find((p) => p.name === given);
  if (found && typeof found.port === "number") return { ok: true, value: { name: found.name ?? "", port: found.port } };
  if (/^\d+$/.test(given)) return { ok: false, message: `no service port ${given} found for service ${JSON.stringify(name)}` };
  if (given === "" && ports.length > 1) {
    return { ok: false, message: `no endpoints available for service ${JSON.stringify(name)}: it has ${ports.length} ports, name one (services/${name}:<port>/proxy)` };
  }
  return { ok: false, message: `no endpoints available for service ${JSON.stringify(given ? `${name}:${given}` : name)}` };
}

/** Why the service proxy refuses a Service whatever its port (503), or undefined. */
export function serviceProxyRefusal(service: KubeObject): string | undefined {
  const name = service.metadata?.name as string;
  if (service.spec?.type === "ExternalName") {
    return `no endpoints available for service ${JSON.stringify(name)}: an ExternalName Service (${service.spec?.externalName ?? ""}) has no endpoints to proxy to`;
  }
  if (service.metadata?.namespace === "default" && name === "kubernetes") {
    return `no endpoints available for service "kubernetes": its endpoint is the API server, not a pod`;
  }
  return undefined;
}
