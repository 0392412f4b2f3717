import type { TestProject } from 'vitest/node';
import { GitHubStandIn } from './stand-in';

/** Starts the GitHub stand-in on 127.0.0.1 for the whole run; tests and the Worker get its URL. */
export default async function setup(project: TestProject) {
  const standIn = new GitHubStandIn();
  project.provide('githubApiUrl', await standIn.start());
  return () => standIn.stop();
}
