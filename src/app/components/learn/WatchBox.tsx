// Watch the connected Label Studio project: poll every N seconds, retrain
// after every new annotation (coalesced) or every N, predict the unlabelled
// tasks and push them with the new model_version. Errors show here and the
// polling goes on; "Poll now" retries at once. An engine restart stops the
// watch; the store resumes it (the note says so).
import type { WatchStatus } from '../../../engine/learn/types';
import { useApp } from '../../store';
import { NumberField } from '../NumberField';

const PHASES: Record<WatchStatus['phase'], string> = {
  idle: 'Starting…',
  polling: 'Reading the project…',
  training: 'Training…',
  pushing: 'Pushing predictions…',
  waiting: 'Waiting for the next poll.',
  stopped: 'Stopped.',
};

/** Tasks the last retrain or push left out (an image or a clip that could not be fetched or decoded…), named. */
function LeftOut({ watch }: { watch: WatchStatus }) {
  const left = [...(watch.lastTrained?.notes.problems ?? []), ...(watch.lastPush?.problems ?? [])];
  if (left.length === 0) return null;
  return (
    <ul className="warn" data-testid="learn-watch-problems">
      {left.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}

function StatusLine({ watch }: { watch: WatchStatus }) {
  const next =
    watch.phase === 'waiting' && watch.nextPollAt
      ? ` Next poll at ${new Date(watch.nextPollAt).toLocaleTimeString()}.`
      : '';
  return (
    <div data-testid="learn-watch-status" data-phase={watch.phase}>
      <p role="status" aria-live="polite">
        {PHASES[watch.phase]}
        {next} {watch.polls} poll{watch.polls === 1 ? '' : 's'}; {watch.pending} new or changed
        annotation{watch.pending === 1 ? '' : 's'} since the last retrain (retrain at{' '}
        {watch.retrainEvery}).
        {watch.lastRead &&
          (watch.lastRead.complete
            ? ` The last poll read all ${watch.lastRead.tasks} tasks.`
            : ` The last poll read the ${watch.lastRead.tasks} task${watch.lastRead.tasks === 1 ? '' : 's'} updated since the one before.`)}
      </p>
      {watch.lastTrained && (
        <p data-testid="learn-watch-trained">
          Last retrain: {watch.lastTrained.modelVersion} on {watch.lastTrained.notes.examples}{' '}
          annotations.
        </p>
      )}
      {watch.lastPush && (
        <p data-testid="learn-watch-pushed">
          Pushed {watch.lastPush.modelVersion} to {watch.lastPush.sent} unlabelled task
          {watch.lastPush.sent === 1 ? '' : 's'} ({watch.lastPush.skipped} already had it,{' '}
          {watch.lastPush.failed} failed).
        </p>
      )}
      <LeftOut watch={watch} />
      {watch.pushPending && (
        <p className="warn">
          {watch.pushPending} is trained and kept; its predictions go with the next poll.
        </p>
      )}
      {watch.error && (
        <p className="error" role="alert" data-testid="learn-watch-error">
          {watch.error.message} (still polling; nothing trained is lost)
        </p>
      )}
    </div>
  );
}

export function WatchBox() {
  const options = useApp((s) => s.learn.watchOptions);
  const watch = useApp((s) => s.learn.watch);
  const note = useApp((s) => s.learn.watchNote);
  const busy = useApp((s) => s.learn.busy !== null);
  const { learnSetWatch, learnWatchStart, learnWatchStop, learnPollNow } = useApp.getState();
  const running = watch !== null && watch.phase !== 'stopped';
  return (
    <fieldset className="learn-watch" data-testid="learn-watch">
      <legend>Watch the Label Studio project</legend>
      <div className="grid-form">
        <NumberField
          id="learn-interval"
          label="Poll every (seconds)"
          value={options.intervalSeconds}
          min={5}
          step={5}
          disabled={running}
          onChange={(intervalSeconds) => learnSetWatch({ intervalSeconds })}
        />
        <NumberField
          id="learn-every"
          label="Retrain after this many new annotations"
          value={options.retrainEvery}
          min={1}
          step={1}
          disabled={running}
          title="1: after every new annotation (several between two polls make one retrain)"
          onChange={(retrainEvery) => learnSetWatch({ retrainEvery: Math.round(retrainEvery) })}
        />
      </div>
      <div className="row">
        {running ? (
          <>
            <button
              type="button"
              data-testid="learn-watch-stop"
              onClick={() => void learnWatchStop()}
            >
              Stop watching
            </button>
            <button type="button" data-testid="learn-poll-now" onClick={() => void learnPollNow()}>
              Poll now
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={busy}
            data-testid="learn-watch-start"
            onClick={() => void learnWatchStart()}
          >
            Start watching
          </button>
        )}
      </div>
      {note && (
        <p className="muted" role="status" data-testid="learn-watch-note">
          {note}
        </p>
      )}
      {watch && <StatusLine watch={watch} />}
    </fieldset>
  );
}
