/**
 * Moved to src/platform/errors/ (one catalogue, one `AppError`). This re-export keeps imports from branches in
 * flight working; new code imports `../platform/errors/index.ts`.
 */
export { appErrors, type AppErrorName } from '../platform/errors/index.ts';
