// What a local run makes of tasks' Kubernetes settings (the platform document): Secrets and ConfigMaps from local
// files or environment variables, PVCs and scratch volumes as directories, the rest reported as ignored.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import type { TaskSpec } from "../spec/pipeline-spec.js";
import type { PlatformSpec } from "../spec/platform-spec.js";
import type { RunContext, TaskInputs, TaskOutcome } from "./context.js";

/** The environment variable that maps mount paths to local directories (JSON); `mountPath()` reads it. */
export const mountsVariable = "KFP_TS_MOUNTS";

/** Values of Secrets or ConfigMaps by name, then key. */
export type LocalObjects = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface LocalKubernetesOptions {
  readonly secrets?: LocalObjects;
  readonly configMaps?: LocalObjects;
}

export interface LocalKubernetes extends LocalKubernetesOptions {
  /** Each executor's Kubernetes settings. */
  readonly executors: Readonly<Record<string, Record<string, unknown>>>;
  /** Where PVCs live: one directory per claim, shared by the runs under this root, as claims outlive runs. */
  readonly pvcRoot: string;
}

/** Reads a name given as an `InputParameterSpec`: a constant, an input of the DAG, or an upstream output. */
export type NameResolver = (parameter: unknown) => Promise<string>;

/** Settings a local run cannot honour, by their platform-document key, as the notice names them. */
const ignored: Readonly<Record<string, string>> = {
  nodeSelector: "node selectors",
  nodeAffinity: "node affinity",
  tolerations: "tolerations",
  imagePullSecret: "image pull secrets",
  imagePullPolicy: "image pull policies",
  podMetadata: "pod labels and annotations",
  activeDeadlineSeconds: "active deadlines",
  fieldPathAsEnv: "pod field environment variables",
};

/** The notice for what the run ignores, or undefined when it ignores nothing. */
export function ignoredNotice(platform: PlatformSpec | undefined): string | undefined {
  const found = new Map<string, Set<string>>();
  for (const [label, config] of Object.entries(platform?.platforms.kubernetes?.deploymentSpec?.executors ?? {})) {
    for (const key of Object.keys(config)) if (ignored[key]) found.set(ignored[key]!, (found.get(ignored[key]!) ?? new Set()).add(label));
  }
  if (found.size === 0) return undefined;
  const list = [...found].sort(([a], [b]) => a.localeCompare(b)).map(([what, labels]) => `${what} (${[...labels].join(", ")})`).join(", ");
  return `local runs ignore these Kubernetes settings: ${list}`;
}

/** Name of the variable a Secret's or ConfigMap's key is read from when no file gives it: `KFP_TS_SECRET_DB_PASSWORD`. */
export function objectVariable(kind: "secret" | "configMap", name: string, key: string): string {
  const part = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return `KFP_TS_${kind === "secret" ? "SECRET" : "CONFIGMAP"}_${part(name)}_${part(key)}`;
}

/** A `KEY=VALUE` file (blank lines and `#` comments skipped; values may be quoted), as `--secret name=FILE` reads it. */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`, 2);
  }
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) throw new UserError(`${path}:${index + 1}: expected KEY=VALUE`, 2);
    values[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  });
  return values;
}

/** A claim's directory; its name must be a Kubernetes name, so that it stays under the root. */
function claimDirectory(pvcRoot: string, claim: string, path: string): string {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(claim)) throw new UserError(`task '${path}' names the PVC '${claim}', which is not a Kubernetes name (lower-case letters, digits, '-' and '.')`);
  return join(pvcRoot, claim);
}

/** The environment and mounts of one task; Secrets and ConfigMaps must be given unless optional. */
export async function taskEnvironment(context: RunContext, kubernetes: LocalKubernetes, label: string, path: string, resolve: NameResolver): Promise<Record<string, string>> {
  const config = kubernetes.executors[label];
  if (!config) return {};
  const env: Record<string, string> = {};
  const mounts: Record<string, string> = {};
  const list = (key: string) => (config[key] as Record<string, any>[] | undefined) ?? [];
  const lookup = (kind: "secret" | "configMap", name: string, key: string): string | undefined =>
    (kind === "secret" ? kubernetes.secrets : kubernetes.configMaps)?.[name]?.[key] ?? process.env[objectVariable(kind, name, key)];
  const missing = (kind: "secret" | "configMap", name: string, key: string) => {
    const flag = kind === "secret" ? "--secret" : "--config-map";
    const noun = kind === "secret" ? "Secret" : "ConfigMap";
    return new UserError(`task '${path}' reads key '${key}' of the ${noun} '${name}', which this run was not given: pass ${flag} ${name}=FILE (KEY=VALUE lines) or set ${objectVariable(kind, name, key)}`, 2);
  };
  for (const [kind, envKey, nameKey, keyField] of [["secret", "secretAsEnv", "secretNameParameter", "secretKey"], ["configMap", "configMapAsEnv", "configMapNameParameter", "configMapKey"]] as const) {
    for (const item of list(envKey)) {
      const name = await resolve(item[nameKey]);
      for (const pair of item.keyToEnv ?? []) {
        const value = lookup(kind, name, pair[keyField]);
        if (value !== undefined) env[pair.envVar] = value;
        else if (!item.optional) throw missing(kind, name, pair[keyField]);
      }
    }
  }
  const taskVolumes = join(context.runDir, ".volumes", path);
  for (const [kind, volumeKey, nameKey] of [["secret", "secretAsVolume", "secretNameParameter"], ["configMap", "configMapAsVolume", "configMapNameParameter"]] as const) {
    for (const item of list(volumeKey)) {
      const name = await resolve(item[nameKey]);
      const given = (kind === "secret" ? kubernetes.secrets : kubernetes.configMaps)?.[name];
      if (!given && !item.optional) {
        throw new UserError(`task '${path}' mounts the ${kind === "secret" ? "Secret" : "ConfigMap"} '${name}', which this run was not given: pass ${kind === "secret" ? "--secret" : "--config-map"} ${name}=FILE (KEY=VALUE lines, one file each)`, 2);
      }
      const directory = join(taskVolumes, `${kind}-${name}`);
      mkdirSync(directory, { recursive: true });
      for (const [key, value] of Object.entries(given ?? {})) writeFileSync(join(directory, key), value);
      mounts[item.mountPath] = directory;
    }
  }
  for (const item of list("pvcMount")) {
    const directory = join(claimDirectory(kubernetes.pvcRoot, await resolve(item.pvcNameParameter), path), item.subPath ?? "");
    mkdirSync(directory, { recursive: true });
    mounts[item.mountPath] = directory;
  }
  for (const item of [...list("emptyDirMounts"), ...list("genericEphemeralVolume")]) {
    const directory = join(taskVolumes, item.volumeName);
    mkdirSync(directory, { recursive: true });
    mounts[item.mountPath] = directory;
  }
  if (Object.keys(mounts).length > 0) env[mountsVariable] = JSON.stringify(mounts);
  return env;
}

/** kfp-kubernetes' CreatePVC and DeletePVC, which the KFP backend runs itself: here, a directory made or removed. */
export function isPvcTask(image: string): boolean {
  return image === "argostub/createpvc" || image === "argostub/deletepvc";
}

export function runPvcTask(context: RunContext, kubernetes: LocalKubernetes | undefined, path: string, task: TaskSpec, image: string, inputs: TaskInputs): TaskOutcome {
  const { store } = context;
  const name = path.split("/").pop()!;
  const taskId = store.createTask({ runId: context.runId, path, name, component: task.componentRef.name, kind: "container" });
  store.recordParameters(taskId, "input", inputs.parameters);
  const pvcRoot = kubernetes?.pvcRoot ?? join(context.runDir, ".pvcs");
  const parameters: Record<string, unknown> = {};
  if (image === "argostub/createpvc") {
    const claim = (inputs.parameters.pvc_name as string | undefined) ?? `${context.runId}${inputs.parameters.pvc_name_suffix ?? ""}`;
    mkdirSync(claimDirectory(pvcRoot, claim, path), { recursive: true });
    parameters.name = claim;
  } else {
    rmSync(claimDirectory(pvcRoot, String(inputs.parameters.pvc_name), path), { recursive: true, force: true });
  }
  const now = new Date().toISOString();
  store.write(() => {
    store.updateTask(taskId, { state: "succeeded", startedAt: now, finishedAt: now, cacheNote: "off: a PVC task" });
    store.recordParameters(taskId, "output", parameters);
  });
  context.emit({ type: "task-finished", path, state: "succeeded", seconds: 0 });
  return { state: "succeeded", parameters, artifacts: {} };
}
