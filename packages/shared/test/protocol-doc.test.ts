import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AgentToServer,
  ConversationEvent,
  ERROR_CODES,
  ServerToAgent,
  ServerToVisitor,
  VisitorToServer,
} from '../src/index.js';

// docs/protocol.md is hand-written prose; this keeps it honest against the schemas.
const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

type Shape = Record<string, unknown>;
type Member = { _zod: { def: { shape: Shape } } };
type Union = { _zod: { def: { options: Member[] } } };

/** The text of the `## title` section. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  expect(start, `section "${title}" in docs/protocol.md`).toBeGreaterThanOrEqual(0);
  const rest = doc.slice(start + title.length + 5);
  const end = rest.indexOf('\n## ');
  return end === -1 ? rest : rest.slice(0, end);
}

/** The text about one frame type inside a section (its `### ` block, or a shared heading). */
function entry(text: string, type: string): string | undefined {
  const blocks = text.split('\n### ').slice(1);
  return blocks.find((block) => {
    const heading = block.split('\n')[0] ?? '';
    return heading.includes(`\`${type}\``);
  });
}

describe.each([
  ['Conversation events (the log)', ConversationEvent],
  ['VisitorToServer', VisitorToServer],
  ['ServerToVisitor', ServerToVisitor],
  ['AgentToServer', AgentToServer],
  ['ServerToAgent', ServerToAgent],
] as const)('docs/protocol.md, %s', (title, union) => {
  const members = (union as unknown as Union)._zod.def.options;
  const text = section(title);

  it.each(
    members.map(
      (m) =>
        [
          (m._zod.def.shape.type as { _zod: { def: { values: string[] } } })._zod.def
            .values[0] as string,
          m,
        ] as const,
    ),
  )('documents %s and its fields', (type, member) => {
    const block = entry(text, type);
    expect(block, `### \`${type}\``).toBeDefined();
    // Blocks that say "As for visitors" share the visitor section's field list.
    const where = block?.includes('As for visitors') ? doc : (block ?? '');
    for (const field of Object.keys(member._zod.def.shape)) {
      if (field === 'type') continue;
      expect(where, `${type}.${field}`).toContain(`\`${field}`);
    }
  });
});

describe('docs/protocol.md, error codes', () => {
  it.each(ERROR_CODES)('documents %s', (code) => {
    expect(section('Error codes')).toMatch(new RegExp(`\\| \`${code}\` +\\|`));
  });
});
