import { z } from "zod";

/**
 * A spec's platform document (`PlatformSpec`): per-executor settings for a platform, such as the Kubernetes
 * settings kfp-kubernetes writes. The second YAML document of a compiled pipeline, when there is one.
 */
export const platformSpecSchema = z.object({
  platforms: z.record(z.string(), z.object({ deploymentSpec: z.object({ executors: z.record(z.string(), z.record(z.string(), z.unknown())) }).optional() }).loose()),
});

export type PlatformSpec = z.infer<typeof platformSpecSchema>;
