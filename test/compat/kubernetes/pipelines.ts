// Every Kubernetes setting (kfp-kubernetes parity), twinned in test/compat/twins/k8s_settings.py.
import { component, createPvc, deletePvc, pipeline, task } from "kfp-ts";

export const produce = component((text: string): string => text);
export const consume = component((text: string): void => console.log(text));

export const secrets = pipeline({ name: "secrets" }, (secretName = "db-credentials", mapName = "settings") => {
  task(produce, {
    kubernetes: {
      secretEnv: [
        { secretName: "api-token", keyToEnv: { token: "API_TOKEN", user: "API_USER" } },
        { secretName, keyToEnv: { password: "DB_PASSWORD" }, optional: true },
      ],
      secretVolumes: [{ secretName: "tls", mountPath: "/etc/tls" }, { secretName, mountPath: "/etc/db", optional: true }],
      configMapEnv: [{ configMapName: "features", keyToEnv: { flag: "FEATURE_FLAG" } }],
      configMapVolumes: [{ configMapName: mapName, mountPath: "/etc/settings", optional: true }],
    },
  })("hello");
});

export const pvcs = pipeline({ name: "pvcs" }, (sharedClaim = "shared-data") => {
  const claim = createPvc({ pvcNameSuffix: "-work", accessModes: ["ReadWriteOnce"], size: "5Gi", storageClassName: "standard" });
  const written = task(produce, { kubernetes: { pvcMounts: [{ pvcName: claim, mountPath: "/work" }, { pvcName: sharedClaim, mountPath: "/shared", subPath: "inputs" }] } })("write");
  const read = task(consume, { kubernetes: { pvcMounts: [{ pvcName: claim, mountPath: "/work" }] } })(written);
  task(deletePvc, { after: [read] })(claim);
});

export const fixedPvc = pipeline({ name: "fixed-pvc" }, () => {
  const claim = createPvc({ pvcName: "my-claim", accessModes: ["ReadWriteMany", "ReadOnlyMany"], size: "1Ti", annotations: { owner: "ml" }, volumeName: "pv-1" });
  task(consume, { kubernetes: { pvcMounts: [{ pvcName: "my-claim", mountPath: "/data" }] }, after: [claim] })("x");
});

export const scheduling = pipeline({ name: "scheduling" }, () => {
  task(produce, {
    kubernetes: {
      nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-t4", pool: "gpu" },
      nodeAffinity: [
        { matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }], weight: 10 },
        { matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["node-1"] }], matchExpressions: [{ key: "gpu", operator: "Exists" }] },
      ],
      tolerations: [
        { key: "gpu", operator: "Equal", value: "true", effect: "NoExecute", tolerationSeconds: 30 },
        { operator: "Exists" },
      ],
      imagePullSecrets: ["registry-a", "registry-b"],
      imagePullPolicy: "Always",
      podLabels: { team: "ml", tier: "batch" },
      podAnnotations: { "example.com/owner": "data" },
      activeDeadline: "2h",
    },
  })("scheduled");
  // The same component again: its own executor label, with its own settings.
  task(produce, { kubernetes: { activeDeadline: 90, imagePullPolicy: "IfNotPresent" } })("again");
  produce("plain");
});

export const volumes = pipeline({ name: "volumes" }, () => {
  task(produce, {
    kubernetes: {
      emptyDirs: [{ volumeName: "scratch", mountPath: "/scratch" }, { volumeName: "shm", mountPath: "/dev/shm", medium: "Memory", sizeLimit: "1Gi" }],
      ephemeralVolumes: [
        { volumeName: "cache", mountPath: "/cache", accessModes: ["ReadWriteOnce"], size: "10Gi" },
        { volumeName: "fast", mountPath: "/fast", accessModes: ["ReadWriteOnce"], size: "2Gi", storageClassName: "ssd", labels: { kind: "fast" }, annotations: { note: "tmp" } },
      ],
      fieldPathEnv: { POD_NAME: "metadata.name", NODE: "spec.nodeName", TEAM: "metadata.labels['team']" },
    },
  })("volumes");
});

/** Names from a task output and a pipeline parameter, inside a condition. */
export const dynamicNames = pipeline({ name: "dynamic-names" }, (registrySecret = "regcred", go = true) => {
  const name = produce("db-secret");
  if (go) {
    task(consume, { kubernetes: { secretEnv: [{ secretName: name, keyToEnv: { password: "PASSWORD" } }], imagePullSecrets: [registrySecret] } })("inside");
  }
});
