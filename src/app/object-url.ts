// Object URLs for dropped files, one per File for the page's lifetime. Not
// revoked: they only point at files the user dropped (disk-backed, not copies),
// and revoking in effect cleanups breaks under React's double-mounting.
const urls = new WeakMap<Blob, string>();

export function objectUrlFor(blob: Blob): string {
  let url = urls.get(blob);
  if (!url) {
    url = URL.createObjectURL(blob);
    urls.set(blob, url);
  }
  return url;
}
