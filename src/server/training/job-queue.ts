// Training jobs: one running job per project; a request that arrives while
// one runs becomes (or refreshes) the single pending job, so a burst of
// annotations costs one more training, on the newest data. Statuses are RQ's,
// which Label Studio's /job_status check reads ("queued"/"started" = running).
import { randomUUID } from 'node:crypto';

export type JobStatus = 'queued' | 'started' | 'finished' | 'failed';

export interface JobRecord {
  id: string;
  project: string;
  status: JobStatus;
  /** Why it was asked for (ANNOTATION_CREATED, /train, …); the newest when coalesced. */
  reason: string;
  /** Requests folded into this job. */
  requests: number;
  created_at: string;
  enqueued_at: string;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  result?: unknown;
}

export type JobWork = (job: JobRecord) => Promise<unknown>;

const KEEP_FINISHED = 1000;

export class TrainingQueue {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, { job: JobRecord; work: JobWork }>();

  constructor(private readonly onError: (job: JobRecord, error: Error) => void = () => {}) {}

  /** Starts the work now, or folds it into the project's pending job. */
  submit(project: string, reason: string, work: JobWork): JobRecord {
    const waiting = this.pending.get(project);
    if (waiting) {
      waiting.work = work;
      waiting.job.reason = reason;
      waiting.job.requests++;
      return waiting.job;
    }
    const now = new Date().toISOString();
    const job: JobRecord = {
      id: randomUUID(),
      project,
      status: 'queued',
      reason,
      requests: 1,
      created_at: now,
      enqueued_at: now,
      started_at: null,
      ended_at: null,
      error: null,
    };
    this.remember(job);
    if (this.running.has(project)) this.pending.set(project, { job, work });
    else this.start(job, work);
    return job;
  }

  job(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** The project's running and pending jobs. */
  projectJobs(project: string): JobRecord[] {
    return [...this.jobs.values()].filter(
      (j) => j.project === project && (j.status === 'started' || j.status === 'queued'),
    );
  }

  /** Resolves when no job runs or waits (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private remember(job: JobRecord) {
    this.jobs.set(job.id, job);
    if (this.jobs.size <= KEEP_FINISHED) return;
    for (const [id, old] of this.jobs) {
      if (this.jobs.size <= KEEP_FINISHED) break;
      if (old.status === 'finished' || old.status === 'failed') this.jobs.delete(id);
    }
  }

  private start(job: JobRecord, work: JobWork) {
    job.status = 'started';
    job.started_at = new Date().toISOString();
    const done = work(job)
      .then((result) => {
        job.status = 'finished';
        job.result = result;
      })
      .catch((error: unknown) => {
        job.status = 'failed';
        job.error = (error as Error).message ?? String(error);
        this.onError(job, error as Error);
      })
      .finally(() => {
        job.ended_at = new Date().toISOString();
        this.running.delete(job.project);
        const next = this.pending.get(job.project);
        if (next) {
          this.pending.delete(job.project);
          this.start(next.job, next.work);
        }
      });
    this.running.set(job.project, done);
  }
}
