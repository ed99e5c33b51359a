// `layers/imports`: a relative import may only go down the layer table of its package
// (eslint/layers.mjs), and only a folder marked `node` may import Node built-ins.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules);

/** Throws when a row lists a folder that is not above it: the table itself must only go one way. */
export function checkLayerTable(layers) {
  const seen = new Set();
  for (const layer of layers) {
    for (const below of layer.mayImport) {
      if (!seen.has(below)) throw new Error(`eslint/layers.mjs: "${layer.folder}" may only import folders listed above it, not "${below}"`);
    }
    seen.add(layer.folder);
  }
  return layers;
}

function isNodeBuiltin(source) {
  return source.startsWith('node:') || NODE_BUILTINS.has(source) || NODE_BUILTINS.has(source.split('/')[0]);
}

/** `src`'s first-level folder of a path inside it; `''` for a file directly in `src`; `undefined` outside. */
function folderOf(srcRoot, path) {
  const rel = relative(srcRoot, path);
  if (rel.startsWith('..') || rel === '') return undefined;
  const parts = rel.split(sep);
  return parts.length === 1 ? '' : parts[0];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports go down the layer table (eslint/layers.mjs); Node built-ins only where a layer allows them.' },
    schema: [
      {
        type: 'object',
        properties: { srcRoot: { type: 'string' }, layers: { type: 'array' }, table: { type: 'string' } },
        required: ['srcRoot', 'layers'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { srcRoot, layers, table = 'eslint/layers.mjs' } = context.options[0];
    const byFolder = new Map(layers.map((layer) => [layer.folder, layer]));
    const file = context.filename;
    const folder = folderOf(srcRoot, file);
    if (folder === undefined) return {};
    const layer = folder === '' ? { folder: '', mayImport: [...byFolder.keys()], node: false } : byFolder.get(folder);

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (isNodeBuiltin(source)) {
        if (!layer?.node) context.report({ node, message: `"${source}": no Node built-ins in ${folder === '' ? 'the entry points' : `${folder}/`} (${table}).` });
        return;
      }
      if (!layer || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const targetFolder = folderOf(srcRoot, target);
      if (targetFolder === undefined) {
        // The package's own package.json (the version) is the one thing outside src a module may read.
        if (relative(resolve(srcRoot, '..'), target) !== 'package.json') {
          context.report({ node, message: `"${source}" leaves src/.` });
        }
        return;
      }
      if (targetFolder === folder) return;
      if (targetFolder === '') {
        context.report({ node, message: `"${source}": ${folder}/ may not import an entry point (imports go down, ${table}).` });
        return;
      }
      if (!layer.mayImport.includes(targetFolder)) {
        context.report({
          node,
          message: `"${source}": ${folder === '' ? 'an entry point' : `${folder}/`} may not import ${targetFolder}/ (it goes up or sideways; the layer order is in ${table}).`,
        });
      }
    }

    return {
      Program(node) {
        if (!layer) context.report({ node, message: `${folder}/ has no row in ${table}: give the new folder its place in the layer order.` });
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};

export const layersPlugin = { meta: { name: 'layers' }, rules: { imports: rule } };
