/** The NetworkPolicy gate's contract with the data path (worker/kube-proxy): who talks to whom, and the answer. */

/** Who sends: a pod (its namespace, labels and pod IP) or a client outside the cluster (its IP). */
export type PolicySource =
  | { kind: "pod"; namespace: string; labels: Record<string, string>; ip: string }
  | { kind: "external"; ip: string };

/**
 * Who receives: a pod (with its containers' ports when known, to resolve policies' named ports) or a destination
 * outside the cluster (its host, and its IP when known).
 */
export type PolicyDestination =
  | {
      kind: "pod";
      namespace: string;
      labels: Record<string, string>;
      ip: string;
      /** The pod's `spec.containers[].ports` (name, containerPort); named policy ports resolve against these. */
      ports?: { name: string; containerPort: number }[];
    }
  | { kind: "external"; host: string; ip?: string };

export interface PolicyVerdict {
  allowed: boolean;
  reason: string;
}

/** Asks whether one TCP hop from `src` to `dst` at destination port `port` is allowed. */
export type NetworkPolicyGate = (src: PolicySource, dst: PolicyDestination, port: number) => Promise<PolicyVerdict>;
