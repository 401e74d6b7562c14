// The "Label next" panel's part of the app store: the strategy and K the user
// chose, and the ranked list the worker computed (core/active/label-next.ts
// runs there, so ranking never blocks the page). Spread into the one store.
import {
  COMMITTEE_SIZES,
  labelNextJson,
  type LabelNextList,
  type LabelNextOptions,
  type LabelNextStrategy,
} from '../core/active/label-next';

export interface LabelNextUi {
  strategy: LabelNextStrategy;
  k: number;
  seed: number;
  /** k-means++ clusters to give every task (0: none; diversity gives its own). */
  clusters: number;
  /** Committee members (committee strategy; the CLI's `--committee`). */
  committee: number;
  list: LabelNextList | null;
  busy: boolean;
  error: string | null;
}

export interface LabelNextSlice {
  labelNext: LabelNextUi;
  setLabelNext(
    patch: Partial<Pick<LabelNextUi, 'strategy' | 'k' | 'seed' | 'clusters' | 'committee'>>,
  ): void;
  /** Asks the worker for the ranked list. */
  rankNext(): Promise<void>;
  /** Downloads the ranked list as JSON. */
  exportLabelNext(): void;
  clearLabelNext(): void;
}

export interface LabelNextHost {
  engine(): { labelNext(options: LabelNextOptions): Promise<LabelNextList> };
  download(blob: Blob, fileName: string): void;
}

type SetNext = (fn: (s: LabelNextSlice) => Partial<LabelNextSlice>) => void;

export const LABEL_NEXT_DEFAULTS: LabelNextUi = {
  strategy: 'score',
  k: 10,
  seed: 0,
  clusters: 0,
  committee: COMMITTEE_SIZES.default,
  list: null,
  busy: false,
  error: null,
};

export function createLabelNextSlice(
  set: SetNext,
  get: () => LabelNextSlice,
  host: LabelNextHost,
): LabelNextSlice {
  const patch = (changes: Partial<LabelNextUi>) =>
    set((s) => ({ labelNext: { ...s.labelNext, ...changes } }));
  return {
    labelNext: LABEL_NEXT_DEFAULTS,
    setLabelNext(changes) {
      const { committee } = changes;
      patch(
        committee === undefined
          ? changes
          : {
              ...changes,
              committee: Math.min(
                COMMITTEE_SIZES.max,
                Math.max(COMMITTEE_SIZES.min, Math.round(committee)),
              ),
            },
      );
    },
    async rankNext() {
      const { strategy, k, seed, clusters, committee, busy } = get().labelNext;
      if (busy) return;
      patch({ busy: true, error: null });
      const options: LabelNextOptions = { strategy, k, seed, clusters };
      if (strategy === 'committee') options.committee = committee;
      try {
        patch({ list: await host.engine().labelNext(options) });
      } catch (error) {
        patch({ error: error instanceof Error ? error.message : String(error) });
      } finally {
        patch({ busy: false });
      }
    },
    clearLabelNext() {
      patch({ list: null, error: null });
    },
    exportLabelNext() {
      const { list } = get().labelNext;
      if (!list) return;
      const blob = new Blob([labelNextJson(list)], { type: 'application/json' });
      host.download(blob, `label-next-${list.strategy}.json`);
    },
  };
}

interface WatchedState extends LabelNextSlice {
  runStatus: string;
  rethresholdStatus: { state: string } | null;
  tasks: unknown;
}

/**
 * Keeps a shown list current: ranks again when a run ends or new settings
 * were re-applied to the run (the scores changed), and drops it when the
 * tasks change (its rows name tasks that are gone).
 */
export function watchLabelNext<S extends WatchedState>(store: {
  subscribe(listener: (state: S, previous: S) => void): () => void;
}): () => void {
  return store.subscribe((state, previous) => {
    if (!state.labelNext.list) return;
    if (state.tasks !== previous.tasks) {
      state.clearLabelNext();
      return;
    }
    const finished = (s: string) => s === 'done' || s === 'cancelled';
    const runEnded = finished(state.runStatus) && state.runStatus !== previous.runStatus;
    const reapplied =
      previous.rethresholdStatus?.state === 'working' &&
      state.rethresholdStatus?.state !== 'working';
    if (runEnded || reapplied) void state.rankNext();
  });
}
