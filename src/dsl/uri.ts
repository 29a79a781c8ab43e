// Remote artifact URIs and the local paths a container sees them at (KFP executor contract, §3.3).

const mounts = [
  { scheme: "gs://", mount: "/gcs/" },
  { scheme: "minio://", mount: "/minio/" },
  { scheme: "s3://", mount: "/s3/" },
] as const;

const ociScheme = "oci://";
const ociMount = "/oci/";

/** The local path at which a container reads or writes the artifact stored at `uri`. */
export function localPathForUri(uri: string): string {
  for (const { scheme, mount } of mounts) {
    if (uri.startsWith(scheme)) return mount + uri.slice(scheme.length);
  }
  if (uri.startsWith(ociScheme)) return ociMount + uri.slice(ociScheme.length).replaceAll("/", "_");
  return uri;
}

/** The inverse of {@link localPathForUri}: `/gcs/b/k` → `gs://b/k`; other paths are returned unchanged. */
export function uriForLocalPath(path: string): string {
  for (const { scheme, mount } of mounts) {
    if (path.startsWith(mount)) return scheme + path.slice(mount.length);
  }
  if (path.startsWith(ociMount)) {
    const remote = path.slice(ociMount.length).replaceAll("_", "/");
    return ociScheme + (remote.endsWith("/models") ? remote.slice(0, -"/models".length) : remote);
  }
  return path;
}

/** True when `uri` names remote object storage rather than a local file. */
export function isRemoteUri(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}
