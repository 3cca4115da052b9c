/**
 * The control loops the controller manager runs, each in its own Durable Object (`loop:<name>`). A loop module
 * exports one `ControllerLoop`; add it here.
 */
import type { ControllerLoop } from "./framework/loop";

const LOOPS: ControllerLoop[] = [
  // loops: one entry per line (imports above)
];

export function allLoops(): ControllerLoop[] {
  return LOOPS;
}

export function loopByName(name: string): ControllerLoop | undefined {
  return LOOPS.find((l) => l.name === name);
}
