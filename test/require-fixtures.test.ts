import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturesPresent } from './require-fixtures';

describe('fixturesPresent', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('is true when every path exists', () => {
    expect(fixturesPresent('x', process.cwd(), 'package.json')).toBe(true);
  });

  it('warns and skips when a path is missing', () => {
    vi.stubEnv('PRELABEL_REQUIRE_SHARED', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(fixturesPresent('real tests', 'no/such/file')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('real tests needs no/such/file'));
  });

  it('throws under PRELABEL_REQUIRE_SHARED=1 instead of skipping', () => {
    vi.stubEnv('PRELABEL_REQUIRE_SHARED', '1');
    expect(() => fixturesPresent('real tests', 'package.json', 'no/such/file')).toThrow(
      /real tests needs no\/such\/file .*PRELABEL_REQUIRE_SHARED=1/,
    );
  });
});
