// What a Label Studio error body says, in one short line. DRF answers
// {"detail": "..."}, validation errors as {"field": ["..."]} or ["..."], and
// Label Studio's handler adds {"validation_errors": {...}}.

const MAX = 300;

function flatten(value: unknown, out: string[], prefix = ''): void {
  if (out.join('; ').length > MAX) return;
  if (typeof value === 'string') out.push(prefix + value);
  else if (typeof value === 'number' || typeof value === 'boolean')
    out.push(prefix + String(value));
  else if (Array.isArray(value)) for (const v of value) flatten(v, out, prefix);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (['id', 'status_code', 'version', 'exc_info'].includes(k)) continue;
      flatten(v, out, k === 'detail' || k === 'validation_errors' ? prefix : `${prefix}${k}: `);
    }
  }
}

export function errorDetail(body: string): string {
  let text: string;
  try {
    const parsed: unknown = JSON.parse(body);
    const parts: string[] = [];
    flatten(parsed, parts);
    text = parts.join('; ');
  } catch {
    // HTML error pages: keep the title or nothing.
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
    text = title ?? (/^\s*</.test(body) ? '' : body);
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}
