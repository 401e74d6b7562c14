// Section 5: pushing a large run's predictions to Label Studio, in Node with
// the core client (the worker runs the same code). The test server runs in a
// child process so its stored predictions do not count; the figure is what
// the pushing side holds while it streams BENCH_PUSH_ITEMS predictions, next
// to what holding them all as an array (the old way) costs.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseLabelingConfig } from '../src/core/config';
import { LsClient, MemoryPushJournal, type PushItem } from '../src/core/ls-client';
import { threeBoxes } from './scale';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CONFIG_XML = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Person"/><Label value="Cat"/><Label value="Cup"/>
  </RectangleLabels>
</View>`;

function item(i: number): PushItem {
  return {
    task: { id: i + 1, data: { image: `/data/upload/1/${i}.jpg` }, total_predictions: 0 },
    prediction: threeBoxes(i, 'Cat', 'yolo11n@0123abcd'),
  };
}

async function startServer(
  count: number,
): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/ls-test-server/run.ts', '--tasks', String(count)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  const info = JSON.parse(first) as { url: string; legacyToken: string };
  return { child, url: info.url, token: info.legacyToken };
}

export interface PushBenchResult {
  items: number;
  ms: number;
  sent: number;
  /** Heap after a GC at each window's end, minus before the push: most and at the end. */
  heapPeakBytes: number;
  heapAfterBytes: number;
  /** The same items built as an array, after a GC. */
  arrayHeapBytes: number;
}

export async function corePush(count: number): Promise<PushBenchResult> {
  const server = await startServer(count);
  try {
    const client = new LsClient({ url: server.url, token: server.token, retry: { retries: 2 } });
    const config = parseLabelingConfig(CONFIG_XML);
    const journal = new MemoryPushJournal();
    function* items() {
      for (let i = 0; i < count; i++) yield item(i);
    }
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const start = performance.now();
    const report = await client.push(items(), {
      projectId: 1,
      config,
      journal,
      total: count,
      onWindow: () => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      },
    });
    const ms = performance.now() - start;
    gc();
    const heapAfterBytes = process.memoryUsage().heapUsed - before;

    gc();
    const arrayBefore = process.memoryUsage().heapUsed;
    const all = [...items()];
    gc();
    const arrayHeapBytes = process.memoryUsage().heapUsed - arrayBefore;
    all.length = 0;
    return {
      items: count,
      ms,
      sent: report.summary.sent,
      heapPeakBytes: peak,
      heapAfterBytes,
      arrayHeapBytes,
    };
  } finally {
    server.child.kill('SIGTERM');
  }
}
