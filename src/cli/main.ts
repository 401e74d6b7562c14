// `prelabel <command>`: returns the process exit code.
import { ConfigError } from '../core/config';
import { parsePushArgs } from './ls-args';
import { listBuiltinModels } from './models-command';
import { predict } from './predict';
import { parsePredictArgs, UsageError } from './predict-args';
import { plural } from './plural';
import { push } from './push';
import { serveUntilSignal } from './serve';
import { parseServeArgs } from './serve-args';
import { rank } from './rank';
import { parseRankArgs } from './rank-args';
import { COMMAND_USAGE, USAGE, wantsHelp } from './usage';
import { NoTaskIdsError } from '../core/export';
import { runTrain } from './train';

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
) {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      err.write(USAGE);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      out.write(USAGE);
      return 0;
    }
    const commandUsage = COMMAND_USAGE[command];
    if (!commandUsage) {
      err.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
    }
    if (wantsHelp(rest)) {
      out.write(commandUsage);
      return 0;
    }
    if (command === 'models') {
      out.write(await listBuiltinModels());
      return 0;
    }
    if (command === 'predict') {
      const outcome = await predict(parsePredictArgs(rest), err);
      for (const f of outcome.failures.slice(0, 20))
        err.write(`task ${f.index + 1}: ${f.message}\n`);
      if (outcome.failures.length > 20)
        err.write(`… ${outcome.failures.length - 20} more failures\n`);
      const dropped = Object.entries(outcome.unmapped).map(([c, n]) => `${c} ×${n}`);
      if (dropped.length) err.write(`classes with no label (dropped): ${dropped.join(', ')}\n`);
      for (const reason of outcome.skippedReasons) err.write(`left out: ${reason}\n`);
      const skipped = outcome.skipped > 0 ? `, ${outcome.skipped} left out of the file` : '';
      err.write(
        `wrote ${plural(outcome.written, 'task')} (model_version ${outcome.modelVersion}); ${outcome.failures.length} failed${skipped}\n`,
      );
      return outcome.failures.length > 0 ? 1 : 0;
    }
    if (command === 'serve') return await serveUntilSignal(parseServeArgs(rest), err);
    if (command === 'train') return await runTrain(rest, out, err);
    if (command === 'rank') {
      const outcome = await rank(parseRankArgs(rest));
      for (const p of outcome.problems) err.write(`item ${p.item}: ${p.message}\n`);
      for (const p of outcome.featureProblems) {
        err.write(`${p.task === undefined ? '' : `task ${p.task}: `}${p.message}\n`);
      }
      if (outcome.committeeNote) err.write(`${outcome.committeeNote}\n`);
      if (outcome.unscored > 0 && !outcome.committeeNote) {
        err.write(`${outcome.unscored} of the tasks have no score: ranked last\n`);
      }
      err.write(`ranked ${plural(outcome.ranked.length, 'task')}\n`);
      return outcome.problems.length + outcome.featureProblems.length > 0 ? 1 : 0;
    }
    // The one command left: COMMAND_USAGE turned away every unknown one.
    const { report, inputIssues } = await push(parsePushArgs(rest), err);
    const bad = report.summary.failed + report.summary.invalid + inputIssues.length;
    return bad > 0 || report.stopped ? 1 : 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      err.write(`${(error as Error).message}\n\n${COMMAND_USAGE[command ?? ''] ?? USAGE}`);
      return 2;
    }
    if (error instanceof NoTaskIdsError) {
      err.write(
        `error: --format predictions: ${error.message.replace(/\.$/, '')} (--format tasks).\n`,
      );
      return 2;
    }
    const prefix = error instanceof ConfigError ? 'labeling config: ' : '';
    err.write(`error: ${prefix}${(error as Error).message}\n`);
    return 2;
  }
}
