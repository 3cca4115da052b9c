/** The DefaultTolerationSeconds admission plugin. Placeholder. */
import type { AdmissionPlugin } from "./plugins";

export const DefaultTolerationSeconds: AdmissionPlugin = { name: "DefaultTolerationSeconds" };
