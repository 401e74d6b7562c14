import type { LsLoadProgress } from '../../../engine/ls/types';
import { LsErrorNote } from './LsErrorNote';
import { lsActions, useLs } from './use-ls';

const PHASES: Record<LsLoadProgress['phase'], string> = {
  config: 'Reading the labeling config…',
  tasks: 'Reading tasks…',
  predictions: 'Checking existing predictions…',
  done: 'Done',
};

function LoadProgress({ progress }: { progress: LsLoadProgress }) {
  const { lsCancel } = lsActions();
  const skipped = progress.skippedAnnotated + progress.droppedOtherProject;
  return (
    <div className="progress" data-testid="ls-load-progress" data-phase={progress.phase}>
      <progress
        aria-label="Loading the project"
        value={progress.received}
        max={Math.max(1, progress.total ?? progress.received)}
      />
      <p role="status" aria-live="polite">
        {PHASES[progress.phase]} {progress.kept} task{progress.kept === 1 ? '' : 's'}
        {progress.total !== undefined ? ` of ${progress.total}` : ''}
        {skipped > 0 ? ` (${skipped} left out)` : ''}{' '}
        <button type="button" data-testid="ls-load-cancel" onClick={() => void lsCancel()}>
          Cancel
        </button>
      </p>
    </div>
  );
}

function Loaded() {
  const loaded = useLs((s) => s.ls.loaded);
  if (!loaded) return null;
  const notes = [
    loaded.skippedAnnotated ? `${loaded.skippedAnnotated} annotated` : '',
    loaded.skippedPredicted ? `${loaded.skippedPredicted} already predicted` : '',
    loaded.droppedOtherProject ? `${loaded.droppedOtherProject} of other projects` : '',
  ].filter(Boolean);
  return (
    <div role="status" data-testid="ls-loaded" data-count={loaded.taskCount}>
      <p>
        Project <strong>{loaded.project.title || `#${loaded.project.id}`}</strong>:{' '}
        {loaded.tasksLoaded
          ? `${loaded.taskCount} task${loaded.taskCount === 1 ? '' : 's'} loaded`
          : 'its labeling config is in use; your own tasks stay'}
        {notes.length > 0 ? `; left out: ${notes.join(', ')}` : ''}.
      </p>
      {loaded.configProblem && (
        <p className="warn" data-testid="ls-config-problem">
          Prelabel cannot read this project&apos;s config ({loaded.configProblem.message}):
          predictions cannot be made or checked for it.
        </p>
      )}
    </div>
  );
}

/** Project picker, loading options, "Load project" with progress. */
export function ProjectLoader() {
  const projects = useLs((s) => s.ls.projects);
  const projectsError = useLs((s) => s.ls.projectsError);
  const projectId = useLs((s) => s.ls.projectId);
  const pageSize = useLs((s) => s.ls.pageSize);
  const skipAnnotated = useLs((s) => s.ls.skipAnnotated);
  const skipPredicted = useLs((s) => s.ls.skipPredicted);
  const skipModelVersion = useLs((s) => s.ls.skipModelVersion);
  const loading = useLs((s) => s.ls.loading);
  const loadError = useLs((s) => s.ls.loadError);
  const { lsSet, lsLoadProject, lsListProjects } = lsActions();

  return (
    <div>
      {projectsError && <LsErrorNote error={projectsError} testId="ls-projects-error" />}
      {projects && projects.length === 0 && (
        <p className="muted">This user sees no projects: create one in Label Studio first.</p>
      )}
      {projects && projects.length > 0 && (
        <div className="grid-form">
          <label htmlFor="ls-project">Project</label>
          <select
            id="ls-project"
            data-testid="ls-project"
            value={projectId ?? ''}
            onChange={(e) => lsSet({ projectId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">Choose…</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                #{p.id} {p.title}
                {p.taskCount !== undefined ? ` (${p.taskCount} tasks)` : ''}
              </option>
            ))}
          </select>
          <label htmlFor="ls-page-size">Tasks per request</label>
          <input
            id="ls-page-size"
            type="number"
            className="narrow"
            data-testid="ls-page-size"
            min={1}
            max={1000}
            value={pageSize}
            onChange={(e) =>
              lsSet({ pageSize: Math.min(1000, Math.max(1, Number(e.target.value) || 100)) })
            }
          />
        </div>
      )}
      {projects && projects.length > 0 && (
        <>
          <div className="row">
            <label>
              <input
                type="checkbox"
                data-testid="ls-skip-annotated"
                checked={skipAnnotated}
                onChange={(e) => lsSet({ skipAnnotated: e.target.checked })}
              />{' '}
              Skip tasks that are already annotated
            </label>
          </div>
          <div className="row">
            <label>
              <input
                type="checkbox"
                data-testid="ls-skip-predicted"
                checked={skipPredicted}
                onChange={(e) => lsSet({ skipPredicted: e.target.checked })}
              />{' '}
              Skip tasks that already have predictions of model version
            </label>
            <input
              type="text"
              aria-label="Model version to skip"
              data-testid="ls-skip-version"
              placeholder="model_version"
              disabled={!skipPredicted}
              value={skipModelVersion}
              onChange={(e) => lsSet({ skipModelVersion: e.target.value })}
            />
          </div>
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="ls-load"
              disabled={projectId === null || loading !== null}
              onClick={() => void lsLoadProject()}
            >
              Load project
            </button>
            <button
              type="button"
              data-testid="ls-load-config"
              disabled={projectId === null || loading !== null}
              title="Use the project's labeling config and push your own (dropped) tasks into it"
              onClick={() => void lsLoadProject(true)}
            >
              Use its config only
            </button>
            <button type="button" className="link" onClick={() => void lsListProjects()}>
              Refresh list
            </button>
          </div>
        </>
      )}
      {loading && <LoadProgress progress={loading} />}
      {loadError && <LsErrorNote error={loadError} testId="ls-load-error" />}
      {!loading && <Loaded />}
    </div>
  );
}
