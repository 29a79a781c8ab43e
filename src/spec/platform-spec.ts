import { z } from "zod";
import { UserError } from "../errors.js";

/**
 * A spec's platform document (`PlatformSpec`): per-executor settings for a platform, such as the Kubernetes
 * settings kfp-kubernetes writes. The second YAML document of a compiled pipeline, when there is one.
 */
export const platformSpecSchema = z.object({
  platforms: z.record(z.string(), z.object({ deploymentSpec: z.object({ executors: z.record(z.string(), z.record(z.string(), z.unknown())) }).optional() }).loose()),
});

export type PlatformSpec = z.infer<typeof platformSpecSchema>;

/** A spec file's platform document, checked: the executors' settings must be mappings for a run to read them. */
export function readPlatformSpec(document: Record<string, unknown> | undefined, source = "the spec"): PlatformSpec | undefined {
  if (!document) return undefined;
  const parsed = platformSpecSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${source}: its platform document is not a platform spec (${issue.path.join(".") || "(document)"}: ${issue.message}); compile it with \`kfp-ts compile\` or the KFP SDK`);
  }
  return parsed.data;
}

/** The executor labels a platform document configures, across its platforms. */
export function platformExecutors(platform: PlatformSpec): string[] {
  return Object.values(platform.platforms).flatMap((p) => Object.keys(p.deploymentSpec?.executors ?? {}));
}
