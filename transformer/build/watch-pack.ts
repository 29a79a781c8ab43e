import { packText } from "../../src/spec/embedded-command.js";

/**
 * {@link packText} that remembers its last results: a rebuild re-embeds every bundle of a recompiled
 * pipeline, most of them unchanged, and brotli is the dearest step of embedding. Least recently used
 * texts are forgotten beyond `capacity`.
 */
export class PackCache {
  private readonly packed = new Map<string, string>();

  constructor(private readonly capacity = 64) {}

  readonly pack = (text: string): string => {
    let result = this.packed.get(text);
    if (result === undefined) result = packText(text);
    else this.packed.delete(text);
    this.packed.set(text, result);
    if (this.packed.size > this.capacity) this.packed.delete(this.packed.keys().next().value!);
    return result;
  };
}
