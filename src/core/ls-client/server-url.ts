// The Label Studio address the user typed → the API base, and the checks that
// can be made before any request (mixed content).

import { LsError } from './errors';

export interface ServerAddress {
  /** Always ends with "/" so relative API paths resolve under a sub-path install. */
  base: URL;
  /** A project id found in a pasted project link (…/projects/12/data). */
  projectId?: number;
}

/**
 * Accepts what people paste: "ls.example.com:8080", a project page link, or
 * the API root. Throws an LsError('wrong-url') for what cannot be an address.
 */
export function parseServerAddress(input: string): ServerAddress {
  let text = input.trim();
  if (text === '')
    throw new LsError({ kind: 'wrong-url', message: 'enter the Label Studio address' });
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LsError({ kind: 'wrong-url', message: `"${input.trim()}" is not a web address` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LsError({
      kind: 'wrong-url',
      message: `the Label Studio address must start with http:// or https://, got ${url.protocol}`,
    });
  }
  if (url.username || url.password) {
    throw new LsError({
      kind: 'wrong-url',
      message: 'put the token in the token field, not in the address',
    });
  }
  let path = url.pathname;
  let projectId: number | undefined;
  const projectMatch = /^(.*?)\/projects\/(\d+)(\/.*)?$/.exec(path);
  if (projectMatch) {
    projectId = Number(projectMatch[2]);
    path = projectMatch[1] ?? '';
  }
  // Pages of the app are not the root: cut at the first known top-level section.
  path = path.replace(/\/(api|projects|user|data|organization|models)(\/.*)?$/, '');
  if (!path.endsWith('/')) path += '/';
  const base = new URL(`${url.protocol}//${url.host}${path}`);
  return projectId === undefined ? { base } : { base, projectId };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/**
 * Browsers block http requests from an https page ("mixed content"), except
 * to loopback addresses, which count as potentially trustworthy.
 */
export function mixedContentError(base: URL, pageOrigin: string | undefined): LsError | undefined {
  if (!pageOrigin || !pageOrigin.startsWith('https:')) return undefined;
  if (base.protocol !== 'http:' || isLoopback(base.hostname)) return undefined;
  return new LsError({
    kind: 'mixed-content',
    message:
      `this page is served over https but Label Studio is at http://${base.host}: ` +
      'the browser blocks such requests (mixed content). Serve Label Studio over https ' +
      '(for example behind a reverse proxy with a certificate), or open Prelabel over http ' +
      'from the same machine.',
  });
}

export function sameOrigin(a: URL, pageOrigin: string | undefined): boolean {
  return pageOrigin !== undefined && a.origin === pageOrigin;
}
