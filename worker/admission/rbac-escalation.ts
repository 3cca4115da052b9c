/** The RBACEscalation admission plugin. Placeholder. */
import type { AdmissionPlugin } from "./plugins";

export const RBACEscalation: AdmissionPlugin = { name: "RBACEscalation" };
