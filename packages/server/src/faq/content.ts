import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Article } from '@switchboard/shared';
import { parse as parseYaml } from 'yaml';

/** A content file that could not be used, with a message naming the file. */
export interface ContentProblem {
  file: string;
  message: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Parse one Markdown article: YAML front matter (`title`, `tags`, `department`, `locale`,
 * optional `published`) then the Markdown body. The file name (without `.md`) is the id.
 * @example parseContentFile('returns-policy.md', '---\ntitle: Returns\n---\nBody', 0)
 */
export function parseContentFile(
  file: string,
  text: string,
  updatedAt: number,
): { ok: true; article: Article } | { ok: false; problem: ContentProblem } {
  const fail = (message: string) => ({ ok: false as const, problem: { file, message } });
  const match = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!match) return fail(`${file}: must start with front matter between "---" lines`);
  let meta: unknown;
  try {
    meta = parseYaml(match[1]!);
  } catch (error) {
    return fail(`${file}: front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return fail(`${file}: front matter must be a mapping (title: ..., tags: [...])`);
  }
  const m = meta as Record<string, unknown>;
  const candidate = {
    id: basename(file, '.md'),
    title: typeof m.title === 'string' ? m.title.trim() : m.title,
    body: match[2]!.trim(),
    tags: m.tags === undefined ? [] : m.tags,
    ...(m.department !== undefined ? { departmentId: m.department } : {}),
    locale: m.locale ?? 'en',
    published: m.published ?? true,
    source: 'content' as const,
    updatedAt,
  };
  const result = Article.safeParse(candidate);
  if (!result.success) {
    const fields = result.error.issues
      .map((issue) => {
        const key = String(issue.path[0] ?? '');
        const name = key === 'id' ? 'file name' : key === 'departmentId' ? 'department' : key;
        return `${name}: ${issue.message}`;
      })
      .join('; ');
    return fail(`${file}: ${fields}`);
  }
  return { ok: true, article: result.data };
}

/**
 * Read every `*.md` in a content folder. A bad file is reported in `problems` and skipped; a missing
 * folder is one problem. Articles come sorted by id.
 * @example const { articles, problems } = loadContentFolder('demo/articles')
 */
export function loadContentFolder(dir: string): {
  articles: Article[];
  problems: ContentProblem[];
} {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { articles: [], problems: [{ file: dir, message: `cannot read ${dir}: ${code}` }] };
  }
  const articles: Article[] = [];
  const problems: ContentProblem[] = [];
  for (const name of files) {
    const path = join(dir, name);
    try {
      const parsed = parseContentFile(
        name,
        readFileSync(path, 'utf8'),
        Math.floor(statSync(path).mtimeMs),
      );
      if (parsed.ok) articles.push(parsed.article);
      else problems.push(parsed.problem);
    } catch (error) {
      problems.push({ file: name, message: `${name}: ${(error as Error).message}` });
    }
  }
  return { articles, problems };
}
