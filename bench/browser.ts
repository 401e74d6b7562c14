// Chromium driven with Playwright, plus probes installed in the page before
// the app loads: main-thread long tasks, click/change times, MutationObserver
// waits that timestamp UI changes in the page's own clock, and a handle on
// the engine worker to call benchmarkSession over comlink's wire format (only
// a bench build, `vite build --mode bench`, exposes it: src/engine/bench).
import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM } from './config';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // measureUserAgentSpecificMemory otherwise waits for a natural GC (20–60 s here).
  '--enable-blink-features=ForceEagerMeasureMemory',
];

export interface LongTask {
  start: number;
  duration: number;
  /** From the Long Animation Frames API: the scripts and rendering of that frame. */
  cause?: string;
}

/** BENCH_CHROMIUM_ARGS: more flags, space-separated (e.g. --js-flags=--trace-wasm-compilation-times). */
const EXTRA_FLAGS = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...EXTRA_FLAGS] });
}

/** Runs in the page before any of its scripts (page.addInitScript). */
function installProbes(): void {
  type Watch = Promise<number>;
  interface Probes {
    longtasks: LongTask[];
    frames: { start: number; end: number; cause: string }[];
    clicks: Record<string, number>;
    changes: number[];
    workers: Worker[];
    watches: Record<string, Watch>;
    seq: number;
    watch(
      key: string,
      selector: string,
      attr: string | null,
      value: string,
      mustChange: boolean,
    ): void;
    call(method: string, args: unknown[]): Promise<unknown>;
  }
  const w = window as unknown as { __bench: Probes; Worker: typeof Worker };
  const probes: Probes = {
    longtasks: [],
    frames: [],
    clicks: {},
    changes: [],
    workers: [],
    watches: {},
    seq: 0,
    watch(key, selector, attr, value, mustChange) {
      probes.watches[key] = new Promise<number>((resolve) => {
        let seenOther = !mustChange;
        const check = () => {
          const el = document.querySelector(selector);
          const current = el ? (attr ? el.getAttribute(attr) : (el.textContent ?? '')) : null;
          if (current !== value) {
            seenOther = true;
            return;
          }
          if (!seenOther) return;
          observer.disconnect();
          resolve(performance.now());
        };
        const observer = new MutationObserver(check);
        observer.observe(document.documentElement, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
        check();
      });
    },
    call(method, args) {
      return new Promise((resolve, reject) => {
        const worker = probes.workers[probes.workers.length - 1];
        if (!worker) {
          reject(new Error('the engine worker was not created yet'));
          return;
        }
        const id = `bench-${++probes.seq}-${Math.random().toString(36).slice(2)}`;
        const onMessage = (event: MessageEvent) => {
          const data = event.data as { id?: string; type?: string; name?: string; value?: unknown };
          if (!data || data.id !== id) return;
          worker.removeEventListener('message', onMessage);
          if (data.type === 'HANDLER' && data.name === 'throw') {
            const thrown = data.value as { isError: boolean; value: { message?: string } };
            reject(new Error(thrown.isError ? thrown.value.message : String(thrown.value)));
          } else {
            resolve(data.value);
          }
        };
        worker.addEventListener('message', onMessage);
        // comlink 4 wire format: the page's own comlink ignores ids it did not send.
        worker.postMessage({
          id,
          type: 'APPLY',
          path: [method],
          argumentList: args.map((value) => ({ type: 'RAW', value })),
        });
      });
    },
  };
  w.__bench = probes;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        probes.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no Long Tasks API: the figures stay empty
  }
  interface FrameScript {
    invoker?: string;
    sourceFunctionName?: string;
    sourceURL?: string;
    duration: number;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & {
        scripts?: FrameScript[];
        styleAndLayoutStart?: number;
        renderStart?: number;
      })[]) {
        if (e.duration < 50) continue;
        const scripts = (e.scripts ?? [])
          .filter((x) => x.duration >= 5)
          .map(
            (x) =>
              `${x.invoker ?? '?'} ${x.sourceFunctionName ?? ''}@${(x.sourceURL ?? '').split('/').pop()} ${Math.round(x.duration)} ms`,
          );
        const end = e.startTime + e.duration;
        const render = e.renderStart ? Math.round(end - e.renderStart) : 0;
        probes.frames.push({
          start: e.startTime,
          end,
          cause: [...scripts, `render+layout ${render} ms`].join('; '),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // no Long Animation Frames API: long tasks stay without a cause
  }
  document.addEventListener(
    'click',
    (event) => {
      const el = (event.target as Element | null)?.closest?.('[data-testid]');
      const id = el?.getAttribute('data-testid');
      if (id) probes.clicks[id] = performance.now();
    },
    true,
  );
  document.addEventListener('change', () => probes.changes.push(performance.now()), true);
  const NativeWorker = w.Worker;
  w.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name?.startsWith('prelabel-engine')) probes.workers.push(this);
    }
  };
}

export interface AppPage {
  page: Page;
  close(): Promise<void>;
  /** Starts a watch; `await waitWatch(key)` gives the page time it matched. */
  watch(
    key: string,
    selector: string,
    attr: string | null,
    value: string,
    mustChange?: boolean,
  ): Promise<void>;
  waitWatch(key: string, timeoutMs: number): Promise<number>;
  clickTime(testId: string): Promise<number | undefined>;
  lastChange(): Promise<number | undefined>;
  now(): Promise<number>;
  longTasks(from: number, to: number): Promise<LongTask[]>;
  engineCall<T>(method: string, ...args: unknown[]): Promise<T>;
}

export async function openApp(browser: Browser, url: string): Promise<AppPage> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  // tsx (esbuild keepNames) wraps named functions in __name(): give the page one.
  await page.addInitScript({
    content: `globalThis.__name = (target) => target;\n(${installProbes.toString()})();`,
  });
  await page.goto(url);
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  if (!isolated) throw new Error(`${url} is not cross-origin isolated: no WASM threads`);
  return {
    page,
    close: () => context.close(),
    watch: (key, selector, attr, value, mustChange = false) =>
      page.evaluate(
        ([k, s, a, v, m]) =>
          (window as unknown as { __bench: { watch: (...x: unknown[]) => void } }).__bench.watch(
            k,
            s,
            a,
            v,
            m,
          ),
        [key, selector, attr, value, mustChange] as const,
      ),
    waitWatch: async (key, timeoutMs) => {
      const wait = page.evaluate(
        (k) =>
          (window as unknown as { __bench: { watches: Record<string, Promise<number>> } }).__bench
            .watches[k],
        key,
      );
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${key}`)),
          timeoutMs,
        );
      });
      try {
        const at = await Promise.race([wait, timeout]);
        if (typeof at !== 'number') throw new Error(`no watch named ${key}`);
        return at;
      } finally {
        clearTimeout(timer);
      }
    },
    clickTime: (testId) =>
      page.evaluate(
        (id) =>
          (window as unknown as { __bench: { clicks: Record<string, number> } }).__bench.clicks[id],
        testId,
      ),
    lastChange: () =>
      page.evaluate(() =>
        (window as unknown as { __bench: { changes: number[] } }).__bench.changes.at(-1),
      ),
    now: () => page.evaluate(() => performance.now()),
    longTasks: (from, to) =>
      page.evaluate(
        ([f, t]) => {
          const b = (
            window as unknown as {
              __bench: {
                longtasks: LongTask[];
                frames: { start: number; end: number; cause: string }[];
              };
            }
          ).__bench;
          return b.longtasks
            .filter((x) => x.start + x.duration > f && x.start < t)
            .map((x) => {
              const frame = b.frames.find((fr) => fr.start <= x.start + 1 && fr.end >= x.start);
              return frame ? { ...x, cause: frame.cause } : x;
            });
        },
        [from, to] as const,
      ),
    engineCall: <T>(method: string, ...args: unknown[]) =>
      page.evaluate(
        ([m, a]) =>
          (
            window as unknown as {
              __bench: { call: (m: string, a: unknown[]) => Promise<unknown> };
            }
          ).__bench.call(m, a),
        [method, args] as const,
      ) as Promise<T>,
  };
}

export interface LongTaskSummary {
  count: number;
  over50: number;
  maxMs: number;
  totalMs: number;
  /** What the longest one was doing, when the browser said. */
  longestCause?: string;
}

export function summarizeLongTasks(tasks: LongTask[]): LongTaskSummary {
  // The Long Tasks API only reports tasks ≥ 50 ms.
  const over50 = tasks.filter((t) => t.duration > 50);
  const longest = tasks.reduce<LongTask | undefined>(
    (m, t) => (!m || t.duration > m.duration ? t : m),
    undefined,
  );
  return {
    count: tasks.length,
    over50: over50.length,
    maxMs: longest?.duration ?? 0,
    totalMs: tasks.reduce((s, t) => s + t.duration, 0),
    ...(longest?.cause ? { longestCause: longest.cause } : {}),
  };
}

export interface PageMemory {
  /** performance.measureUserAgentSpecificMemory(): page + workers' JS. Null when it does not
   * answer within 5 s, which is always once ORT's pthreads exist (they never service it). */
  uaBytes: number | null;
  /** CDP Performance.getMetrics JSHeapUsedSize: the page's main thread. */
  mainHeapBytes: number | null;
  /** CDP Runtime.getHeapUsage of the engine worker: JS heap used, and ArrayBuffer backing stores. */
  workerHeapBytes: number | null;
  workerBackingBytes: number | null;
  /** Resident memory of the renderer process (page, workers, WASM memory): Linux /proc. */
  rendererRssBytes: number | null;
}

/** Renderer processes launched by this Node process (Chromium's children), largest RSS first. */
export function rendererRss(): { pid: number; rssBytes: number }[] {
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=renderer')) {
        renderers.push(Number(entry));
      }
    } catch {
      // the process ended while we looked
    }
  }
  const ours = (pid: number) => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = parents.get(p) ?? 0, hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return renderers
    .filter(ours)
    .map((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
        return { pid, rssBytes: kb * 1024 };
      } catch {
        return { pid, rssBytes: NaN };
      }
    })
    .filter((r) => Number.isFinite(r.rssBytes))
    .sort((a, b) => b.rssBytes - a.rssBytes);
}

/** The engine worker's V8 heap, through a browser-level CDP session (Playwright has none per worker). */
async function workerHeap(
  browser: Browser,
): Promise<{ usedSize: number; backingStorageSize?: number } | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find(
      (t) => t.type === 'worker' && t.title.startsWith('prelabel-engine'),
    );
    if (!target) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    const answer = new Promise<{ usedSize: number; backingStorageSize?: number } | null>(
      (resolve) => {
        cdp.on('Target.receivedMessageFromTarget', (event) => {
          const message = JSON.parse(event.message) as {
            id?: number;
            result?: { usedSize: number; backingStorageSize?: number };
          };
          if (message.id === 1) resolve(message.result ?? null);
        });
        setTimeout(() => resolve(null), 10_000);
      },
    );
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    const result = await answer;
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    return result;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export async function pageMemory(app: AppPage, withUa = false): Promise<PageMemory> {
  let uaBytes: number | null = null;
  if (withUa) {
    uaBytes = await Promise.race([
      app.page.evaluate(async () => {
        const perf = performance as Performance & {
          measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
        };
        return perf.measureUserAgentSpecificMemory
          ? (await perf.measureUserAgentSpecificMemory()).bytes
          : null;
      }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]).catch(() => null);
  }
  let mainHeapBytes: number | null = null;
  try {
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    mainHeapBytes = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    await cdp.detach();
  } catch {
    // CDP unavailable
  }
  const browser = app.page.context().browser();
  const heap = browser ? await workerHeap(browser) : null;
  return {
    uaBytes,
    mainHeapBytes,
    workerHeapBytes: heap?.usedSize ?? null,
    workerBackingBytes: heap?.backingStorageSize ?? null,
    rendererRssBytes: rendererRss()[0]?.rssBytes ?? null,
  };
}
