/**
 * What the proto schema cannot say about a field's Go JSON encoding, taken from the upstream
 * `types.go` struct tags of the covered kinds.
 *
 * Go's gogo-protobuf marshaller writes every non-pointer scalar, zero or not, and pointer fields only
 * when set; its JSON encoder then drops zero values of `omitempty` fields. On the wire a zero scalar
 * therefore means either "unset" or "explicitly zero", and only the Go type tells which:
 * - {@link EXPLICIT_ZERO_FIELDS}: pointer scalars (`*int32`, `*bool`, `*string`: present whenever set,
 *   e.g. `spec.replicas: 0`, `automountServiceAccountToken: false`) and numeric/bool fields without
 *   `omitempty` (e.g. `PriorityClass.value`, `SubjectAccessReviewStatus.allowed`). Every other scalar
 *   is omitted when zero, as `omitempty` does. Required strings are omitted when empty.
 * - {@link INLINE_FIELDS}: embedded structs tagged `json:",inline"`, whose fields JSON flattens into
 *   the parent (e.g. `Volume.volumeSource`, `Probe.handler`).
 * - {@link JSON_NAME_OVERRIDES}: protobuf names that differ from the JSON name.
 */

const META = "k8s.io.apimachinery.pkg.apis.meta.v1";
const CORE = "k8s.io.api.core.v1";
const APPS = "k8s.io.api.apps.v1";
const BATCH = "k8s.io.api.batch.v1";

const EXPLICIT_ZERO_BY_MESSAGE: Readonly<Record<string, readonly string[]>> = {
  [`${META}.ObjectMeta`]: ["deletionGracePeriodSeconds"],
  [`${META}.OwnerReference`]: ["controller", "blockOwnerDeletion"],
  [`${META}.DeleteOptions`]: ["gracePeriodSeconds", "orphanDependents", "ignoreStoreReadErrorWithClusterBreakingPotential"],
  [`${CORE}.ConfigMap`]: ["immutable"],
  [`${CORE}.Secret`]: ["immutable"],
  [`${CORE}.ServiceAccount`]: ["automountServiceAccountToken"],
  [`${CORE}.PodSpec`]: [
    "terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken",
    "shareProcessNamespace", "priority", "enableServiceLinks", "preemptionPolicy", "setHostnameAsFQDN",
    "hostUsers", "runtimeClassName", "hostnameOverride",
  ],
  [`${CORE}.PodSecurityContext`]: [
    "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "fsGroupChangePolicy",
    "supplementalGroupsPolicy", "seLinuxChangePolicy",
  ],
  [`${CORE}.SecurityContext`]: [
    "privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
    "allowPrivilegeEscalation", "procMount",
  ],
  [`${CORE}.WindowsSecurityContextOptions`]: ["gmsaCredentialSpecName", "gmsaCredentialSpec", "runAsUserName", "hostProcess"],
  [`${CORE}.SeccompProfile`]: ["localhostProfile"],
  [`${CORE}.AppArmorProfile`]: ["localhostProfile"],
  [`${CORE}.Container`]: ["restartPolicy"],
  [`${CORE}.EphemeralContainerCommon`]: ["restartPolicy"],
  [`${CORE}.ContainerPort`]: ["containerPort"],
  [`${CORE}.Probe`]: ["terminationGracePeriodSeconds"],
  [`${CORE}.GRPCAction`]: ["port", "service"],
  [`${CORE}.SleepAction`]: ["seconds"],
  [`${CORE}.Lifecycle`]: ["stopSignal"],
  [`${CORE}.Ulimit`]: ["hard", "soft"],
  [`${CORE}.VolumeMount`]: ["recursiveReadOnly", "mountPropagation"],
  [`${CORE}.ConfigMapEnvSource`]: ["optional"],
  [`${CORE}.SecretEnvSource`]: ["optional"],
  [`${CORE}.ConfigMapKeySelector`]: ["optional"],
  [`${CORE}.SecretKeySelector`]: ["optional"],
  [`${CORE}.FileKeySelector`]: ["optional"],
  [`${CORE}.ConfigMapVolumeSource`]: ["defaultMode", "optional"],
  [`${CORE}.SecretVolumeSource`]: ["defaultMode", "optional"],
  [`${CORE}.ConfigMapProjection`]: ["optional"],
  [`${CORE}.SecretProjection`]: ["optional"],
  [`${CORE}.KeyToPath`]: ["mode"],
  [`${CORE}.DownwardAPIVolumeFile`]: ["mode"],
  [`${CORE}.DownwardAPIVolumeSource`]: ["defaultMode"],
  [`${CORE}.ProjectedVolumeSource`]: ["defaultMode"],
  [`${CORE}.ServiceAccountTokenProjection`]: ["expirationSeconds"],
  [`${CORE}.ClusterTrustBundleProjection`]: ["name", "signerName", "optional"],
  [`${CORE}.PodCertificateProjection`]: ["maxExpirationSeconds"],
  [`${CORE}.HostPathVolumeSource`]: ["type"],
  [`${CORE}.CSIVolumeSource`]: ["readOnly", "fsType"],
  [`${CORE}.ISCSIVolumeSource`]: ["initiatorName"],
  [`${CORE}.AzureDiskVolumeSource`]: ["cachingMode", "fsType", "readOnly", "kind"],
  [`${CORE}.PersistentVolumeClaimSpec`]: ["storageClassName", "volumeMode", "volumeAttributesClassName"],
  [`${CORE}.TypedLocalObjectReference`]: ["apiGroup"],
  [`${CORE}.TypedObjectReference`]: ["apiGroup", "namespace"],
  [`${CORE}.Toleration`]: ["tolerationSeconds"],
  [`${CORE}.TopologySpreadConstraint`]: ["maxSkew", "minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy"],
  [`${CORE}.WeightedPodAffinityTerm`]: ["weight"],
  [`${CORE}.PreferredSchedulingTerm`]: ["weight"],
  [`${CORE}.PodDNSConfigOption`]: ["value"],
  [`${CORE}.PodResourceClaim`]: ["resourceClaimName", "resourceClaimTemplateName"],
  [`${CORE}.ServiceSpec`]: [
    "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution",
  ],
  [`${CORE}.ServicePort`]: ["appProtocol", "port"],
  [`${CORE}.ClientIPConfig`]: ["timeoutSeconds"],
  [`${CORE}.LoadBalancerIngress`]: ["ipMode"],
  [`${CORE}.PortStatus`]: ["port", "error"],
  [`${CORE}.ContainerStatus`]: ["ready", "restartCount", "started", "stopSignal"],
  [`${CORE}.ContainerStateTerminated`]: ["exitCode"],
  [`${CORE}.LinuxContainerUser`]: ["uid", "gid"],
  [`${CORE}.VolumeMountStatus`]: ["recursiveReadOnly"],
  [`${APPS}.DeploymentSpec`]: ["replicas", "revisionHistoryLimit", "progressDeadlineSeconds", "podReplacementPolicy"],
  [`${APPS}.DeploymentStatus`]: ["terminatingReplicas", "collisionCount"],
  [`${APPS}.ReplicaSetSpec`]: ["replicas"],
  [`${APPS}.ReplicaSetStatus`]: ["replicas", "terminatingReplicas"],
  [`${APPS}.DaemonSetSpec`]: ["revisionHistoryLimit"],
  [`${APPS}.DaemonSetStatus`]: [
    "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "collisionCount",
  ],
  [`${BATCH}.JobSpec`]: [
    "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "backoffLimitPerIndex",
    "maxFailedIndexes", "manualSelector", "ttlSecondsAfterFinished", "completionMode", "suspend",
    "podReplacementPolicy", "managedBy",
  ],
  [`${BATCH}.JobStatus`]: ["terminating", "failedIndexes", "ready"],
  [`${BATCH}.CronJobSpec`]: [
    "timeZone", "startingDeadlineSeconds", "suspend", "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
  ],
  [`${BATCH}.PodFailurePolicyOnExitCodesRequirement`]: ["containerName"],
  [`${BATCH}.SuccessPolicyRule`]: ["succeededIndexes", "succeededCount"],
  ["k8s.io.api.scheduling.v1.PriorityClass"]: ["value", "preemptionPolicy"],
  ["k8s.io.api.policy.v1.PodDisruptionBudgetSpec"]: ["unhealthyPodEvictionPolicy"],
  ["k8s.io.api.policy.v1.PodDisruptionBudgetStatus"]: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"],
  ["k8s.io.api.networking.v1.HTTPIngressPath"]: ["pathType"],
  ["k8s.io.api.networking.v1.IngressSpec"]: ["ingressClassName"],
  ["k8s.io.api.networking.v1.IngressPortStatus"]: ["port", "error"],
  ["k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec"]: ["minReplicas", "maxReplicas", "targetCPUUtilizationPercentage"],
  ["k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerStatus"]: [
    "observedGeneration", "currentReplicas", "desiredReplicas", "currentCPUUtilizationPercentage",
  ],
  ["k8s.io.api.autoscaling.v1.ScaleStatus"]: ["replicas"],
  ["k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec"]: ["minReplicas", "maxReplicas"],
  ["k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerStatus"]: ["observedGeneration", "desiredReplicas"],
  ["k8s.io.api.autoscaling.v2.HPAScalingRules"]: ["stabilizationWindowSeconds", "selectPolicy"],
  ["k8s.io.api.autoscaling.v2.HPAScalingPolicy"]: ["value", "periodSeconds"],
  ["k8s.io.api.autoscaling.v2.MetricTarget"]: ["averageUtilization"],
  ["k8s.io.api.autoscaling.v2.MetricValueStatus"]: ["averageUtilization"],
  ["k8s.io.api.authorization.v1.SubjectAccessReviewStatus"]: ["allowed"],
  ["k8s.io.api.authorization.v1.SubjectRulesReviewStatus"]: ["incomplete"],
  ["k8s.io.api.authentication.v1.TokenRequestSpec"]: ["expirationSeconds"],
  ["k8s.io.api.certificates.v1.CertificateSigningRequestSpec"]: ["expirationSeconds"],
};

/** `<message full name>.<proto field name>` of every field in {@link EXPLICIT_ZERO_BY_MESSAGE}. */
export const EXPLICIT_ZERO_FIELDS: ReadonlySet<string> = new Set(
  Object.entries(EXPLICIT_ZERO_BY_MESSAGE).flatMap(([message, fields]) => fields.map((f) => `${message}.${f}`)),
);

/** `<message full name>.<proto field name>` of embedded structs tagged `json:",inline"`. */
export const INLINE_FIELDS: ReadonlySet<string> = new Set([
  ...["ConfigMapEnvSource", "ConfigMapKeySelector", "ConfigMapProjection", "ConfigMapVolumeSource",
    "SecretEnvSource", "SecretKeySelector", "SecretProjection"].map((m) => `${CORE}.${m}.localObjectReference`),
  `${CORE}.EphemeralContainer.ephemeralContainerCommon`,
  `${CORE}.Volume.volumeSource`,
  `${CORE}.Probe.handler`,
  "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
]);

/** Protobuf field names that differ from the JSON name (`protobuf:"...,name=uID"` vs `json:"uid"`). */
export const JSON_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  "k8s.io.api.authentication.v1.BoundObjectReference.uID": "uid",
};
