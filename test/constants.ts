// Shared by vitest.config.ts (Node) and the tests (workerd): plain values, no imports.

/** The repositories the tests track (REPOS): single repositories, whole owners, and a profile README. */
export const TEST_REPOS =
  'acme/rocket, acme/docs-site, whole-org/*, octo-cat/octo-cat, collector-days/*, collector-faults/*, collector-list/*, report-co/*';

/** The token the GitHub stand-in accepts. */
export const TEST_GITHUB_TOKEN = 'ghp_standInToken0123456789';

/** The REPORT_TOKEN secret in tests. */
export const TEST_REPORT_TOKEN = 'report-secret-7f3a9c';
