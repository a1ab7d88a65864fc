/**
 * Runs every ```ts block of docs/*.md as a program, with `kubevirt-net` resolved to this
 * checkout's source, and compares its stdout to the ```text block after "Output:" — so the
 * docs cannot rot.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const docsDir = resolve('docs');
const scratch = resolve('.tmp', 'doc-snippets');
const entry = (subpath: string): string => resolve('src', subpath === '' ? 'index.ts' : `${subpath}/index.ts`);

interface Snippet {
  readonly doc: string;
  readonly line: number;
  readonly code: string;
  readonly output?: string;
}

function snippetsOf(doc: string): Snippet[] {
  const text = readFileSync(join(docsDir, doc), 'utf8');
  const blocks = [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)];
  const snippets: Snippet[] = [];
  blocks.forEach((block, i) => {
    if (block[1] !== 'ts') return;
    const next = blocks[i + 1];
    const between = next === undefined ? '' : text.slice((block.index ?? 0) + block[0].length, next.index);
    const output = next?.[1] === 'text' && /Output:/.test(between) ? next[2] : undefined;
    const line = text.slice(0, block.index).split('\n').length;
    snippets.push({ doc, line, code: block[2] ?? '', ...(output !== undefined && { output }) });
  });
  return snippets;
}

const snippets = readdirSync(docsDir)
  .filter((f) => f.endsWith('.md'))
  .flatMap(snippetsOf);

describe('docs snippets run and print what the docs say', () => {
  mkdirSync(scratch, { recursive: true });
  it.each(snippets.map((s) => [`${s.doc}:${s.line}`, s] as const))('%s', (_name, snippet) => {
    const code = snippet.code.replace(/from 'kubevirt-net(?:\/(\w+))?'/g, (_m, sub: string | undefined) => `from '${entry(sub ?? '')}'`);
    const file = join(scratch, `${snippet.doc.replace(/\W/g, '_')}_${snippet.line}.ts`);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    if (snippet.output !== undefined) expect(run.stdout).toBe(snippet.output);
  });
});
