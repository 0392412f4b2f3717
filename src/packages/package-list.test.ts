import { describe, expect, it } from 'vitest';
import { parsePackageList } from './package-list';

describe('parsePackageList', () => {
  it('reads repositories and their packages, by `;` or new line', () => {
    const list = parsePackageList('acme/Rocket=npm:rocket, pypi:Rocket-Py;\n acme/cli = crates:rocket_cli,npm:@acme/cli');
    expect(list.errors).toEqual([]);
    expect(Object.fromEntries(list.byRepo)).toEqual({
      'acme/rocket': [
        { registry: 'npm', name: 'rocket', key: 'npm:rocket' },
        { registry: 'pypi', name: 'Rocket-Py', key: 'pypi:rocket-py' },
      ],
      'acme/cli': [
        { registry: 'crates', name: 'rocket_cli', key: 'crates:rocket_cli' },
        { registry: 'npm', name: '@acme/cli', key: 'npm:@acme/cli' },
      ],
    });
  });

  it.each([
    ['acme/rocket', 'is not owner/repo=registry:name'],
    ['not a repo=npm:x', 'is not owner/repo=registry:name'],
    ['acme/rocket=rocket', 'needs a registry'],
    ['acme/rocket=maven:rocket', 'needs a registry'],
    ['acme/rocket=npm:Rocket', 'is not a npm package name'],
    ['acme/rocket=npm:../../etc', 'is not a npm package name'],
    ['acme/rocket=pypi:-rocket', 'is not a pypi package name'],
    ['acme/rocket=crates:9lives', 'is not a crates package name'],
    [`acme/rocket=crates:${'a'.repeat(65)}`, 'is not a crates package name'],
    ['acme/rocket=npm:a,npm:b,npm:c,npm:d', 'at most 3 packages a repository'],
  ])('%s: says what is wrong', (source, error) => {
    expect(parsePackageList(source).errors.join(' ')).toContain(error);
  });

  it('keeps the good packages of an entry with a bad one', () => {
    const list = parsePackageList('acme/rocket=npm:rocket,npm:BAD');
    expect(list.byRepo.get('acme/rocket')?.map((ref) => ref.key)).toEqual(['npm:rocket']);
    expect(list.errors).toHaveLength(1);
  });
});
