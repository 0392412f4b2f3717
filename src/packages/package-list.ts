import { parseRepoSlug, repoSlug } from '../repos';

/**
 * PACKAGES: which packages belong to which repository, for their daily downloads. Entries are separated by `;` or
 * new lines, each `owner/repo=registry:name[,registry:name…]`, e.g.
 * `acme/rocket=npm:rocket,pypi:rocket; acme/cli=crates:rocket-cli`. Pure.
 */

export type Registry = 'npm' | 'pypi' | 'crates';

/** One package: its registry and name, and `key`, how it is stored and shown (`npm:rocket`). */
export interface PackageRef {
  registry: Registry;
  name: string;
  key: string;
}

/** At most this many packages per repository: each is one request of its refresh, once a day. */
export const MAX_PACKAGES_PER_REPO = 3;

// Each registry's own naming rules: npm's (lower case, an optional @scope/, at most 214 characters), PyPI's
// (PEP 508: letters, digits, `._-`, starting and ending with a letter or digit) and crates.io's (ASCII letters,
// digits, `_-`, starting with a letter, at most 64).
const NAME_RULES: Record<Registry, { pattern: RegExp; max: number; example: string }> = {
  npm: { pattern: /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, max: 214, example: 'npm:rocket or npm:@acme/rocket' },
  pypi: { pattern: /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, max: 100, example: 'pypi:rocket' },
  crates: { pattern: /^[A-Za-z][A-Za-z0-9_-]*$/, max: 64, example: 'crates:rocket' },
};

export interface PackageList {
  /** Packages by repository (`owner/repo`, lower case). */
  byRepo: Map<string, PackageRef[]>;
  errors: string[];
}

export function parsePackageList(source: string): PackageList {
  const byRepo = new Map<string, PackageRef[]>();
  const errors: string[] = [];
  for (const entry of source.split(/[;\n]/).map((part) => part.trim())) {
    if (entry === '') continue;
    const [repoPart = '', packagesPart, ...more] = entry.split('=');
    const ref = parseRepoSlug(repoPart.trim());
    if (!ref || packagesPart === undefined || more.length > 0) {
      errors.push(`"${entry.slice(0, 120)}" is not owner/repo=registry:name (e.g. acme/rocket=npm:rocket,pypi:rocket)`);
      continue;
    }
    const slug = repoSlug(ref);
    const packages = byRepo.get(slug) ?? [];
    for (const item of packagesPart.split(',').map((part) => part.trim())) {
      const parsed = parsePackage(item);
      if (typeof parsed === 'string') errors.push(`${slug}: ${parsed}`);
      else if (packages.some((known) => known.key === parsed.key)) continue;
      else if (packages.length >= MAX_PACKAGES_PER_REPO) errors.push(`${slug}: at most ${MAX_PACKAGES_PER_REPO} packages a repository`);
      else packages.push(parsed);
    }
    if (packages.length > 0) byRepo.set(slug, packages);
  }
  return { byRepo, errors };
}

/** One `registry:name`, checked by its registry's naming rules: the package, or what is wrong with it. */
export function parsePackage(item: string): PackageRef | string {
  const colon = item.indexOf(':');
  const registry = item.slice(0, colon).toLowerCase();
  const name = item.slice(colon + 1);
  if (colon < 0 || !(registry in NAME_RULES)) return `"${item.slice(0, 120)}" needs a registry: npm:name, pypi:name or crates:name`;
  const rule = NAME_RULES[registry as Registry];
  if (name.length > rule.max || !rule.pattern.test(name))
    return `"${item.slice(0, 120)}" is not a ${registry} package name (e.g. ${rule.example})`;
  // PyPI and crates.io names are case-insensitive: one spelling, so one key.
  const key = `${registry}:${registry === 'npm' ? name : name.toLowerCase()}`;
  return { registry: registry as Registry, name, key };
}
