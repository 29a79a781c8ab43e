import type { PlatformSpec } from "../../src/spec/platform-spec.js";
import type { ChannelRef, K8sNameIR, KubernetesIR } from "../ir.js";

export type { PlatformSpec };

/** The platform document: each executor's Kubernetes settings, as kfp-kubernetes writes them. */
export function platformDocument(executors: ReadonlyMap<string, Record<string, unknown>>): PlatformSpec | undefined {
  if (executors.size === 0) return undefined;
  return { platforms: { kubernetes: { deploymentSpec: { executors: Object.fromEntries(executors) } } } };
}

/** Every pipeline parameter and task output the settings read, in the order written. */
export function kubernetesChannels(ir: KubernetesIR | undefined): ChannelRef[] {
  if (!ir) return [];
  const named = [...(ir.secretEnv ?? []), ...(ir.secretVolumes ?? []), ...(ir.configMapEnv ?? []), ...(ir.configMapVolumes ?? []), ...(ir.pvcMounts ?? [])];
  return [...named.map((s) => s.name), ...(ir.imagePullSecrets ?? [])].filter((n): n is ChannelRef => n.kind !== "constant");
}

/** How the task reads a pipeline parameter or task output: an `InputParameterSpec`, as for its inputs. */
type ChannelOf = (ref: ChannelRef) => object;

/** `InputParameterSpec` of a name (`common.parse_k8s_parameter_input`). */
function parameterOf(name: K8sNameIR, channelOf: ChannelOf): object {
  return name.kind === "constant" ? { runtimeValue: { constant: name.value } } : channelOf(name);
}

/** The deprecated name field kfp-kubernetes still writes next to the parameter, for literal names only. */
const literal = (field: string, name: K8sNameIR) => (name.kind === "constant" ? { [field]: name.value } : {});

/** The deprecated `pvc_reference` oneof of a PVC mount (`_assign_pvc_name_to_msg`): the binding without its wrapper. */
function pvcReference(name: K8sNameIR, channelOf: ChannelOf): object {
  return name.kind === "constant" ? { constant: name.value } : channelOf(name);
}

const record = (pairs: readonly (readonly [string, string])[]) => Object.fromEntries(pairs);
const nonEmpty = <T>(key: string, items: readonly T[] | undefined) => (items && items.length > 0 ? { [key]: items } : {});

/** One executor's `KubernetesExecutorConfig`, in protobuf JSON form. */
export function kubernetesExecutorConfig(k: KubernetesIR, channelOf: ChannelOf): Record<string, unknown> {
  const requirement = (r: { key: string; operator: string; values: readonly string[] }) => ({ key: r.key, operator: r.operator, ...nonEmpty("values", r.values) });
  const podMetadata = {
    ...(k.podLabels?.length && { labels: record(k.podLabels) }),
    ...(k.podAnnotations?.length && { annotations: record(k.podAnnotations) }),
  };
  const asEnv = (keyField: string, pairs: readonly (readonly [string, string])[]) => ({ keyToEnv: pairs.map(([key, envVar]) => ({ [keyField]: key, envVar })) });
  // A Secret or ConfigMap by name: the deprecated name field for literals, and the name parameter.
  const named = (kind: "secret" | "configMap", item: { name: K8sNameIR; optional: boolean }) => ({
    optional: item.optional,
    ...literal(`${kind}Name`, item.name),
    [`${kind}NameParameter`]: parameterOf(item.name, channelOf),
  });
  return {
    ...nonEmpty("secretAsEnv", k.secretEnv?.map((s) => ({ ...asEnv("secretKey", s.keyToEnv), ...named("secret", s) }))),
    ...nonEmpty("secretAsVolume", k.secretVolumes?.map((s) => ({ mountPath: s.mountPath, ...named("secret", s) }))),
    ...nonEmpty("configMapAsEnv", k.configMapEnv?.map((c) => ({ ...asEnv("configMapKey", c.keyToEnv), ...named("configMap", c) }))),
    ...nonEmpty("configMapAsVolume", k.configMapVolumes?.map((c) => ({ mountPath: c.mountPath, ...named("configMap", c) }))),
    ...nonEmpty("pvcMount", k.pvcMounts?.map((p) => ({
      mountPath: p.mountPath,
      ...(p.subPath && { subPath: p.subPath }),
      ...pvcReference(p.name, channelOf),
      pvcNameParameter: parameterOf(p.name, channelOf),
    }))),
    ...nonEmpty("emptyDirMounts", k.emptyDirs?.map((e) => ({
      volumeName: e.volumeName,
      mountPath: e.mountPath,
      ...(e.medium && { medium: e.medium }),
      ...(e.sizeLimit && { sizeLimit: e.sizeLimit }),
    }))),
    ...nonEmpty("genericEphemeralVolume", k.ephemeralVolumes?.map((v) => {
      const metadata = { ...(v.annotations?.length && { annotations: record(v.annotations) }), ...(v.labels?.length && { labels: record(v.labels) }) };
      return {
        volumeName: v.volumeName,
        mountPath: v.mountPath,
        accessModes: v.accessModes,
        size: v.size,
        ...(v.storageClassName === undefined ? { defaultStorageClass: true } : v.storageClassName !== "" && { storageClassName: v.storageClassName }),
        ...(Object.keys(metadata).length > 0 && { metadata }),
      };
    })),
    ...nonEmpty("fieldPathAsEnv", k.fieldPathEnv?.map(([name, fieldPath]) => ({ name, fieldPath }))),
    ...(k.nodeSelector?.length && { nodeSelector: { labels: record(k.nodeSelector) } }),
    ...nonEmpty("nodeAffinity", k.nodeAffinity?.map((term) => ({
      ...nonEmpty("matchExpressions", term.matchExpressions.map(requirement)),
      ...nonEmpty("matchFields", term.matchFields.map(requirement)),
      ...(term.weight !== undefined && { weight: term.weight }),
    }))),
    ...nonEmpty("tolerations", k.tolerations?.map((t) => ({
      ...(t.key && { key: t.key }),
      ...(t.operator && { operator: t.operator }),
      ...(t.value && { value: t.value }),
      ...(t.effect && { effect: t.effect }),
      // int64: a string in protobuf's JSON form.
      ...(t.tolerationSeconds !== undefined && { tolerationSeconds: String(t.tolerationSeconds) }),
    }))),
    ...nonEmpty("imagePullSecret", k.imagePullSecrets?.map((name) => ({ ...literal("secretName", name), secretNameParameter: parameterOf(name, channelOf) }))),
    ...(k.imagePullPolicy && { imagePullPolicy: k.imagePullPolicy }),
    ...(Object.keys(podMetadata).length > 0 && { podMetadata }),
    ...(k.activeDeadlineSeconds && { activeDeadlineSeconds: String(k.activeDeadlineSeconds) }),
  };
}
