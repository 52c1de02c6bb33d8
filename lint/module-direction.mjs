// @ts-check
// One folder under src/ is one module; a module may import only the modules listed before it.
// Files at the top of src/ (bootstrap, the app module, the entity list) may import any module.
import path from 'node:path';

export const MODULE_ORDER = [
  'common/text', // pure text helpers, which configuration parsing uses too
  'config',
  'common',
  'database',
  'mail',
  'access',
  'audit',
  'microsoft',
  'pbx',
  'failures',
  'tenants',
  'matching',
  'snapshots',
  'consent',
  'direct-routing',
  'mapping',
  'preview',
  'sync',
  'status',
  'web',
];

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** The module a file belongs to, or null for files outside the ordered modules. */
function moduleOf(file) {
  const relative = path.relative(SRC, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [first, second, ...rest] = relative.split(path.sep);
  if (rest.length > 0 && MODULE_ORDER.includes(`${first}/${second}`)) return `${first}/${second}`;
  return second !== undefined && MODULE_ORDER.includes(first) ? first : null;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Imports between src/ modules point one way (lint/module-direction.mjs).',
    },
    messages: {
      upward:
        "'{{from}}' may not import from '{{to}}': modules import only those listed before them in lint/module-direction.mjs.",
      unknown:
        "'{{folder}}' is a folder under src/ that lint/module-direction.mjs does not place in the module order.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const relative = path.relative(SRC, file);
    const parts = relative.split(path.sep);
    if (relative.startsWith('..') || parts.length < 2) return {};
    const from = moduleOf(file);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = moduleOf(path.resolve(path.dirname(file), source));
      if (!to || !from || to === from) return;
      if (MODULE_ORDER.indexOf(to) > MODULE_ORDER.indexOf(from))
        context.report({ node, messageId: 'upward', data: { from, to } });
    };
    return {
      Program(node) {
        if (!from) context.report({ node, messageId: 'unknown', data: { folder: parts[0] } });
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const moduleDirection = { rules: { 'module-direction': rule } };
