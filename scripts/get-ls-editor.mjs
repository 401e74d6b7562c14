// Brings the real Label Studio editor (LSF 1.4.0, the last npm release with a
// browser build) into .cache/ so e2e tests can load our output into it.
// `npm pack` fetches the tarball from the registry without running its
// (broken) install script or pulling its dependency tree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = '1.4.0';
const dir = join(process.cwd(), '.cache', 'ls-editor');
const mainJs = join(dir, 'package', 'build', 'static', 'js', 'main.js');

if (!existsSync(mainJs)) {
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', `@heartexlabs/label-studio@${VERSION}`, '--pack-destination', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack produced no tarball in ${dir}`);
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
  if (!existsSync(mainJs)) throw new Error(`Label Studio ${VERSION} has no ${mainJs}`);
}
console.log(`Label Studio editor ${VERSION}: ${mainJs}`);
