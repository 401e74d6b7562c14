// `prelabel serve`: starts the ML backend and runs until SIGINT/SIGTERM.
import { builtinTextLearner } from '../server/learner-adapter';
import { modelModality } from '../server/model-adapter';
import { builtinPackages, recognisePackage } from '../models/registry';
import { readPackageSource } from '../models/predictor/node-package';
import { packageDir, resolveModelFiles } from './load-model';
import { createLogger } from '../server/logger';
import { startServer, type RunningServer } from '../server/server';
import type { ServeArgs } from './serve-args';

/**
 * Refuses, before the server starts, a `--model` that is nothing a family
 * reads (no such file, a folder no family recognises) or a package its family
 * finds broken (a missing file); the model itself loads at the first /setup
 * (its config decides the target).
 */
async function checkModel(spec: string): Promise<void> {
  if ((await modelModality(spec)) === 'image') {
    await resolveModelFiles(spec);
    return;
  }
  const source = builtinPackages[spec]
    ? undefined
    : await readPackageSource((await packageDir(spec)) ?? spec);
  try {
    if (source) recognisePackage(source.listing);
  } catch (error) {
    throw new Error(`--model ${spec}: ${(error as Error).message}`, { cause: error });
  }
}

export async function serve(
  args: ServeArgs,
  err: NodeJS.WritableStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  if (args.model) await checkModel(args.model.model);
  const logger = createLogger(args.logLevel, err);
  const hostname = env.LABEL_STUDIO_URL || env.LABEL_STUDIO_HOST;
  const token = env.LABEL_STUDIO_API_KEY;
  const running = await startServer({
    host: args.host,
    port: args.port,
    stateDir: args.stateDir,
    learner: builtinTextLearner,
    logger,
    webhookOpen: args.webhookOpen,
    ...(args.model ? { model: args.model } : {}),
    ...(args.basicAuth ? { basicAuth: args.basicAuth } : {}),
    labelStudio: { ...(hostname ? { hostname } : {}), ...(token ? { token } : {}) },
  });
  logger.info(
    `prelabel serve: ${running.backend.modelClass} on ${running.url} (state in ${args.stateDir}); in Label Studio: Settings → Model → Connect model → ${running.url}`,
  );
  return running;
}

/** Resolves with exit code 0 once a signal closed the server. */
export async function serveUntilSignal(
  args: ServeArgs,
  err: NodeJS.WritableStream,
): Promise<number> {
  const running = await serve(args, err);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
