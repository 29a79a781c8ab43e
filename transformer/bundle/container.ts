import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ComponentIR } from "../ir.js";
import type { BaseContainer } from "../spec/build.js";
import { embeddedCommand, packText, sourceMapEnv } from "../../src/spec/embedded-command.js";
import type { Bundle } from "./bundle.js";
import { containerBytes, maxContainerBytes } from "./limits.js";

export const defaultImage = "node:22-slim";

/** The args of every kfp-ts component, as KFP passes them to lightweight Python components. */
export function componentArgs(component: ComponentIR): string[] {
  return ["--executor_input", "{{$}}", "--function_to_execute", component.functionName];
}

/**
 * The default, lightweight container: a stock Node image whose command unpacks the embedded bundle
 * and runs it, so nothing is installed when the container starts. The source map rides along when
 * it fits (the size limit is checked on the whole container once the tasks' settings are in).
 */
export function embeddedContainer(bundle: Bundle, image: string, diagnostics: DiagnosticBag, pack = packText): BaseContainer {
  const container = { image, command: embeddedCommand(bundle.code, (code) => bundle.packed?.code ?? pack(code)), args: componentArgs(bundle.component) };
  if (!bundle.sourceMap) return container;
  const withMap = { ...container, env: [sourceMapEnv(bundle.sourceMap, (map) => bundle.packed?.sourceMap ?? pack(map))] };
  if (containerBytes(withMap) <= maxContainerBytes || containerBytes(container) > maxContainerBytes) return withMap;
  diagnostics.warning(codes.containerTooLarge, `component '${bundle.component.functionName}' is embedded without its source map, which would not fit in the container spec: stack traces point at the bundle`,
    bundle.component.location, "compile with --containerized to keep the source map in the image");
  return container;
}

/** Containerized mode: the image built from the component's build context runs the bundle from its file system. */
export function containerizedContainer(bundle: Bundle, targetImage: string): BaseContainer {
  return { image: targetImage, command: ["node", "/kfp-ts/component.mjs"], args: componentArgs(bundle.component) };
}

/** A tag that changes exactly when the bundle or its base image changes. */
export function contentTag(bundle: Bundle, baseImage: string): string {
  return "sha-" + createHash("sha256").update(baseImage).update("\0").update(bundle.code).digest("hex").slice(0, 16);
}

/** Writes `<dir>/Dockerfile` and `<dir>/component.mjs`: everything `docker build <dir>` needs. */
export async function writeBuildContext(dir: string, bundle: Bundle, baseImage: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "component.mjs"), bundle.code);
  await writeFile(
    join(dir, "Dockerfile"),
    [
      `# Build context of the kfp-ts component '${bundle.component.functionName}'.`,
      `FROM ${baseImage}`,
      "WORKDIR /kfp-ts",
      "COPY component.mjs /kfp-ts/component.mjs",
      'ENTRYPOINT ["node", "/kfp-ts/component.mjs"]',
      "",
    ].join("\n"),
  );
}
