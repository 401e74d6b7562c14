// "Label next": the predicted tasks in the order to label them (least certain
// first by the task score or a classifier's least confidence, margin or
// entropy; a diversity or cluster-margin batch; random as the control), with why and cluster, a
// histogram of the task scores, links into the connected Label Studio project,
// and the list as JSON. The worker ranks (core/active/label-next.ts, via
// engine/label-next-run.ts); this only shows the store.
import {
  COMMITTEE_SIZES,
  HISTOGRAM_BINS,
  LABEL_NEXT_STRATEGIES,
  labelStudioTaskUrl,
  type LabelNextStrategy,
} from '../../core/active/label-next';
import { useApp } from '../store';
import { NumberField } from './NumberField';

/** Orders that read the model's class distribution, where it kept one. */
const MEASURES = new Set<LabelNextStrategy>(['least-confidence', 'margin', 'entropy']);

const STRATEGY_TITLES: Record<LabelNextStrategy, string> = {
  score: 'Least certain first (task score)',
  'least-confidence': 'Least confidence (top class)',
  margin: 'Margin (top two classes)',
  entropy: 'Entropy (all classes)',
  diversity: 'Diversity batch (uncertain and spread out)',
  'cluster-margin': 'Cluster-margin batch (smallest margins, one per cluster)',
  committee: 'Committee disagreement (heads trained on the annotations)',
  random: 'Random (the control)',
};

function Histogram({ counts }: { counts: number[] }) {
  const most = Math.max(1, ...counts);
  return (
    <figure className="label-next-histogram">
      <div
        className="bars"
        data-testid="label-next-histogram"
        data-counts={counts.join(',')}
        role="img"
        aria-label={`task scores: ${counts
          .map(
            (c, i) =>
              `${c} in ${(i / HISTOGRAM_BINS).toFixed(1)}–${((i + 1) / HISTOGRAM_BINS).toFixed(1)}`,
          )
          .join(', ')}`}
      >
        {counts.map((c, i) => (
          <span
            key={i}
            className="bar"
            style={{ height: `${(100 * c) / most}%` }}
            title={`${c} task${c === 1 ? '' : 's'} scored ${(i / HISTOGRAM_BINS).toFixed(1)}–${((i + 1) / HISTOGRAM_BINS).toFixed(1)}`}
          />
        ))}
      </div>
      <figcaption className="muted">task score 0 (uncertain) … 1 (certain)</figcaption>
    </figure>
  );
}

export function LabelNextPanel() {
  const ui = useApp((s) => s.labelNext);
  const ready = useApp((s) => s.runStatus === 'done' || s.runStatus === 'cancelled');
  const server = useApp((s) => s.ls.connection?.server);
  const projectId = useApp((s) => s.ls.loaded?.project.id ?? s.ls.projectId);
  const { setLabelNext, rankNext, exportLabelNext } = useApp.getState();
  const list = ui.list;
  const linkOf = (taskId: string | number | undefined) =>
    server && projectId !== null && projectId !== undefined && taskId !== undefined
      ? labelStudioTaskUrl(server, projectId, taskId)
      : undefined;

  return (
    <section className="panel" aria-labelledby="label-next-title" data-testid="label-next">
      <h2 id="label-next-title">6. Label next</h2>
      <p className="muted">
        Which tasks to label first: the lower a task&apos;s score, the less certain the model. Least
        confidence, margin and entropy read a classifier&apos;s class probabilities; a diversity
        batch takes the least certain tasks that are far apart (class probabilities, or the words of
        text tasks); a cluster-margin batch clusters the tasks with the smallest margins and takes
        from every cluster, so a big batch is not filled with near-copies. Committee disagreement
        trains bootstrapped heads on the annotations Online learning learns from (image tasks: on
        its backbone&apos;s features) and puts first the tasks they disagree on.
      </p>
      <div className="row">
        <label htmlFor="label-next-strategy">Order</label>
        <select
          id="label-next-strategy"
          data-testid="label-next-strategy"
          value={ui.strategy}
          onChange={(e) => setLabelNext({ strategy: e.currentTarget.value as LabelNextStrategy })}
        >
          {LABEL_NEXT_STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {STRATEGY_TITLES[s]}
            </option>
          ))}
        </select>
        <NumberField
          id="label-next-k"
          label="Next"
          value={ui.k}
          min={1}
          step={1}
          disabled={ui.busy}
          onChange={(k) => setLabelNext({ k: Math.max(1, Math.round(k)) })}
        />
        <NumberField
          id="label-next-clusters"
          label="Clusters"
          value={ui.clusters}
          min={0}
          step={1}
          disabled={ui.busy}
          onChange={(c) => setLabelNext({ clusters: Math.max(0, Math.round(c)) })}
        />
        {ui.strategy === 'committee' && (
          <NumberField
            id="label-next-committee"
            label="Heads"
            title="Committee members, each trained on a resample of the annotations (2–20)"
            value={ui.committee}
            min={COMMITTEE_SIZES.min}
            max={COMMITTEE_SIZES.max}
            step={1}
            disabled={ui.busy}
            onChange={(c) => setLabelNext({ committee: c })}
          />
        )}
        <button
          type="button"
          data-testid="label-next-rank"
          disabled={!ready || ui.busy}
          onClick={() => void rankNext()}
        >
          {ui.busy ? 'Ranking…' : list ? 'Rank again' : 'Rank tasks'}
        </button>
      </div>
      {!ready && <p className="muted">Run the model first.</p>}
      {ui.error && (
        <p className="error" role="alert" data-testid="label-next-error">
          {ui.error}
        </p>
      )}
      {list && (
        <>
          <p data-testid="label-next-summary" data-predicted={list.predicted}>
            {list.predicted} predicted task{list.predicted === 1 ? '' : 's'}
            {list.unscored > 0 ? `, ${list.unscored} without a score (ranked last)` : ''}.
            {MEASURES.has(list.strategy) && list.byScoreOnly > 0
              ? ` ${list.byScoreOnly} without class probabilities (the model kept none): ranked by their score.`
              : ''}
            {list.clusters > 0
              ? ` ${list.clusters} clusters of ${list.features ?? 'features'}`
              : ''}
            {list.clusters > 0 && list.withoutFeatures > 0
              ? `; ${list.withoutFeatures} tasks without features have none`
              : ''}
            {list.clusters > 0 ? ' (written onto the predictions: export and push send them).' : ''}
          </p>
          <Histogram counts={list.histogram} />
          <ol className="label-next-list" data-testid="label-next-list">
            {list.tasks.map((t) => {
              const href = linkOf(t.taskId);
              return (
                <li
                  key={t.index}
                  data-testid="label-next-task"
                  data-index={t.index}
                  data-task-id={t.taskId ?? ''}
                  data-score={t.score ?? ''}
                  data-certainty={t.certainty ?? ''}
                  data-cluster={t.cluster ?? ''}
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() => void useApp.getState().showTask(t.index)}
                  >
                    {t.name}
                  </button>{' '}
                  <span className="muted">
                    {t.reason}
                    {t.cluster !== undefined ? `; cluster ${t.cluster}` : ''}
                  </span>
                  {href && (
                    <>
                      {' '}
                      <a href={href} target="_blank" rel="noreferrer" data-testid="label-next-open">
                        open in Label Studio
                      </a>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            data-testid="label-next-export"
            disabled={list.tasks.length === 0}
            onClick={exportLabelNext}
          >
            Download the list (JSON)
          </button>
        </>
      )}
    </section>
  );
}
