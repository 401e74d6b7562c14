// A Label Studio client for the CLI: connection checked up front, so a wrong
// address or token is one clear line before any work starts.
import { createLsClient, type LsClient } from '../core/ls-client';
import type { LsConnectionArgs } from './ls-args';

export class LsConnectError extends Error {}

export async function connectCli(
  args: LsConnectionArgs,
  log: NodeJS.WritableStream,
): Promise<LsClient> {
  const client = createLsClient({
    url: args.lsUrl,
    token: args.lsToken,
    onRetry: (e) =>
      log.write(
        `\n${e.request}: ${e.reason}, retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s\n`,
      ),
  });
  const connection = await client.testConnection();
  if (!connection.ok) throw new LsConnectError(`Label Studio: ${connection.error.message}`);
  log.write(`Label Studio ${connection.version} at ${client.server} as ${connection.user.name}\n`);
  return client;
}
