const durationPattern = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?$/;
const secondsPer: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds in a duration: a number of seconds, or text like "90s", "5m", "1h", "2d", "1w" (undefined when it is neither). */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = durationPattern.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * secondsPer[match[2] ?? "s"]!;
}
