// `prelabel push`: a predictions file → a Label Studio project. Validated
// against the project's config, retried, journalled next to the file so a
// re-run sends only what is missing; progress on stderr, summary at the end.
import { writeFile } from 'node:fs/promises';
import { reportJson, summaryLine, type PushReport } from '../core/ls-client';
import { connectCli } from './ls-connect';
import type { PushArgs } from './ls-args';
import { JsonFilePushJournal, journalPathFor } from './ls-journal-file';
import { readPushInput } from './ls-push-input';
import { createProgressBar } from './progress';
import { plural } from './plural';

export interface PushOutcome {
  report: PushReport;
  inputIssues: string[];
  journalPath: string;
}

export async function push(
  args: PushArgs,
  log: NodeJS.WritableStream = process.stderr,
): Promise<PushOutcome> {
  const client = await connectCli(args, log);
  const { project, config } = await client.getProjectConfig(args.project);
  const input = await readPushInput(args.predictions, config, {
    ...(args.mediaDir ? { mediaDir: args.mediaDir } : {}),
    ...(args.modelVersion ? { modelVersion: args.modelVersion } : {}),
  });
  for (const issue of input.issues.slice(0, 20)) log.write(`warning: ${issue}\n`);
  if (input.issues.length > 20) log.write(`… ${input.issues.length - 20} more\n`);

  const journalPath = journalPathFor(args.predictions);
  const journal = await JsonFilePushJournal.open(journalPath);
  log.write(
    `${args.dryRun ? 'dry run: ' : ''}${plural(input.items.length, 'prediction')} → project ${project.id} "${project.title}"` +
      (journal.size > 0
        ? ` (journal: ${plural(journal.size, 'earlier entry', 'earlier entries')})`
        : '') +
      '\n',
  );

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const bar = createProgressBar(input.items.length, args.dryRun ? 'check' : 'push', log);
  let report: PushReport;
  try {
    report = await client.push(input.items, {
      projectId: project.id,
      config,
      journal,
      concurrency: args.concurrency,
      batchSize: args.batchSize,
      dryRun: args.dryRun,
      skipExisting: !args.includePredicted,
      signal: controller.signal,
      onProgress: (p) => bar.update(p.done + p.wouldSend * (p.phase === 'done' ? 1 : 0), p.failed),
    });
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    bar.finish();
  }

  const notable = report.items.filter((i) => i.status === 'failed' || i.status === 'invalid');
  for (const item of notable.slice(0, 20)) {
    const what =
      item.taskId !== undefined ? `task ${item.taskId}` : (item.file ?? `item ${item.index + 1}`);
    const why = item.issues?.join('; ') ?? item.reason ?? '';
    log.write(`${item.status}: ${what}: ${why}\n`);
  }
  if (notable.length > 20) log.write(`… ${notable.length - 20} more (see --report)\n`);
  if (report.stopped) log.write(`stopped: ${report.stopped.message}\n`);
  if (args.report) await writeFile(args.report, reportJson(report));
  log.write(`${summaryLine(report)}; journal ${journalPath}\n`);
  return { report, inputIssues: input.issues, journalPath };
}
