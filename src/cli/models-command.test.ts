import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fixturesPresent } from '../../test/require-fixtures';
import { BUILTIN_DIR } from './load-model';
import { listBuiltinModels } from './models-command';

describe('prelabel models', () => {
  it('lists the built-in entity tagger (code from npm, no files) with its family and licence', async () => {
    const text = await listBuiltinModels();
    const row = text.split('\n').find((line) => line.startsWith('builtin-entities'));
    expect(row).toMatch(/^builtin-entities\s+text-entities\s+ner\s+MIT\s+Built-in entity tagger/);
    expect(text.split('\n')[0]).toMatch(/^id\s+family\s+task\s+licence\s+name$/);
  });

  it.runIf(fixturesPresent('the installed built-ins', join(BUILTIN_DIR, 'index.json')))(
    'lists the built-in VAD that `npm install` copied (prelabel predict --model silero-vad)',
    async () => {
      const text = await listBuiltinModels();
      expect(text).toMatch(/^silero-vad\s+audio-vad\s+vad\s+MIT/m);
    },
  );
});
