// `prelabel serve`: starts the ML backend and runs until SIGINT/SIGTERM.
import { builtinTextLearner } from '../server/learner-adapter';
import { readBackboneRef } from './backbone-features';
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
async function checkModel(spec: string): Promise<{ imageHead: boolean }> {
  if ((await modelModality(spec)) === 'image') {
    await resolveModelFiles(spec);
    // The image models that are JSON: the image heads of `prelabel train --backbone`.
    return { imageHead: spec.endsWith('.json') };
  }
  const source = builtinPackages[spec]
    ? undefined
    : await readPackageSource((await packageDir(spec)) ?? spec);
  try {
    if (source) recognisePackage(source.listing);
  } catch (error) {
    throw new Error(`--model ${spec}: ${(error as Error).message}`, { cause: error });
  }
  return { imageHead: false };
}

/** A `--backbone` without pooled features (or no file) stops the server before it starts. */
async function checkBackbone(path: string): Promise<string> {
  try {
    const { ref, producer } = await readBackboneRef(path);
    return `${ref.name}, features ${ref.output} (${producer})`;
  } catch (error) {
    throw new Error(`--backbone ${path}: ${(error as Error).message}`, { cause: error });
  }
}

export async function serve(
  args: ServeArgs,
  err: NodeJS.WritableStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  let model = args.model;
  if (model) {
    const { imageHead } = await checkModel(model.model);
    // The backbone is the model's own only for an image head; else it serves the image learner.
    if (!imageHead && model.backbone !== undefined) {
      const { backbone: _learnerOnly, ...rest } = model;
      model = rest;
    }
  }
  const backboneInfo = args.backbone ? await checkBackbone(args.backbone) : undefined;
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
    ...(model ? { model } : {}),
    ...(args.backbone ? { backbone: args.backbone } : {}),
    ...(args.basicAuth ? { basicAuth: args.basicAuth } : {}),
    labelStudio: { ...(hostname ? { hostname } : {}), ...(token ? { token } : {}) },
  });
  logger.info(
    `prelabel serve: ${running.backend.modelClass} on ${running.url} (state in ${args.stateDir}); in Label Studio: Settings → Model → Connect model → ${running.url}`,
  );
  if (backboneInfo) {
    logger.info(
      `image learner: <Choices> on <Image> projects${model ? ' the model reads nothing of' : ''} learn a head on ${backboneInfo}`,
    );
  }
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
