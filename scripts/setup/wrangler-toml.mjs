// Edits of wrangler.toml that keep the file as its owner wrote it: one line changes, comments and layout stay.
// Pure: text in, text out. Used by `npm run setup` (scripts/setup.mjs).

/** The lines of each table: `[vars]`, each `[[kv_namespaces]]` entry, ... with the index of their header line. */
function tables(lines) {
  const found = [];
  for (const [index, line] of lines.entries()) {
    const header = /^\s*(\[\[?[^\]]+\]\]?)\s*(#.*)?$/.exec(line);
    if (header) found.push({ header: header[1].replace(/\s+/g, ''), start: index, end: lines.length });
  }
  for (const [i, table] of found.entries()) table.end = found[i + 1]?.start ?? lines.length;
  return found;
}

const keyLine = (key) => new RegExp(`^(\\s*${key}\\s*=\\s*)("(?:[^"\\\\]|\\\\.)*")(.*)$`);

function readKey(lines, table, key) {
  for (let i = table.start + 1; i < table.end; i++) {
    const match = keyLine(key).exec(lines[i]);
    if (match) return { index: i, value: JSON.parse(match[2]), prefix: match[1], rest: match[3] };
  }
  return null;
}

function kvTable(lines, binding) {
  return tables(lines).find((table) => table.header === '[[kv_namespaces]]' && readKey(lines, table, 'binding')?.value === binding) ?? null;
}

/** The `id` of the `[[kv_namespaces]]` entry with this binding, or null. */
export function readKvNamespaceId(toml, binding) {
  const lines = toml.split('\n');
  const table = kvTable(lines, binding);
  return table ? (readKey(lines, table, 'id')?.value ?? null) : null;
}

/** Sets the `id` of the `[[kv_namespaces]]` entry with this binding; throws if there is no such entry. */
export function setKvNamespaceId(toml, binding, id) {
  const lines = toml.split('\n');
  const table = kvTable(lines, binding);
  if (!table) throw new Error(`wrangler.toml has no [[kv_namespaces]] entry with binding = "${binding}"`);
  const current = readKey(lines, table, 'id');
  if (current) lines[current.index] = `${current.prefix}${JSON.stringify(id)}${current.rest}`;
  else lines.splice(table.start + 2, 0, `id = ${JSON.stringify(id)}`);
  return lines.join('\n');
}

/** A `[vars]` value, or null. */
export function readVar(toml, name) {
  const lines = toml.split('\n');
  const vars = tables(lines).find((table) => table.header === '[vars]');
  return vars ? (readKey(lines, vars, name)?.value ?? null) : null;
}

/** Sets a `[vars]` value in place (a new one goes at the end of the table, a missing table at the end of the file). */
export function setVar(toml, name, value) {
  const lines = toml.split('\n');
  const vars = tables(lines).find((table) => table.header === '[vars]');
  if (!vars) return `${toml.trimEnd()}\n\n[vars]\n${name} = ${JSON.stringify(value)}\n`;
  const current = readKey(lines, vars, name);
  if (current) lines[current.index] = `${current.prefix}${JSON.stringify(value)}${current.rest}`;
  else {
    // Blank lines and comments at the end of the table introduce the next one: the new value goes above them.
    let last = vars.end;
    while (last > vars.start + 1 && /^\s*(#.*)?$/.test(lines[last - 1])) last--;
    lines.splice(last, 0, `${name} = ${JSON.stringify(value)}`);
  }
  return lines.join('\n');
}
