import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ComponentIR } from "../ir.js";
import type { BaseContainer } from "../spec/build.js";
import type { Bundle } from "./bundle.js";

export const defaultImage = "node:22-slim";

/** Linux limits one argv string to 128 KiB; bundles are passed in chunks below that. */
const chunkBytes = 120_000;

/** The args of every kfp-ts component, as KFP passes them to lightweight Python components. */
export function componentArgs(component: ComponentIR): string[] {
  return ["--executor_input", "{{$}}", "--function_to_execute", component.functionName];
}

/**
 * The default, lightweight container: a stock Node image whose command writes the embedded bundle
 * to a file and runs it, so nothing is installed when the container starts.
 */
export function embeddedContainer(bundle: Bundle, image: string): BaseContainer {
  const chunks = splitUtf8(bundle.code, chunkBytes);
  const parts = chunks.map((_, i) => `"$${i}"`).join(" ");
  const script = [
    "program_path=$(mktemp -d)",
    `printf "%s" ${parts} > "$program_path/component.mjs"`,
    ...(chunks.length > 1 ? [`shift ${chunks.length - 1}`] : []),
    'exec node "$program_path/component.mjs" "$@"',
    "",
  ].join("\n");
  return { image, command: ["sh", "-ec", script, ...chunks], args: componentArgs(bundle.component) };
}

/** A marker the local runner uses to recognise a kfp-ts embedded bundle command. */
export function isEmbeddedBundleCommand(command: readonly string[] | undefined): boolean {
  return command?.[0] === "sh" && command[1] === "-ec" && /printf "%s" .*component\.mjs"\nexec node /s.test(command[2] ?? "");
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

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a character. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    const units = code >= 0x10000 ? 2 : 1;
    if (bytes + width > maxBytes) {
      chunks.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += width;
    i += units;
  }
  chunks.push(text.slice(start));
  return chunks;
}
