/**
 * Upstream's golden StatefulSet revision (pkg/controller/statefulset/testdata/compatibility_revision_1.33.0.json,
 * named `test-c77f6d978`) and the set it came from, as the API stores them.
 */
export const UPSTREAM_DATA = {
  spec: {
    template: {
      $patch: "replace",
      metadata: { annotations: { test: "value" }, creationTimestamp: null, labels: { app: "foo" } },
      spec: {
        containers: [
          { image: "test", imagePullPolicy: "Always", name: "test", resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" },
        ],
        dnsPolicy: "ClusterFirst",
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
  },
};


/** The StatefulSet of compatibility_set_1.33.0.json (status as upstream's controller wrote it). */
export const UPSTREAM_SET = {
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { creationTimestamp: "2025-10-31T18:19:02Z", generation: 1, labels: { sslabel: "value" }, name: "test", namespace: "default", uid: "ec335e25-1045-4216-8634-50cfbe05f3d6" },
  spec: {
    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    podManagementPolicy: "OrderedReady",
    replicas: 1,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: "foo" } },
    serviceName: "",
    template: {
      metadata: { annotations: { test: "value" }, creationTimestamp: null, labels: { app: "foo" } },
      spec: UPSTREAM_DATA.spec.template.spec,
    },
    updateStrategy: { rollingUpdate: { partition: 0 }, type: "RollingUpdate" },
  },
  status: {
    availableReplicas: 1,
    collisionCount: 0,
    currentReplicas: 1,
    currentRevision: "test-c77f6d978",
    observedGeneration: 1,
    replicas: 1,
    updateRevision: "test-c77f6d978",
    updatedReplicas: 1,
  },
};
