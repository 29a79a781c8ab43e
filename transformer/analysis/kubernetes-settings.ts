import { Node } from "ts-morph";
import { z } from "zod";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ChannelRef, JsonValue, K8sNameIR, KubernetesIR } from "../ir.js";
import { evaluateConstant, propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import { seconds } from "./task-settings.js";

/** Reads a value that is not a literal: a pipeline parameter or task output (reported and undefined otherwise). */
export type ChannelReader = (node: Node) => ChannelRef | undefined;

/** A value that exists only when the pipeline runs, inside the settings tree. */
class ChannelLeaf {
  constructor(readonly ref: ChannelRef) {}
}
type Tree = JsonValue | ChannelLeaf | Tree[] | { [key: string]: Tree };

const quantity = /^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$/;
const channel = z.custom<ChannelLeaf>((v) => v instanceof ChannelLeaf);
const name = z.union([z.string().min(1, "must not be empty"), channel]);
const text = z.string();
const pairs = z.record(z.string(), z.string());
const size = z.string().regex(quantity, 'must be a whole number with an optional unit, such as "5Gi"');
const accessModes = z.array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"])).min(1);
const requirement = z.strictObject({ key: z.string().min(1), operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]), values: z.array(text).optional() });
const effect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

const schema = z.strictObject({
  secretEnv: z.array(z.strictObject({ secretName: name, keyToEnv: pairs, optional: z.boolean().optional() })).optional(),
  secretVolumes: z.array(z.strictObject({ secretName: name, mountPath: z.string().min(1), optional: z.boolean().optional() })).optional(),
  configMapEnv: z.array(z.strictObject({ configMapName: name, keyToEnv: pairs, optional: z.boolean().optional() })).optional(),
  configMapVolumes: z.array(z.strictObject({ configMapName: name, mountPath: z.string().min(1), optional: z.boolean().optional() })).optional(),
  pvcMounts: z.array(z.strictObject({ pvcName: name, mountPath: z.string().min(1), subPath: text.optional() })).optional(),
  emptyDirs: z.array(z.strictObject({ volumeName: z.string().min(1), mountPath: z.string().min(1), medium: z.enum(["Memory", "HugePages"]).optional(), sizeLimit: size.optional() })).optional(),
  ephemeralVolumes: z.array(z.strictObject({
    volumeName: z.string().min(1),
    mountPath: z.string().min(1),
    accessModes,
    size,
    storageClassName: text.optional(),
    labels: pairs.optional(),
    annotations: pairs.optional(),
  })).optional(),
  fieldPathEnv: pairs.optional(),
  nodeSelector: pairs.optional(),
  nodeAffinity: z.array(z.strictObject({
    matchExpressions: z.array(requirement).optional(),
    matchFields: z.array(requirement).optional(),
    weight: z.int().min(1).max(100).optional(),
  })).optional(),
  tolerations: z.array(z.strictObject({
    key: text.optional(),
    operator: z.enum(["Equal", "Exists"]).optional(),
    value: text.optional(),
    effect: effect.optional(),
    tolerationSeconds: z.int().optional(),
  })).optional(),
  imagePullSecrets: z.array(name).optional(),
  imagePullPolicy: z.enum(["Always", "Never", "IfNotPresent"]).optional(),
  podLabels: pairs.optional(),
  podAnnotations: pairs.optional(),
  activeDeadline: z.union([z.number().min(0), z.string()]).optional(),
});

/** Reads `kubernetes: { … }` of a task's settings. Names may be pipeline parameters or task outputs; the rest literals. */
export function analyzeKubernetesSettings(node: Node, readChannel: ChannelReader | undefined, diagnostics: DiagnosticBag): KubernetesIR | undefined {
  const fail = (message: string, at: Node = node, hint?: string) => {
    diagnostics.error(codes.invalidTaskSetting, message, locationOf(at), hint);
    return undefined;
  };
  const tree = readTree(node, readChannel, fail);
  if (tree === undefined) return undefined;
  const parsed = schema.safeParse(tree);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ["kubernetes", ...issue.path.map(String)].join(".");
    if (valueAt(tree, issue.path) instanceof ChannelLeaf) {
      return fail(`\`${path}\` must be a literal the compiler can read`, node, "pipeline parameters and task outputs can give only the names of Secrets, ConfigMaps, PVCs and image pull secrets");
    }
    return fail(`\`${path}\`: ${issue.message}`, node, "see KubernetesSettings for the settings and their shapes");
  }
  const k = parsed.data;
  let activeDeadlineSeconds: number | undefined;
  if (k.activeDeadline !== undefined) {
    activeDeadlineSeconds = seconds(k.activeDeadline);
    if (activeDeadlineSeconds === undefined) return fail("`kubernetes.activeDeadline` must be seconds or a duration such as \"30s\", \"5m\" or \"1h\"");
  }
  const nameOf = (value: string | ChannelLeaf): K8sNameIR => (value instanceof ChannelLeaf ? value.ref : { kind: "constant", value });
  const entries = (record: Record<string, string> | undefined) => (record ? Object.entries(record) : undefined);
  const ir: KubernetesIR = {
    ...(k.secretEnv && { secretEnv: k.secretEnv.map((s) => ({ name: nameOf(s.secretName), keyToEnv: Object.entries(s.keyToEnv), optional: s.optional ?? false })) }),
    ...(k.secretVolumes && { secretVolumes: k.secretVolumes.map((s) => ({ name: nameOf(s.secretName), mountPath: s.mountPath, optional: s.optional ?? false })) }),
    ...(k.configMapEnv && { configMapEnv: k.configMapEnv.map((c) => ({ name: nameOf(c.configMapName), keyToEnv: Object.entries(c.keyToEnv), optional: c.optional ?? false })) }),
    ...(k.configMapVolumes && { configMapVolumes: k.configMapVolumes.map((c) => ({ name: nameOf(c.configMapName), mountPath: c.mountPath, optional: c.optional ?? false })) }),
    ...(k.pvcMounts && { pvcMounts: k.pvcMounts.map((p) => ({ name: nameOf(p.pvcName), mountPath: p.mountPath, subPath: p.subPath ?? "" })) }),
    ...(k.emptyDirs && { emptyDirs: k.emptyDirs }),
    ...(k.ephemeralVolumes && {
      ephemeralVolumes: k.ephemeralVolumes.map((v) => ({ ...v, labels: entries(v.labels), annotations: entries(v.annotations) })),
    }),
    ...(k.fieldPathEnv && { fieldPathEnv: Object.entries(k.fieldPathEnv) }),
    ...(k.nodeSelector && { nodeSelector: Object.entries(k.nodeSelector) }),
    ...(k.nodeAffinity && {
      nodeAffinity: k.nodeAffinity.map((term) => ({
        matchExpressions: (term.matchExpressions ?? []).map((r) => ({ ...r, values: r.values ?? [] })),
        matchFields: (term.matchFields ?? []).map((r) => ({ ...r, values: r.values ?? [] })),
        ...(term.weight !== undefined && { weight: term.weight }),
      })),
    }),
    ...(k.tolerations && { tolerations: k.tolerations }),
    ...(k.imagePullSecrets && { imagePullSecrets: k.imagePullSecrets.map(nameOf) }),
    ...(k.imagePullPolicy && { imagePullPolicy: k.imagePullPolicy }),
    ...(k.podLabels && { podLabels: Object.entries(k.podLabels) }),
    ...(k.podAnnotations && { podAnnotations: Object.entries(k.podAnnotations) }),
    ...(activeDeadlineSeconds !== undefined && { activeDeadlineSeconds }),
  };
  return ir;
}

/** The settings object as data: literals where the source has them, channels where it reads parameters or outputs. */
function readTree(expression: Node, readChannel: ChannelReader | undefined, fail: (message: string, at: Node) => undefined): Tree | undefined {
  const node = unwrapTransparent(expression);
  if (Node.isObjectLiteralExpression(node)) {
    const object: Record<string, Tree> = {};
    for (const property of node.getProperties()) {
      const shorthand = Node.isShorthandPropertyAssignment(property);
      if (!Node.isPropertyAssignment(property) && !shorthand) return fail("kubernetes settings must be written as `key: value`", property);
      const key = propertyName(property.getNameNode());
      if (key === undefined) return fail("kubernetes setting names must be written out", property);
      const value = readTree(shorthand ? property.getNameNode() : property.getInitializerOrThrow(), readChannel, fail);
      if (value === undefined) return undefined;
      object[key] = value;
    }
    return object;
  }
  if (Node.isArrayLiteralExpression(node)) {
    const items: Tree[] = [];
    for (const element of node.getElements()) {
      const value = readTree(element, readChannel, fail);
      if (value === undefined) return undefined;
      items.push(value);
    }
    return items;
  }
  const constant = evaluateConstant(node);
  if (constant.ok) return constant.value === undefined ? fail("kubernetes settings cannot be undefined; leave the setting out", node) : constant.value;
  if (!readChannel) return fail("kubernetes settings must be literals the compiler can read", node);
  const ref = readChannel(node);
  return ref && new ChannelLeaf(ref);
}

function valueAt(tree: Tree, path: readonly PropertyKey[]): Tree | undefined {
  let value: Tree | undefined = tree;
  for (const key of path) value = value && typeof value === "object" && !(value instanceof ChannelLeaf) ? (value as Record<string, Tree>)[key as string] : undefined;
  return value;
}
