/** The NodeRestriction admission plugin. Placeholder. */
import type { AdmissionPlugin } from "./plugins";

export const NodeRestriction: AdmissionPlugin = { name: "NodeRestriction" };
