#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the CLI shares src/ with the app.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
