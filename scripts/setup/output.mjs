// What `npm run setup` prints, and the one kind of error it explains instead of showing a stack trace.
export class SetupError extends Error {}

export const step = (text) => console.log(`\n▸ ${text}`);
export const done = (text) => console.log(`  ✓ ${text}`);
export const note = (text) => console.log(`  · ${text}`);
export const indent = (text) =>
  text
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
