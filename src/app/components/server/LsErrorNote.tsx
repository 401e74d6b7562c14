import type { LsErrorInfo, LsErrorKind } from '../../../core/ls-client';

const TITLES: Partial<Record<LsErrorKind, string>> = {
  cors: 'Label Studio does not allow this page (CORS)',
  'mixed-content': 'Blocked by the browser (https page, http server)',
  'server-down': 'No answer',
  'wrong-url': 'Not a Label Studio address',
  unauthorized: 'Token refused',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  'rate-limited': 'Server busy',
  'server-error': 'Server error',
  timeout: 'Timed out',
  aborted: 'Cancelled',
};

/** A classified Label Studio error: what happened in a few words, then what to do. */
export function LsErrorNote({ error, testId }: { error: LsErrorInfo; testId: string }) {
  const title = TITLES[error.kind];
  return (
    <p className="error" role="alert" data-testid={testId} data-kind={error.kind}>
      {title && <strong>{title}: </strong>}
      {error.message}
    </p>
  );
}
