// GitHub release downloads (github.com/<owner>/<repo>/releases/download/<tag>/<file>)
// answer with a redirect that carries no CORS header, so a page cannot fetch
// them. GitHub's REST API can: it lists the release's assets, and an asset's
// API URL fetched with `Accept: application/octet-stream` redirects to the
// file with CORS headers on every hop.

export interface ReleaseAsset {
  owner: string;
  repo: string;
  tag: string;
  file: string;
}

const RELEASE_PATH = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/;

export function parseReleaseUrl(url: string): ReleaseAsset | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname !== 'github.com') return null;
  const m = RELEASE_PATH.exec(parsed.pathname);
  if (!m) return null;
  const [, owner, repo, tag, file] = m.map((part) => decodeURIComponent(part ?? '')) as string[];
  return { owner: owner!, repo: repo!, tag: tag!, file: file! };
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The API URL of the asset; throws with a readable reason when the release has none. */
export async function releaseAssetApiUrl(asset: ReleaseAsset, fetchFn: Fetch): Promise<string> {
  const path = [asset.owner, asset.repo].map(encodeURIComponent).join('/');
  const release = `https://api.github.com/repos/${path}/releases/tags/${encodeURIComponent(asset.tag)}`;
  const response = await fetchFn(release, {
    mode: 'cors',
    headers: { accept: 'application/vnd.github+json' },
  });
  if (!response.ok) {
    throw new Error(`GitHub API: HTTP ${response.status} for release ${asset.tag}`);
  }
  const body = (await response.json()) as { assets?: { name?: unknown; url?: unknown }[] };
  const found = body.assets?.find((a) => a.name === asset.file);
  if (!found || typeof found.url !== 'string') {
    throw new Error(`release ${asset.tag} of ${asset.owner}/${asset.repo} has no ${asset.file}`);
  }
  return found.url;
}

/** Fetches a release file through the API (see the top of this file). */
export async function fetchReleaseAsset(asset: ReleaseAsset, fetchFn: Fetch): Promise<Response> {
  const url = await releaseAssetApiUrl(asset, fetchFn);
  return fetchFn(url, { mode: 'cors', headers: { accept: 'application/octet-stream' } });
}
