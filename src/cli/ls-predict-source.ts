// `prelabel predict --ls-url … --project N`: the labeling config and the tasks
// come from the server, and task images are fetched from it with the token
// (public URLs elsewhere without it).
import type { LabelingConfig } from '../core/config/types';
import type { LsClient, LsServerTask } from '../core/ls-client';
import type { LsConnectionArgs } from './ls-args';
import { connectCli } from './ls-connect';
import type { CliTasks } from './load-tasks';
import { plural } from './plural';

export interface ServerSource {
  config: LabelingConfig;
  tasks: CliTasks;
  client: LsClient;
  /** Leaves out tasks that already have a prediction of `modelVersion`; returns how many. */
  dropPredicted(modelVersion: string): Promise<number>;
}

export async function loadServerSource(
  args: LsConnectionArgs & { skipAnnotated?: boolean },
  log: NodeJS.WritableStream,
): Promise<ServerSource> {
  const client = await connectCli(args, log);
  const { project, config } = await client.getProjectConfig(args.project);
  const { tasks, progress } = await client.collectTasks(project.id, {
    pageSize: 500,
    skipAnnotated: args.skipAnnotated ?? false,
  });
  const notes = [
    progress.skippedAnnotated ? `${progress.skippedAnnotated} annotated skipped` : '',
    progress.droppedOtherProject ? `${progress.droppedOtherProject} of other projects dropped` : '',
  ].filter(Boolean);
  log.write(
    `project ${project.id} "${project.title}": ${plural(tasks.length, 'task')}${notes.length ? ` (${notes.join(', ')})` : ''}\n`,
  );
  const cliTasks: CliTasks = {
    tasks,
    issues: [],
    baseDir: client.server,
    mediaByPath: new Map(),
    mediaByName: new Map(),
    fetchMedia: async (ref) => new Uint8Array(await (await client.fetchMedia(ref)).arrayBuffer()),
  };
  return {
    config,
    tasks: cliTasks,
    client,
    async dropPredicted(modelVersion) {
      const keep = await client.tasksWithoutModelVersion(
        cliTasks.tasks as LsServerTask[],
        modelVersion,
      );
      const dropped = cliTasks.tasks.length - keep.length;
      cliTasks.tasks = keep;
      return dropped;
    },
  };
}
