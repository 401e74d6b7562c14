// Label Studio's request bodies → checked values. Shapes: see README.md here
// (label_studio/ml/api_connector.py, label_studio/webhooks/models.py). A body
// that cannot be used gets a 400 naming the field.
import type { LsTask } from '../core/tasks/types';
import { HttpError } from './http-io';
import { isSafeProjectId } from './project-store';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** "<id>.<created unix time>" (or a bare id, or a project object) → the id part. */
export function projectIdOf(value: unknown, field = 'project'): string {
  let id: string | undefined;
  if (typeof value === 'string') id = value.split('.', 1)[0];
  else if (typeof value === 'number' && Number.isInteger(value)) id = String(value);
  else if (isObject(value) && (typeof value.id === 'number' || typeof value.id === 'string')) {
    id = String(value.id);
  }
  if (id === undefined || !isSafeProjectId(id)) {
    throw new HttpError(
      400,
      `"${field}" must be Label Studio's "<id>.<created unix time>" (or a project id), got ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  }
  return id;
}

function optionalString(body: Json, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${field}" must be a string`);
  return value;
}

function requiredString(body: Json, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value.trim() === '') {
    throw new HttpError(400, `"${field}" is required (a non-empty string)`);
  }
  return value;
}

function taskList(value: unknown, field: string): LsTask[] {
  if (!Array.isArray(value)) throw new HttpError(400, `"${field}" must be a list of tasks`);
  value.forEach((task, i) => {
    if (!isObject(task)) throw new HttpError(400, `${field}[${i}] must be a task object`);
    if (!isObject(task.data)) throw new HttpError(400, `${field}[${i}].data must be an object`);
  });
  return value as LsTask[];
}

export interface SetupRequest {
  projectId: string;
  uid: string;
  schema: string;
  hostname?: string;
  accessToken?: string;
}

export function parseSetup(body: Json): SetupRequest {
  if (body.project === undefined) throw new HttpError(400, '"project" is required');
  const projectId = projectIdOf(body.project);
  const hostname = optionalString(body, 'hostname');
  const accessToken = optionalString(body, 'access_token');
  return {
    projectId,
    uid: String(body.project),
    schema: requiredString(body, 'schema'),
    ...(hostname ? { hostname } : {}),
    ...(accessToken ? { accessToken } : {}),
  };
}

export interface PredictRequest {
  projectId?: string;
  tasks: LsTask[];
  labelConfig?: string;
}

export function parsePredict(body: Json): PredictRequest {
  const tasks = taskList(body.tasks, 'tasks');
  const labelConfig = optionalString(body, 'label_config');
  const projectId =
    body.project === undefined || body.project === null ? undefined : projectIdOf(body.project);
  if (!projectId && !labelConfig) {
    throw new HttpError(400, '"project" or "label_config" is required');
  }
  return { tasks, ...(projectId ? { projectId } : {}), ...(labelConfig ? { labelConfig } : {}) };
}

export interface TrainRequest {
  projectId: string;
  tasks: LsTask[];
  labelConfig?: string;
}

export function parseTrain(body: Json): TrainRequest {
  if (body.project === undefined) throw new HttpError(400, '"project" is required');
  const projectId = projectIdOf(body.project);
  const tasks = taskList(body.annotations, 'annotations');
  if (tasks.length === 0) throw new HttpError(400, '"annotations" is empty: no annotations found');
  const labelConfig = optionalString(body, 'label_config');
  return { projectId, tasks, ...(labelConfig ? { labelConfig } : {}) };
}

export const TRAINING_EVENTS = new Set([
  'ANNOTATION_CREATED',
  'ANNOTATIONS_CREATED',
  'ANNOTATION_UPDATED',
  'ANNOTATION_DELETED',
  'ANNOTATIONS_DELETED',
  'START_TRAINING',
]);

export interface WebhookEvent {
  action: string;
  projectId: string;
  labelConfig?: string;
  /** Tasks carrying the created/updated annotation(s). */
  annotatedTasks: LsTask[];
  /** Annotation ids that changed without their task in the body (fetch from Label Studio). */
  orphanAnnotations: number;
  deletedAnnotationIds: number[];
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A training event's body; undefined for any other action (answered "Unknown event"). */
export function parseWebhook(body: Json): WebhookEvent | undefined {
  const action = requiredString(body, 'action');
  if (!TRAINING_EVENTS.has(action)) return undefined;
  const project = body.project;
  if (!isObject(project)) {
    throw new HttpError(
      400,
      `"project" must be the project object Label Studio sends with ${action}`,
    );
  }
  const projectId = projectIdOf(project, 'project.id');
  const labelConfig = typeof project.label_config === 'string' ? project.label_config : undefined;
  const event: WebhookEvent = {
    action,
    projectId,
    ...(labelConfig ? { labelConfig } : {}),
    annotatedTasks: [],
    orphanAnnotations: 0,
    deletedAnnotationIds: [],
  };
  if (action === 'ANNOTATIONS_DELETED' || action === 'ANNOTATION_DELETED') {
    for (const [i, a] of [...asList(body.annotations), ...asList(body.annotation)].entries()) {
      if (!isObject(a) || typeof a.id !== 'number') {
        throw new HttpError(400, `annotations[${i}].id must be a number`);
      }
      event.deletedAnnotationIds.push(a.id);
    }
    return event;
  }
  if (action === 'START_TRAINING') return event;
  const annotations = asList(body.annotation);
  const tasks = asList(body.task);
  if (annotations.length === 0) throw new HttpError(400, `"annotation" is required with ${action}`);
  annotations.forEach((annotation, i) => {
    if (!isObject(annotation)) throw new HttpError(400, `annotation[${i}] must be an object`);
    const taskId = typeof annotation.task === 'number' ? annotation.task : undefined;
    const task = tasks.find((t) => isObject(t) && t.id === taskId) ?? tasks[i];
    if (!isObject(task) || !isObject(task.data)) {
      event.orphanAnnotations++;
      return;
    }
    event.annotatedTasks.push({ ...(task as LsTask), annotations: [annotation] });
  });
  return event;
}
