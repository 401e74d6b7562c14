// Starts the Label Studio test server on its own (e.g. for Playwright's
// webServer or by hand): `node --import tsx test/ls-test-server/run.ts [config.xml] [--tasks N]`
// (N image tasks in project 1, ids 1…N).
// Prints one JSON line {url, legacyToken, personalAccessToken, projectId} and
// serves until stopped (Ctrl-C / SIGTERM).

import { readFileSync } from 'node:fs';
import { startLsTestServer } from './index';

const DEFAULT_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Person"/><Label value="Cat"/><Label value="Cup"/>
  </RectangleLabels>
</View>`;

const args = process.argv.slice(2);
const tasksAt = args.indexOf('--tasks');
const taskCount = tasksAt >= 0 ? Number(args.splice(tasksAt, 2)[1]) : 0;
const configPath = args[0];
const server = await startLsTestServer({
  projects: [
    {
      id: 1,
      title: 'Test project',
      label_config: configPath ? readFileSync(configPath, 'utf8') : DEFAULT_CONFIG,
      generate: { count: taskCount, data: (i) => ({ image: `/data/upload/1/${i}.jpg` }) },
    },
  ],
});
process.stdout.write(
  `${JSON.stringify({
    url: server.url,
    legacyToken: server.state.legacyToken,
    personalAccessToken: server.state.personalAccessToken,
    projectId: 1,
  })}\n`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
