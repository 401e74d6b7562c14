// model_version = model name + a short hash of (model bytes, mapping, thresholds):
// Label Studio shows annotators one model version at a time, so a version must
// change whenever the predictions could.

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hash the (possibly large) model bytes once per model, not per run. */
export function modelBytesHash(bytes: Uint8Array): Promise<string> {
  return sha256Hex(bytes);
}

/** Keys sorted so that equal settings always hash the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function modelVersionOf(
  modelName: string,
  bytesHash: string,
  settings: Record<string, unknown>,
): Promise<string> {
  const digest = await sha256Hex(`${bytesHash}\n${stableJson(settings)}`);
  return `${modelName}@${digest.slice(0, 8)}`;
}
