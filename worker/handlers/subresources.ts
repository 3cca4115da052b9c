/**
 * Handlers of subresources beyond status and scale, keyed `<group>/<resource>/<subresource>` ("" group is core),
 * each a table verb → handler. The kind declares them for discovery (KindDef.subresources).
 */
import type { ApiContext } from "./context";

export type Handler = (ctx: ApiContext) => Promise<Response>;

export const EXTRA_SUBRESOURCES: Record<string, Record<string, Handler>> = {};
