// Kubernetes settings of a task on open-source Kubeflow Pipelines: what kfp-kubernetes configures in Python.
// The compiler writes them to the spec's second YAML document (`platforms.kubernetes`); Vertex AI ignores none of
// them silently: it refuses platform specs, so submit refuses them too.
import type { Duration, MemoryQuantity } from "./task.js";

/** A storage size in bytes with an optional Kubernetes unit: `"5Gi"`, `"500M"`. */
export type StorageSize = MemoryQuantity;

export type AccessMode = "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod";

export interface SecretAsEnv {
  /** The Secret's name: a literal or a pipeline parameter / task output. */
  readonly secretName: string;
  /** Secret data key to environment variable name: `{ password: "DB_PASSWORD" }`. */
  readonly keyToEnv: Readonly<Record<string, string>>;
  /** Start the task even when the Secret does not exist. Default false. */
  readonly optional?: boolean;
}

export interface SecretAsVolume {
  readonly secretName: string;
  /** Where the Secret's files appear in the container. */
  readonly mountPath: string;
  readonly optional?: boolean;
}

export interface ConfigMapAsEnv {
  readonly configMapName: string;
  /** ConfigMap key to environment variable name. */
  readonly keyToEnv: Readonly<Record<string, string>>;
  readonly optional?: boolean;
}

export interface ConfigMapAsVolume {
  readonly configMapName: string;
  readonly mountPath: string;
  readonly optional?: boolean;
}

export interface PvcMount {
  /** The claim's name: a literal, a pipeline parameter, or the result of `createPvc(…)`. */
  readonly pvcName: string;
  readonly mountPath: string;
  /** A path inside the volume to mount instead of its root. */
  readonly subPath?: string;
}

export interface EmptyDirMount {
  readonly volumeName: string;
  readonly mountPath: string;
  /** `"Memory"` for a tmpfs, `"HugePages"`; default the node's disk. */
  readonly medium?: "Memory" | "HugePages";
  readonly sizeLimit?: StorageSize;
}

export interface EphemeralVolume {
  readonly volumeName: string;
  readonly mountPath: string;
  readonly accessModes: readonly [AccessMode, ...AccessMode[]];
  readonly size: StorageSize;
  /** Default: the cluster's default storage class. */
  readonly storageClassName?: string;
  /** Labels of the claim made for the volume. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export type NodeSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  readonly values?: readonly string[];
}

/** One node-affinity term: required, or preferred with a weight from 1 to 100. */
export interface NodeAffinityTerm {
  /** Node label requirements. */
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  /** Node field requirements (`metadata.name`). */
  readonly matchFields?: readonly NodeSelectorRequirement[];
  /** Set: the term is preferred with this weight (1 to 100). Unset: the term is required. */
  readonly weight?: number;
}

export type Toleration =
  | {
      readonly key?: string;
      readonly operator?: "Equal";
      readonly value?: string;
      readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
      /** Only with effect NoExecute: how long the pod stays after the taint appears. */
      readonly tolerationSeconds?: number;
    }
  | {
      readonly key?: string;
      readonly operator: "Exists";
      readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
      readonly tolerationSeconds?: number;
    };

/** Pod fields Kubernetes exposes to environment variables (the downward API). */
export type PodFieldPath =
  | "metadata.name"
  | "metadata.namespace"
  | "metadata.uid"
  | `metadata.labels['${string}']`
  | `metadata.annotations['${string}']`
  | "spec.nodeName"
  | "spec.serviceAccountName"
  | "status.hostIP"
  | "status.hostIPs"
  | "status.podIP"
  | "status.podIPs";

/**
 * How the task's pod is set up on Kubernetes (open-source Kubeflow Pipelines), as kfp-kubernetes sets it.
 * Every field is read by the compiler: write literals, or pipeline parameters and task outputs where a name is asked for.
 */
export interface KubernetesSettings {
  /** Secret keys as environment variables (`use_secret_as_env`). */
  readonly secretEnv?: readonly SecretAsEnv[];
  /** Secrets mounted as files (`use_secret_as_volume`). */
  readonly secretVolumes?: readonly SecretAsVolume[];
  /** ConfigMap keys as environment variables (`use_config_map_as_env`). */
  readonly configMapEnv?: readonly ConfigMapAsEnv[];
  /** ConfigMaps mounted as files (`use_config_map_as_volume`). */
  readonly configMapVolumes?: readonly ConfigMapAsVolume[];
  /** PersistentVolumeClaims mounted in the container (`mount_pvc`). */
  readonly pvcMounts?: readonly PvcMount[];
  /** Scratch volumes that live as long as the pod (`empty_dir_mount`). */
  readonly emptyDirs?: readonly EmptyDirMount[];
  /** Generic ephemeral volumes: a claim made for the pod and deleted with it (`add_ephemeral_volume`). */
  readonly ephemeralVolumes?: readonly EphemeralVolume[];
  /** Environment variable name to pod field (`use_field_path_as_env`). */
  readonly fieldPathEnv?: Readonly<Record<string, PodFieldPath>>;
  /** Node labels the pod's node must have (`add_node_selector`). */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Node affinity terms (`add_node_affinity`). */
  readonly nodeAffinity?: readonly NodeAffinityTerm[];
  readonly tolerations?: readonly Toleration[];
  /** Secrets holding registry credentials (`set_image_pull_secrets`). */
  readonly imagePullSecrets?: readonly string[];
  readonly imagePullPolicy?: "Always" | "Never" | "IfNotPresent";
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** The pod's `activeDeadlineSeconds` (`set_timeout`): seconds, or a duration such as `"30m"`. */
  readonly activeDeadline?: Duration;
}

export interface CreatePvcOptions {
  readonly size: StorageSize;
  readonly accessModes: readonly [AccessMode, ...AccessMode[]];
  /** Default `""`, as in kfp-kubernetes: a statically provisioned volume. */
  readonly storageClassName?: string;
  /** A pre-existing PersistentVolume to bind. */
  readonly volumeName?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Make the claim from a snapshot or another claim: `{ apiGroup, kind, name }`. */
  readonly dataSource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
}

/** The claim's name: exactly one of a fixed name, or a suffix to the run's name. */
export type PvcNaming = { readonly pvcName: string; readonly pvcNameSuffix?: never } | { readonly pvcNameSuffix: string; readonly pvcName?: never };

/**
 * A task that creates a PersistentVolumeClaim (kfp-kubernetes' `CreatePVC`); returns the claim's name for
 * `kubernetes.pvcMounts` and `deletePvc`. Only valid in a pipeline body.
 */
export function createPvc(options: CreatePvcOptions & PvcNaming): string;
export function createPvc(_options: CreatePvcOptions & PvcNaming): string {
  throw new Error("createPvc(…) runs only inside a pipeline body compiled by kfp-ts");
}

/** A task that deletes a PersistentVolumeClaim (kfp-kubernetes' `DeletePVC`). Only valid in a pipeline body. */
export function deletePvc(pvcName: string): void;
export function deletePvc(_pvcName: string): void {
  throw new Error("deletePvc(…) runs only inside a pipeline body compiled by kfp-ts");
}
