// CORS like Label Studio's django-cors-headers defaults: any origin, the
// Authorization header allowed, no credentials, no exposed headers. With a list
// of origins, others get no CORS headers at all (the browser then refuses).

import type { LsTestSettings } from './types';

const ALLOW_HEADERS =
  'accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with';
const ALLOW_METHODS = 'DELETE, GET, OPTIONS, PATCH, POST, PUT';

export function corsHeaders(
  settings: LsTestSettings,
  origin: string | undefined,
  preflight: boolean,
): Record<string, string> {
  if (!origin) return {};
  let allowOrigin: string | undefined;
  if (settings.cors === 'allow-all') allowOrigin = '*';
  else if (settings.cors.includes(origin)) allowOrigin = origin;
  if (!allowOrigin) return {};
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': allowOrigin };
  if (allowOrigin !== '*') headers.Vary = 'Origin';
  if (preflight) {
    headers['Access-Control-Allow-Headers'] = ALLOW_HEADERS;
    headers['Access-Control-Allow-Methods'] = ALLOW_METHODS;
    headers['Access-Control-Max-Age'] = '86400';
  }
  return headers;
}
