// Exported predictions opened in the real Label Studio editor (e2e/ls-editor).
import { join } from 'node:path';
import { EDITOR_BUILD } from '../ls-editor/serve';
import { fixturesPresent } from '../../test/require-fixtures';

export const NO_EDITOR = 'Label Studio editor not fetched: run node scripts/get-ls-editor.mjs';
export const HAS_EDITOR = fixturesPresent(NO_EDITOR, join(EDITOR_BUILD, 'static/js/main.js'));
