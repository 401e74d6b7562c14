// Exported predictions opened in the real Label Studio editor (e2e/ls-editor).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EDITOR_BUILD } from '../ls-editor/serve';

export const HAS_EDITOR = existsSync(join(EDITOR_BUILD, 'static/js/main.js'));
export const NO_EDITOR = 'Label Studio editor not fetched: run node scripts/get-ls-editor.mjs';
