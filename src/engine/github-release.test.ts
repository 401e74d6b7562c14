import { describe, expect, it } from 'vitest';
import { fetchReleaseAsset, parseReleaseUrl } from './github-release';

const NANO =
  'https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx';

describe('GitHub release assets', () => {
  it('recognises release download URLs only', () => {
    expect(parseReleaseUrl(NANO)).toEqual({
      owner: 'Megvii-BaseDetection',
      repo: 'YOLOX',
      tag: '0.1.1rc0',
      file: 'yolox_nano.onnx',
    });
    expect(parseReleaseUrl('https://github.com/a/b/blob/main/x.onnx')).toBeNull();
    expect(parseReleaseUrl('https://example.com/a/b/releases/download/t/x.onnx')).toBeNull();
    expect(parseReleaseUrl('not a url')).toBeNull();
  });

  it('finds the asset in the release and asks the API for its bytes', async () => {
    const calls: [string, string | undefined][] = [];
    const fake = async (url: string, init?: RequestInit) => {
      const accept = (init?.headers as Record<string, string> | undefined)?.accept;
      calls.push([url, accept]);
      if (url.endsWith('/releases/tags/0.1.1rc0')) {
        return Response.json({
          assets: [
            { name: 'yolox_s.onnx', url: 'https://api.github.com/repos/M/Y/releases/assets/1' },
            { name: 'yolox_nano.onnx', url: 'https://api.github.com/repos/M/Y/releases/assets/2' },
          ],
        });
      }
      return new Response(new Uint8Array([7, 7]));
    };
    const response = await fetchReleaseAsset(parseReleaseUrl(NANO)!, fake);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([7, 7]));
    expect(calls).toEqual([
      [
        'https://api.github.com/repos/Megvii-BaseDetection/YOLOX/releases/tags/0.1.1rc0',
        'application/vnd.github+json',
      ],
      ['https://api.github.com/repos/M/Y/releases/assets/2', 'application/octet-stream'],
    ]);
  });

  it('says which file a release lacks', async () => {
    const fake = async () => Response.json({ assets: [] });
    await expect(
      fetchReleaseAsset({ owner: 'o', repo: 'r', tag: 't', file: 'm.onnx' }, fake),
    ).rejects.toThrow('release t of o/r has no m.onnx');
  });
});
