// `prelabel <command>`: returns the process exit code.
import { ConfigError } from '../core/config';
import { parsePushArgs } from './ls-args';
import { listBuiltinModels } from './models-command';
import { predict } from './predict';
import { parsePredictArgs, UsageError } from './predict-args';
import { push } from './push';
import { rank } from './rank';
import { parseRankArgs } from './rank-args';

const USAGE = `Usage:
  prelabel predict --config C.xml --tasks T.json|DIR --model M.onnx|DIR|builtin-id --out OUT.json
                   [--labels F] [--family ultralytics|yolox|nanodet|classification|…] [--target NAME]
                   [--conf 0.25] [--iou 0.45] [--max-det 300] [--map "cls=Label,other="]
                   [--model-version V] [--format tasks|predictions|annotations]
                   [--backend node|wasm]
  prelabel predict --config text.xml --tasks T.json|T.csv|T.txt --model builtin-entities|DIR --out OUT.json
                   [--conf 0] [--map "Person=PER"] [--target TEXT_OBJECT]
                   [--prompt "template with $field"] [--max-tokens 64] [--sample --seed 0
                   --top-k 40 --top-p 0.95 --temperature 1] [--stop "\\n"]
                   (text: entities → <Labels>, a classifier package → <Choices>,
                   a generation model → <TextArea>)
  prelabel predict --ls-url URL --ls-token TOKEN --project ID --model M --out OUT.json
                   [--skip-annotated] [--include-predicted] [other predict options]
                   (config and tasks from the Label Studio project, images fetched with the token)
  prelabel push    --ls-url URL --ls-token TOKEN --project ID --predictions FILE
                   [--dry-run] [--concurrency 4] [--batch-size 100] [--media-dir DIR]
                   [--model-version V] [--report REPORT.json] [--include-predicted]
                   (journal in FILE.push-journal.json: a re-run sends only what is missing)
  prelabel rank    --predictions P.json --out next.json [--strategy score|random] [--k 50]
                   [--seed 0] [--model-version V] [--rescore P.ranked.json]
                   (the order to label tasks in: least certain first)
  prelabel models        list the built-in models

  The token can also come from the environment variable LABEL_STUDIO_API_KEY.
`;

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
) {
  const [command, ...rest] = argv;
  try {
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
      err.write(
        `wrote ${outcome.written} tasks (model_version ${outcome.modelVersion}); ${outcome.failures.length} failed\n`,
      );
      return outcome.failures.length > 0 ? 1 : 0;
    }
    if (command === 'rank') {
      const outcome = await rank(parseRankArgs(rest));
      for (const p of outcome.problems) err.write(`item ${p.item}: ${p.message}\n`);
      if (outcome.unscored > 0) {
        err.write(`${outcome.unscored} of the tasks have no score: ranked last\n`);
      }
      err.write(`ranked ${outcome.ranked.length} task${outcome.ranked.length === 1 ? '' : 's'}\n`);
      return outcome.problems.length > 0 ? 1 : 0;
    }
    if (command === 'push') {
      const { report, inputIssues } = await push(parsePushArgs(rest), err);
      const bad = report.summary.failed + report.summary.invalid + inputIssues.length;
      return bad > 0 || report.stopped ? 1 : 0;
    }
    err.write(command && command !== '--help' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
    return command && command !== '--help' ? 2 : 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      err.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const prefix = error instanceof ConfigError ? 'labeling config: ' : '';
    err.write(`error: ${prefix}${(error as Error).message}\n`);
    return 2;
  }
}
