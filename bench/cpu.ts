// Where CPU time went during a measurement (Linux /proc): per thread name of
// the Chromium processes this bench launched, this Node process, and everyone
// else on the machine. On 2 shared cores, "others" tells how noisy a figure is.
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Snapshot {
  at: number;
  threads: Map<string, number>;
  /** utime+stime per process of our Chromium (all its threads). */
  processes: Map<number, number>;
  node: number;
  /** Our processes' reaped children: keeps the CPU of renderers that closed mid-window. */
  reaped: number;
  totalBusy: number;
}

export interface CpuUsage {
  wallMs: number;
  /** CPU ms per "process-type:thread-name" of our Chromium (e.g. renderer:DedicatedWorker). */
  chromium: Record<string, number>;
  nodeMs: number;
  /** Busy CPU ms of every other process on the machine (tests of other people, etc.). */
  othersMs: number;
  /** Cores' worth of capacity during the window. */
  capacityMs: number;
}

function ticksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU of children that ended and were reaped (closed renderers land in their zygote's). */
function reapedTicksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[13]) + Number(fields[14]);
}

function totalBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, _idle, _iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .map(Number);
  return [user, nice, system, irq, softirq, steal].reduce((s: number, v) => s + (v ?? 0), 0);
}

function take(): Snapshot {
  const parents = new Map<number, number>();
  const types = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      types.set(Number(entry), /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser');
    } catch {
      // gone
    }
  }
  const descendant = (pid: number) => {
    for (
      let p = parents.get(pid) ?? 0, hops = 0;
      p > 1 && hops < 10;
      p = parents.get(p) ?? 0, hops++
    ) {
      if (p === process.pid) return true;
    }
    return false;
  };
  const threads = new Map<string, number>();
  let reaped = 0;
  const processes = new Map<number, number>();
  for (const [pid] of parents) {
    if (!descendant(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      processes.set(pid, ticksOf(stat));
      reaped += reapedTicksOf(stat);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const ticks = ticksOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        const key = `${types.get(pid)}:${name}`;
        threads.set(key, (threads.get(key) ?? 0) + ticks);
      }
    } catch {
      // gone
    }
  }
  return {
    at: performance.now(),
    threads,
    processes,
    node: ticksOf(readFileSync('/proc/self/stat', 'utf8')),
    reaped: reaped + reapedTicksOf(readFileSync('/proc/self/stat', 'utf8')),
    totalBusy: totalBusyTicks(),
  };
}

export function cpuProbe(): { stop(): CpuUsage } {
  const before = take();
  return {
    stop() {
      const after = take();
      const chromium: Record<string, number> = {};
      for (const [key, ticks] of after.threads) {
        const ms = (ticks - (before.threads.get(key) ?? 0)) * TICK_MS;
        if (ms > 0) chromium[key] = ms;
      }
      // Per process: a process gone since `before` moved its ticks into its parent's `reaped`.
      let ours = (after.reaped - before.reaped) * TICK_MS;
      for (const [pid, ticks] of after.processes) {
        ours += (ticks - (before.processes.get(pid) ?? 0)) * TICK_MS;
      }
      for (const [pid, ticks] of before.processes) {
        if (!after.processes.has(pid)) ours -= ticks * TICK_MS;
      }
      const nodeMs = (after.node - before.node) * TICK_MS;
      const busyMs = (after.totalBusy - before.totalBusy) * TICK_MS;
      const wallMs = after.at - before.at;
      return {
        wallMs,
        chromium: Object.fromEntries(Object.entries(chromium).sort((a, b) => b[1] - a[1])),
        nodeMs,
        othersMs: Math.max(0, busyMs - ours - nodeMs),
        capacityMs: wallMs * navigatorCores(),
      };
    },
  };
}

function navigatorCores(): number {
  const text = readFileSync('/proc/cpuinfo', 'utf8');
  return Math.max(1, (text.match(/^processor\s*:/gm) ?? []).length);
}

/** Share of the machine other processes used (0–1). */
export function othersShare(usage: CpuUsage): number {
  return usage.capacityMs > 0 ? usage.othersMs / usage.capacityMs : 0;
}
