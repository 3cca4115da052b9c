/**
 * Handlers of subresources beyond status and scale, keyed `<group>/<resource>/<subresource>` ("" group is core),
 * each a table verb → handler. The kind declares them for discovery (KindDef.subresources).
 */
import type { ApiContext } from "./context";
import { CSR_APPROVAL_HANDLERS } from "../certificates/approval";
import { createTokenRequest } from "../authn/token-request";
import { updateObject } from "./update";
import { createPodBinding } from "../scheduler/pod-binding";
import { createEviction } from "./eviction";
import { POD_CONNECT_SUBRESOURCES } from "./pod-connect";
import { SERVICE_PROXY_SUBRESOURCES } from "./service-proxy";

export type Handler = (ctx: ApiContext) => Promise<Response>;

export const EXTRA_SUBRESOURCES: Record<string, Record<string, Handler>> = {
  "certificates.k8s.io/certificatesigningrequests/approval": CSR_APPROVAL_HANDLERS,
  "/serviceaccounts/token": { create: createTokenRequest },
  "/pods/binding": { create: createPodBinding },
  "/pods/eviction": { create: createEviction },
  // FinalizeREST: PUT only, through the generic update (prepareNamespaceForUpdate keeps the stored status; the
  // update removes a terminating namespace once spec.finalizers and metadata.finalizers are both empty).
  "/namespaces/finalize": { update: updateObject },
  // log, proxy, exec, attach, portforward (handlers/pod-connect).
  ...POD_CONNECT_SUBRESOURCES,
  // services/{[scheme:]name[:port]}/proxy (handlers/service-proxy).
  ...SERVICE_PROXY_SUBRESOURCES,
};
