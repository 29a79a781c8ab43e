// Kubernetes settings are checked by TypeScript: misspelled keys, wrong shapes and wrong units fail to type-check.
import { expectAssignable, expectError, expectType } from "tsd";
import { component, createPvc, deletePvc, mountPath, pipeline, task, type KubernetesSettings, type TaskSettings } from "kfp-ts";

const echo = component((text: string): string => text);

// Every setting, written correctly, with names from parameters and task outputs.
pipeline({ name: "ok" }, (secret = "db") => {
  const claim = createPvc({ pvcNameSuffix: "-data", accessModes: ["ReadWriteOnce"], size: "5Gi" });
  expectType<string>(claim);
  const out = task(echo, {
    kubernetes: {
      secretEnv: [{ secretName: secret, keyToEnv: { password: "DB_PASSWORD" }, optional: true }],
      secretVolumes: [{ secretName: "tls", mountPath: "/etc/tls" }],
      configMapEnv: [{ configMapName: "cfg", keyToEnv: { a: "A" } }],
      configMapVolumes: [{ configMapName: "cfg", mountPath: "/etc/cfg" }],
      pvcMounts: [{ pvcName: claim, mountPath: "/data", subPath: "x" }],
      emptyDirs: [{ volumeName: "scratch", mountPath: "/scratch", medium: "Memory", sizeLimit: "1Gi" }],
      ephemeralVolumes: [{ volumeName: "cache", mountPath: "/cache", accessModes: ["ReadWriteOnce"], size: "10Gi", storageClassName: "ssd" }],
      fieldPathEnv: { POD: "metadata.name", TEAM: "metadata.labels['team']" },
      nodeSelector: { pool: "gpu" },
      nodeAffinity: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }], weight: 50 }],
      tolerations: [{ key: "gpu", operator: "Equal", value: "true", effect: "NoSchedule" }, { operator: "Exists" }],
      imagePullSecrets: ["regcred"],
      imagePullPolicy: "IfNotPresent",
      podLabels: { team: "ml" },
      podAnnotations: { note: "x" },
      activeDeadline: "2h",
    },
  })("a");
  task(deletePvc, { after: [out] })(claim);
});
expectType<string>(mountPath("/data"));

/** Settings written in place, as in `task(…, { kubernetes: … })`: literals keep their literal types. */
const k8s = (settings: KubernetesSettings) => settings;
k8s({ activeDeadline: "2h", emptyDirs: [{ volumeName: "v", mountPath: "/v", sizeLimit: "512Mi" }] });

// Misspelled keys.
expectError(k8s({ secretEnvs: [] }));
expectError(k8s({ pvcMounts: [{ pvcName: "a", mountpath: "/a" }] }));
expectError(task(echo, { kubernetes: { nodeSelectors: { a: "b" } } }));
// Wrong shapes.
expectError(k8s({ secretEnv: { secretName: "a", keyToEnv: {} } }));
expectError(k8s({ imagePullSecrets: "regcred" }));
expectError(k8s({ nodeSelector: { pool: 1 } }));
expectError(k8s({ tolerations: [{ operator: "Exists", value: "x" }] }));
expectError(k8s({ imagePullPolicy: "always" }));
expectError(k8s({ nodeAffinity: [{ matchExpressions: [{ key: "zone", operator: "Within" }] }] }));
expectError(k8s({ fieldPathEnv: { POD: "metadata.nam" } }));
// Wrong units.
expectError(k8s({ emptyDirs: [{ volumeName: "v", mountPath: "/v", sizeLimit: "1 GB" }] }));
expectError(k8s({ ephemeralVolumes: [{ volumeName: "v", mountPath: "/v", accessModes: ["ReadWriteOnce"], size: 5 }] }));
expectError(k8s({ activeDeadline: "2 hours" }));
expectError(k8s({ ephemeralVolumes: [{ volumeName: "v", mountPath: "/v", accessModes: [], size: "1Gi" }] }));
// createPvc: exactly one of pvcName and pvcNameSuffix; size with a unit; known access modes.
expectError(createPvc({ accessModes: ["ReadWriteOnce"], size: "1Gi" }));
expectError(createPvc({ pvcName: "a", pvcNameSuffix: "-b", accessModes: ["ReadWriteOnce"], size: "1Gi" }));
expectError(createPvc({ pvcName: "a", accessModes: ["ReadWrite"], size: "1Gi" }));
expectError(createPvc({ pvcName: "a", accessModes: ["ReadWriteOnce"], size: "lots" }));
expectError(deletePvc(3));
expectAssignable<TaskSettings>({ kubernetes: { activeDeadline: 600 } });
