// The question bank wired to the app: the admin client, the audit log, the file banks and the course outline.
import type PocketBase from 'pocketbase';
import { questionBankRepo } from '../question-bank/repo.ts';
import { withPublished } from '../question-bank/rules.ts';
import { publishedItems, type BankDeps } from '../question-bank/service.ts';
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { audit } from '../audit/repo.ts';
import { quizCatalog, type QuizCatalog } from './catalog.ts';

/** The question bank's dependencies on an admin client. */
export function bankDeps(admin: PocketBase): BankDeps {
  return {
    repo: questionBankRepo(admin),
    audit: (actor, action, target, details) => audit(admin, actor, action, target, details),
    fileBanks: quizCatalog().banks,
    now: () => new Date(),
  };
}

export async function appBankDeps(): Promise<BankDeps> {
  return bankDeps(await appAdmin());
}

/** A catalog with the published items joined (see `withPublished`). */
export async function catalogWithPublishedItems(
  admin: PocketBase,
  base: QuizCatalog = quizCatalog(),
  fresh = false,
): Promise<QuizCatalog> {
  return withPublished(base, await publishedItems(questionBankRepo(admin), Date.now(), fresh ? 0 : undefined));
}
