// An error shown where the failed action is; understands ApiError kinds.

import { ApiError } from '../api';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const prefix = error.status ? `HTTP ${error.status}: ` : '';
    return `${prefix}${error.message}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div class="error-banner" role="alert" data-testid="error-banner">
      <span>{errorMessage(error)}</span>
      {onRetry && (
        <button class="link" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
