// Online learning: train a text classifier (TF-IDF + logistic regression, in
// the worker), or for <Choices> on an <Image> a head on a dropped backbone's
// pooled features, for <Choices> on an <Audio> a head on the built-in
// openWakeWord embedding of each clip, on the annotations of the tasks in
// place, see each version's quality on the learning curve, roll back, export
// or import the head file (the one `prelabel train` writes; an audio head: its
// sound-class folder zipped), run with a version, and watch a connected Label
// Studio project.
import { useEffect } from 'react';
import { learnsAudio, learnsImages } from '../../core/annotations/learns-images';
import { useApp } from '../store';
import { BackbonePicker } from './learn/BackbonePicker';
import { LearningCurve } from './learn/LearningCurve';
import { TrainNotesView } from './learn/TrainNotesView';
import { VersionList } from './learn/VersionList';
import { WatchBox } from './learn/WatchBox';

export function LearnPanel() {
  const ui = useApp((s) => s.learn);
  const hasTasks = useApp((s) => (s.tasks?.total ?? 0) > 0);
  const hasConfig = useApp((s) => s.config !== null);
  const images = useApp((s) => s.config !== null && learnsImages(s.config));
  const audio = useApp((s) => s.config !== null && learnsAudio(s.config));
  const watchable = useApp((s) => s.ls.connection !== null && s.ls.loaded !== null);
  const { learnTrain, learnImport, learnRefresh } = useApp.getState();

  useEffect(() => {
    void learnRefresh();
  }, [learnRefresh]);

  const state = ui.state;
  const blocker = !hasConfig
    ? 'Drop a labeling config with <Choices> on a <Text>, an <Image> or an <Audio> first.'
    : !hasTasks
      ? 'Drop a Label Studio export with annotations (JSON, JSON-MIN or CSV), or load a project.'
      : images && !ui.backbone
        ? 'Pick the backbone the image head learns on.'
        : null;
  return (
    <section className="panel" aria-labelledby="learn-title" data-testid="learn-panel">
      <h2 id="learn-title">Online learning</h2>
      <p className="muted">
        {images
          ? 'Learns an image classifier for your <Choices> on the backbone’s features of the annotated images, in this browser (the worker trains it).'
          : audio
            ? 'Learns a sound classifier for your <Choices> on the openWakeWord embedding of the annotated clips, in this browser (the worker trains it). Export gives the sound-class folder, zipped.'
            : 'Learns a text classifier for your <Choices> from the annotations of the tasks here, in this browser (the worker trains it).'}
      </p>
      {images && <BackbonePicker />}
      <div className="row">
        <button
          type="button"
          data-testid="learn-train"
          disabled={blocker !== null || ui.busy !== null}
          onClick={() => void learnTrain()}
        >
          {ui.busy === 'train' ? 'Training…' : 'Train on these annotations'}
        </button>
        <label className="file-button">
          Import head file{' '}
          <input
            type="file"
            accept=".json,.zip,application/json,application/zip"
            data-testid="learn-import"
            disabled={ui.busy !== null}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void learnImport(file);
            }}
          />
        </label>
      </div>
      {blocker && <p className="muted">{blocker}</p>}
      {ui.error && (
        <p className="error" role="alert" data-testid="learn-error">
          {ui.error}
        </p>
      )}
      {ui.trained && <TrainNotesView version={ui.trained.version} notes={ui.trained.notes} />}
      {state && state.versions.length > 0 && (
        <>
          <LearningCurve versions={state.versions} />
          <VersionList versions={state.versions} currentId={state.currentId} />
          {state.inMemory && (
            <p className="warn">This browser refused storage: a reload forgets these versions.</p>
          )}
        </>
      )}
      {watchable && <WatchBox />}
    </section>
  );
}
