import { resolve } from "node:path";
import * as esbuild from "esbuild";
import { bundlePlan, type Bundle, type BundleOptions, type BundlePlan } from "../bundle/bundle.js";
import type { ComponentIR } from "../ir.js";
import { shiftedCalls, type BodyEdit } from "./body-edit.js";

/** A component's esbuild context and what its last build read and made. */
interface WarmBundle {
  /** The component's key, and the project root its metafile's paths are relative to. */
  readonly key: string;
  readonly root: string;
  readonly context: esbuild.BuildContext<{ write: false; metafile: true }>;
  readonly plan: BundlePlan;
  /** Entry source and options: when they change, the context is made anew. */
  readonly fingerprint: string;
  /** The definition calls the context's loader marks pure: the latest analysis's. */
  readonly calls: { current: BundleOptions["definitionCalls"] };
  /** Absolute paths of the modules the last build read. */
  inputs: ReadonlySet<string>;
  /** Rebuild at the next request: an input changed, or the last build failed. */
  stale: boolean;
  last?: { readonly output: string; readonly map: string | undefined; readonly bundle: Bundle };
}

/**
 * Bundles components as {@link bundleComponent} does, byte for byte, keeping one esbuild context per component:
 * a component none of whose modules changed is not rebuilt, and a rebuild re-parses only the changed modules.
 * Call {@link changed} with each change's files, and {@link dispose} at the end (contexts keep esbuild running).
 */
export class WatchBundler {
  private readonly warm = new Map<string, WarmBundle>();
  /** Per component, its latest request: one at a time per context (two pipelines may share a component). */
  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * Marks the bundles that read any of `files` for a rebuild, and returns their components' keys. When the change is body edits (no analysis changes),
   * the rebuilds start now, with the definition calls moved along, while the caller gets to its bundle requests.
   */
  changed(files: Iterable<string>, edits?: ReadonlyMap<string, BodyEdit>): Set<string> {
    const paths = [...files].map((f) => resolve(f));
    const stale = new Set<string>();
    for (const warm of this.warm.values()) {
      if (!paths.some((path) => warm.inputs.has(path))) continue;
      warm.stale = true;
      stale.add(warm.key);
      if (!edits || !warm.calls.current) continue;
      warm.calls.current = shiftedCalls(warm.calls.current, edits);
      // A failure is the next request's to report (it builds again).
      this.enqueue(warm.key, () => this.rebuild(warm)).catch(() => undefined);
    }
    return stale;
  }

  readonly bundle = (component: ComponentIR, options: BundleOptions): Promise<Bundle> => this.enqueue(component.key, () => this.bundleNow(component, options));

  /** Runs `work` after the component's pending requests, at once (not a tick later) when there are none. */
  private enqueue<T>(key: string, work: () => Promise<T>): Promise<T> {
    const pending = this.queues.get(key);
    const request = pending ? pending.catch(() => undefined).then(work) : work();
    this.queues.set(key, request);
    const settled = () => {
      if (this.queues.get(key) === request) this.queues.delete(key);
    };
    request.then(settled, settled);
    return request;
  }

  private async bundleNow(component: ComponentIR, options: BundleOptions): Promise<Bundle> {
    const fingerprint = JSON.stringify([bundlePlan(component, options).entry, [...(options.definitionCalls?.keys() ?? [])].sort(), options.minify ?? false, options.projectRoot, options.kfpPackageRoot, options.dslDirectory]);
    let warm = this.warm.get(component.key);
    if (warm && warm.fingerprint !== fingerprint) {
      await warm.context.dispose();
      warm = undefined;
    }
    if (!warm) {
      // The plan's loader reads `definitionCalls` as each module loads: a rebuild sees the latest analysis.
      const calls = { current: options.definitionCalls };
      const plan = bundlePlan(component, { ...options, get definitionCalls() { return calls.current; } });
      warm = { key: component.key, root: options.projectRoot, context: await esbuild.context(plan.esbuildOptions), plan, fingerprint, calls, inputs: new Set(), stale: true };
      this.warm.set(component.key, warm);
    }
    warm.calls.current = options.definitionCalls;
    const bundle = !warm.stale && warm.last ? warm.last.bundle : await this.rebuild(warm);
    return { ...bundle, component };
  }

  private async rebuild(warm: WarmBundle): Promise<Bundle> {
    warm.stale = true;
    const result = await warm.plan.run(warm.context.rebuild());
    warm.inputs = new Set(Object.keys(result.metafile.inputs).map((path) => resolve(warm.root, path)));
    warm.stale = false;
    const output = result.outputFiles.find((f) => f.path.endsWith(".mjs"))!.text;
    const map = result.outputFiles.find((f) => f.path.endsWith(".map"))?.text;
    // Same bytes out of esbuild (an edit the bundle does not see): the finished bundle is the last one.
    if (warm.last && warm.last.output === output && warm.last.map === map) return warm.last.bundle;
    const bundle = warm.plan.finish(result);
    warm.last = { output, map, bundle };
    return bundle;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.queues.values()].map((request) => request.catch(() => undefined)));
    const contexts = [...this.warm.values()].map((warm) => warm.context);
    this.warm.clear();
    this.queues.clear();
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}
