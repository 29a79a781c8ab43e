import type { AnyFunction } from "./component.js";
import type { KubernetesSettings } from "./kubernetes.js";

/** CPU: cores (`2`, `"0.5"`) or millicores (`"500m"`). */
export type CpuQuantity = number | `${number}` | `${number}m`;

type MemoryUnit = "" | "E" | "Ei" | "P" | "Pi" | "T" | "Ti" | "G" | "Gi" | "M" | "Mi" | "K" | "Ki";
/** Memory in bytes with an optional Kubernetes unit: `"512Mi"`, `"4G"`. */
export type MemoryQuantity = `${number}${MemoryUnit}`;

/** A duration: seconds as a number, or a string with a unit (`"30s"`, `"5m"`, `"1h"`, `"2d"`). */
export type Duration = number | `${number}${"s" | "m" | "h" | "d"}`;

/** Accelerators known to Vertex AI, or a Kubernetes extended resource such as `nvidia.com/gpu`. */
export type AcceleratorType =
  | "NVIDIA_TESLA_K80"
  | "NVIDIA_TESLA_P4"
  | "NVIDIA_TESLA_P100"
  | "NVIDIA_TESLA_V100"
  | "NVIDIA_TESLA_T4"
  | "NVIDIA_TESLA_A100"
  | "NVIDIA_A100_80GB"
  | "NVIDIA_L4"
  | "NVIDIA_H100_80GB"
  | "NVIDIA_H100_MEGA_80GB"
  | "NVIDIA_H200_141GB"
  | "NVIDIA_B200"
  | "NVIDIA_GB200"
  | "TPU_V2"
  | "TPU_V3"
  | "TPU_V4_POD"
  | "TPU_V5_LITEPOD"
  | `${string}.${string}/${string}`;

export interface Accelerator {
  readonly type: AcceleratorType;
  /** How many; default 1. */
  readonly count?: number;
}

export interface RetryPolicy {
  /** How many times a failed attempt is retried. */
  readonly count: number;
  /** The wait before the first retry. Default 0. */
  readonly backoffDuration?: Duration;
  /** How much the wait grows after each retry. Default 2. */
  readonly backoffFactor?: number;
  /** The longest wait. Default 1 hour. */
  readonly backoffMaxDuration?: Duration;
}

/** How one task runs. Every field is read by the compiler, so each must be written as a literal. */
export interface TaskSettings {
  /** Tasks (the values their calls returned) that must finish before this one starts. */
  readonly after?: readonly unknown[];
  /** The name shown in the consoles. */
  readonly displayName?: string;
  /** Reuse the outputs of an earlier run with the same inputs. Default true. */
  readonly caching?: boolean;
  /** Caches on this key instead of on the task's inputs. */
  readonly cacheKey?: string;
  readonly retry?: RetryPolicy;
  readonly cpuRequest?: CpuQuantity;
  readonly cpuLimit?: CpuQuantity;
  readonly memoryRequest?: MemoryQuantity;
  readonly memoryLimit?: MemoryQuantity;
  readonly accelerator?: Accelerator;
  /** Environment variables, in order. */
  readonly env?: Readonly<Record<string, string>>;
  /** Runs the task on this image instead of the component's. */
  readonly image?: string;
  /** Run when the upstream tasks finish even if they failed (every input fed by them needs a default). */
  readonly ignoreUpstreamFailure?: boolean;
  /** How the task's pod is set up on open-source Kubeflow Pipelines (kfp-kubernetes). Vertex AI refuses these. */
  readonly kubernetes?: KubernetesSettings;
}

/**
 * Configures one call of a component: `task(train, { cpuLimit: "4" })(data)`.
 * Returns the component itself, so the call is typed exactly like a plain call.
 */
export function task<F extends AnyFunction>(component: F, settings: TaskSettings): F;
export function task<F extends AnyFunction>(component: F, _settings: TaskSettings): F {
  return component;
}
