// What the last training read: examples used, tasks left out and why.
import type { LearnVersion, TrainNotes } from '../../../engine/learn/types';

export function TrainNotesView({ version, notes }: { version: LearnVersion; notes: TrainNotes }) {
  return (
    <div className="notes" data-testid="learn-notes">
      <p role="status">
        Trained version {version.id} ({version.modelVersion}) on {notes.examples} annotated task
        {notes.examples === 1 ? '' : 's'} of {notes.tasks}: {notes.unannotatedTasks} without
        annotation, {notes.skippedTasks} skipped, {notes.conflictingTasks} with disagreeing
        annotations (the ground truth, else the newest, was used).
      </p>
      {notes.problemCount > 0 && (
        <ul className="warn" data-testid="learn-problems">
          {notes.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
          {notes.problemCount > notes.problems.length && (
            <li>… {notes.problemCount - notes.problems.length} more</li>
          )}
        </ul>
      )}
    </div>
  );
}
