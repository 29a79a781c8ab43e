/**
 * Where a volume mounted at `path` (a PVC, a Secret, an empty dir from `kubernetes` task settings) is for this
 * process: `path` itself on a cluster; the local directory that stands in for it in a `kfp-ts run`.
 * Paths under a mount resolve too: `mountPath("/work/data.csv")`.
 */
export function mountPath(path: string): string {
  const mounts = process.env.KFP_TS_MOUNTS;
  if (!mounts) return path;
  const table = JSON.parse(mounts) as Record<string, string>;
  const mount = Object.keys(table)
    .filter((m) => path === m || path.startsWith(m.endsWith("/") ? m : `${m}/`))
    .sort((a, b) => b.length - a.length)[0];
  return mount === undefined ? path : table[mount]! + path.slice(mount.length);
}
