import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditActionLabels, auditDetailLabel } from '../../src/domain/audit/schema.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|astro|js)$/.test(name) ? [path] : [];
  });
}

describe('audit action labels', () => {
  const used = new Set(
    sourceFiles('src').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\baudit\(\s*[^,]+,\s*[^,]+,\s*'([^']+)'/g)].map((m) => m[1]!),
    ),
  );

  it('finds the audited actions in the source', () => {
    expect(used.size).toBeGreaterThanOrEqual(5);
    expect(used).toContain('voice.rate-window');
  });

  it('has a Chinese label for every action key the code records', () => {
    for (const action of used) expect(auditActionLabels, `no label for audit action ${action}`).toHaveProperty(action);
  });

  it('labels are Chinese, never a raw key', () => {
    for (const [key, label] of Object.entries(auditActionLabels)) {
      expect(label, key).toMatch(/^[\u4e00-\u9fff（）、]+$/);
    }
    expect(auditActionLabel('voice.rateWindow')).toBe('调整语音练习的语速目标');
    expect(auditActionLabel('something.new')).toBe('其他操作');
    expect(auditDetailLabel('cohortName')).toBe('班组名称');
    expect(auditDetailLabel('rawKey')).toBe('其他');
  });
});
